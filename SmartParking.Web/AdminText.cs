namespace SmartParking.Web;

/// <summary>Anchor type for the admin console's UI text in Resources/AdminText*.resx (zh-CN neutral, English satellite).</summary>
public sealed class AdminText;
