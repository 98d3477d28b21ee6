using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// The keys of one WeChat Pay merchant: ours to sign, and WeChat Pay's to verify — platform certificates by serial
/// number and the WeChat Pay public key by its id, side by side, because merchants move from the one to the other and
/// WeChat signs with either during the switch.
/// </summary>
public sealed class WeChatPayKeys : IDisposable
{
    private readonly Dictionary<string, (RSA Key, DateTime? NotAfterUtc)> _verifiers;

    public WeChatPayKeys(RSA merchantKey, string merchantSerialNo, byte[] apiV3Key, IEnumerable<(string Serial, RSA Key, DateTime? NotAfterUtc)> verifiers)
    {
        if (apiV3Key.Length != 32)
        {
            throw new ArgumentException("The APIv3 key must be 32 bytes.", nameof(apiV3Key));
        }

        MerchantKey = merchantKey;
        MerchantSerialNo = merchantSerialNo;
        ApiV3Key = apiV3Key;
        _verifiers = verifiers.ToDictionary(v => v.Serial, v => (v.Key, v.NotAfterUtc), StringComparer.OrdinalIgnoreCase);
    }

    public RSA MerchantKey { get; }

    public string MerchantSerialNo { get; }

    /// <summary>AEAD_AES_256_GCM key of callback resources.</summary>
    public byte[] ApiV3Key { get; }

    public IEnumerable<string> VerifierSerials => _verifiers.Keys;

    /// <summary>The key WeChat Pay names by <c>Wechatpay-Serial</c>, unless unknown or its certificate has expired.</summary>
    public RSA? VerifierFor(string serial, DateTime nowUtc) =>
        _verifiers.TryGetValue(serial, out var verifier) && (verifier.NotAfterUtc is null || verifier.NotAfterUtc > nowUtc) ? verifier.Key : null;

    public static WeChatPayKeys Load(WeChatPaySettings settings)
    {
        var merchant = PaymentProviderKeys.PrivateKey(settings.PrivateKeyPath, settings.PrivateKey, $"{WeChatPaySettings.Section}:PrivateKey");
        var verifiers = new List<(string, RSA, DateTime?)>();
        foreach (var path in settings.PlatformCertificatePaths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var text = File.ReadAllText(path);
            using var certificate = text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificateFromFile(path);
            var key = certificate.GetRSAPublicKey() ?? throw new InvalidOperationException($"{WeChatPaySettings.Section}: {path} holds no RSA key");
            verifiers.Add((certificate.SerialNumber, key, certificate.NotAfter.ToUniversalTime()));
        }

        if (!string.IsNullOrWhiteSpace(settings.PublicKeyId))
        {
            verifiers.Add((settings.PublicKeyId, PaymentProviderKeys.PublicKey(settings.PublicKeyPath, settings.PublicKey, $"{WeChatPaySettings.Section}:PublicKeyPath"), null));
        }

        return new WeChatPayKeys(merchant, settings.MerchantSerialNo, Encoding.UTF8.GetBytes(settings.ApiV3Key), verifiers);
    }

    public void Dispose()
    {
        MerchantKey.Dispose();
        foreach (var (key, _) in _verifiers.Values)
        {
            key.Dispose();
        }
    }
}
