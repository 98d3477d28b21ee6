namespace SmartParking.Infrastructure.Payments;

/// <summary>Section <c>Payments:Alipay</c>: an app of the Alipay open platform signing with RSA2 (public-key mode).</summary>
public sealed class AlipaySettings
{
    public const string Section = "Payments:Alipay";

    public string GatewayUrl { get; set; } = "https://openapi.alipay.com/gateway.do";

    public string AppId { get; set; } = "";

    /// <summary>The merchant's partner id (PID, 2088…), which every genuine notify names as seller_id.</summary>
    public string SellerId { get; set; } = "";

    /// <summary>PEM file of the app's private key (PKCS#8 or PKCS#1).</summary>
    public string PrivateKeyPath { get; set; } = "";

    /// <summary>The same key as PEM text or bare base64 (as Alipay's key tool prints it), for an environment variable.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>PEM file of the Alipay public key (支付宝公钥), which signs answers and notifies.</summary>
    public string AlipayPublicKeyPath { get; set; } = "";

    /// <summary>The same key as PEM text or bare base64.</summary>
    public string AlipayPublicKey { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Where the sandbox answers, known only once the app listens; null for a real app.</summary>
    internal Func<string>? LocateGatewayUrl { get; set; }

    internal string CurrentGatewayUrl => LocateGatewayUrl?.Invoke() ?? GatewayUrl;

    public bool IsPresent => !string.IsNullOrWhiteSpace(AppId);

    internal IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(GatewayUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"{Section}:GatewayUrl must be an http(s) URL";
        }

        if (string.IsNullOrWhiteSpace(SellerId))
        {
            yield return $"{Section}:SellerId is required";
        }

        if (string.IsNullOrWhiteSpace(PrivateKeyPath) && string.IsNullOrWhiteSpace(PrivateKey))
        {
            yield return $"{Section}:PrivateKeyPath (or PrivateKey) is required";
        }

        if (string.IsNullOrWhiteSpace(AlipayPublicKeyPath) && string.IsNullOrWhiteSpace(AlipayPublicKey))
        {
            yield return $"{Section}:AlipayPublicKeyPath (or AlipayPublicKey) is required";
        }

        if (TimeoutSeconds is < 1 or > 120)
        {
            yield return $"{Section}:TimeoutSeconds must be 1 to 120";
        }
    }
}
