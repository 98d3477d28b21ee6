namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Section <c>Payments:WeChat</c>: a WeChat Pay API v3 merchant. Secrets (the APIv3 key, the private key) come from
/// the environment or a key file, never from appsettings.json or the database.
/// </summary>
public sealed class WeChatPaySettings
{
    public const string Section = "Payments:WeChat";

    public string BaseUrl { get; set; } = "https://api.mch.weixin.qq.com";

    public string MchId { get; set; } = "";

    /// <summary>The official account / mini program / app the payer pays through.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The serial number of the merchant's API certificate (商户API证书序列号).</summary>
    public string MerchantSerialNo { get; set; } = "";

    /// <summary>PEM file of the merchant's API private key (apiclient_key.pem).</summary>
    public string PrivateKeyPath { get; set; } = "";

    /// <summary>The same key as PEM text, for an environment variable instead of a file.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>The APIv3 key (32 characters) that encrypts callback resources.</summary>
    public string ApiV3Key { get; set; } = "";

    /// <summary>Platform certificate files (X.509 PEM); WeChat names the one it signed with by its serial number.</summary>
    public List<string> PlatformCertificatePaths { get; set; } = [];

    /// <summary>The WeChat Pay public key's id (<c>PUB_KEY_ID_…</c>), used beside or instead of platform certificates.</summary>
    public string PublicKeyId { get; set; } = "";

    /// <summary>PEM file of the WeChat Pay public key.</summary>
    public string PublicKeyPath { get; set; } = "";

    /// <summary>The same key as PEM text.</summary>
    public string PublicKey { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Where the sandbox answers, known only once the app listens; null for a real merchant.</summary>
    internal Func<string>? LocateBaseUrl { get; set; }

    internal string CurrentBaseUrl => LocateBaseUrl?.Invoke() ?? BaseUrl;

    /// <summary>Whether the section names a merchant at all; an absent merchant registers no gateway.</summary>
    public bool IsPresent => !string.IsNullOrWhiteSpace(MchId);

    internal IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"{Section}:BaseUrl must be an http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(AppId))
        {
            yield return $"{Section}:AppId is required";
        }

        if (string.IsNullOrWhiteSpace(MerchantSerialNo))
        {
            yield return $"{Section}:MerchantSerialNo is required";
        }

        if (string.IsNullOrWhiteSpace(PrivateKeyPath) && string.IsNullOrWhiteSpace(PrivateKey))
        {
            yield return $"{Section}:PrivateKeyPath (or PrivateKey) is required";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(ApiV3Key) != 32)
        {
            // Never echo the key itself: only that it has the wrong length.
            yield return $"{Section}:ApiV3Key must be 32 characters";
        }

        if (PlatformCertificatePaths.Count == 0 && string.IsNullOrWhiteSpace(PublicKeyId))
        {
            yield return $"{Section}: PlatformCertificatePaths or PublicKeyId with PublicKeyPath is required to verify WeChat Pay's answers";
        }

        if (!string.IsNullOrWhiteSpace(PublicKeyId) && string.IsNullOrWhiteSpace(PublicKeyPath) && string.IsNullOrWhiteSpace(PublicKey))
        {
            yield return $"{Section}:PublicKeyPath (or PublicKey) is required with PublicKeyId";
        }

        if (TimeoutSeconds is < 1 or > 120)
        {
            yield return $"{Section}:TimeoutSeconds must be 1 to 120";
        }
    }
}
