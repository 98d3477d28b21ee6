using System.Security.Cryptography;

namespace SmartParking.Infrastructure.Payments.Sandbox;

/// <summary>
/// The sandbox's key pairs, made at first use and kept in the app's data folder (never in the repository): our merchant
/// keys for both providers, and the "provider" keys the sandbox signs its answers and callbacks with.
/// </summary>
public sealed class PaymentSandboxKeys
{
    public const string WeChatMchId = "1900000109";
    public const string WeChatAppId = "wx8888888888888888";
    public const string WeChatMerchantSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    public const string WeChatPublicKeyId = "PUB_KEY_ID_0119000001092026120700000000000001";
    public const string AlipayAppId = "2021000000000001";
    public const string AlipaySellerId = "2088000000000001";

    private readonly string _folder;
    private readonly Lazy<(string WeChatMerchant, string WeChatPlatform, string ApiV3Key, string AlipayApp, string Alipay)> _pems;

    public PaymentSandboxKeys(string dataPath)
    {
        _folder = Path.Combine(dataPath, "payment-sandbox");
        _pems = new Lazy<(string, string, string, string, string)>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string WeChatMerchantKeyPem => _pems.Value.WeChatMerchant;

    public string WeChatPlatformKeyPem => _pems.Value.WeChatPlatform;

    public string ApiV3Key => _pems.Value.ApiV3Key;

    public string AlipayAppKeyPem => _pems.Value.AlipayApp;

    public string AlipayKeyPem => _pems.Value.Alipay;

    public static string PublicPem(string privatePem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privatePem);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    private (string, string, string, string, string) Load()
    {
        Directory.CreateDirectory(_folder);
        return (Key("wechat-merchant.pem"), Key("wechat-platform.pem"), Secret("wechat-apiv3.key"), Key("alipay-app.pem"), Key("alipay.pem"));
    }

    private string Key(string name) => ReadOrCreate(name, () =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    private string Secret(string name) => ReadOrCreate(name, () => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32));

    private string ReadOrCreate(string name, Func<string> create)
    {
        var path = Path.Combine(_folder, name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        var content = create();
        var temporary = path + "." + Guid.NewGuid().ToString("N");
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Two instances starting together on one data folder keep whichever key was written first.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return File.ReadAllText(path);
    }
}
