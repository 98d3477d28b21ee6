namespace SmartParking.Web;

/// <summary>Anchor type for the payment sandbox page's text in Resources/PaymentSandboxText*.resx (zh-CN neutral, English satellite).</summary>
public sealed class PaymentSandboxText;
