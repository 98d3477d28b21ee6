using System.Security.Cryptography;

namespace SmartParking.Infrastructure.Payments;

/// <summary>The app's private key (signs our requests) and the Alipay public key (verifies answers and notifies).</summary>
public sealed class AlipayKeys(RSA appPrivateKey, RSA alipayPublicKey) : IDisposable
{
    public RSA AppPrivateKey { get; } = appPrivateKey;

    public RSA AlipayPublicKey { get; } = alipayPublicKey;

    public static AlipayKeys Load(AlipaySettings settings) => new(
        PaymentProviderKeys.PrivateKey(settings.PrivateKeyPath, settings.PrivateKey, $"{AlipaySettings.Section}:PrivateKey"),
        PaymentProviderKeys.PublicKey(settings.AlipayPublicKeyPath, settings.AlipayPublicKey, $"{AlipaySettings.Section}:AlipayPublicKey"));

    public void Dispose()
    {
        AppPrivateKey.Dispose();
        AlipayPublicKey.Dispose();
    }
}
