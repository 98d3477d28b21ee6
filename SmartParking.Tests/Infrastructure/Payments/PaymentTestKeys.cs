using System.Security.Cryptography;
using System.Text;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Tests.Infrastructure.Payments;

/// <summary>RSA 2048 keys made for this test run (never a key from a document), and callbacks signed with them.</summary>
public static class PaymentTestKeys
{
    public const string PublicKeyId = "PUB_KEY_ID_0114232134912410000000000000000000";
    public const string MchId = "1230000109";
    public const string AppId = "wxd678efh567hg6787";
    public const string AlipayAppId = "2021009999999999";
    public const string AlipaySellerId = "2088101122136241";

    private static readonly Lazy<RSA> MerchantLazy = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> PlatformLazy = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> AlipayAppLazy = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> AlipayLazy = new(() => RSA.Create(2048));

    public static readonly string ApiV3Key = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32);

    public static RSA Merchant => MerchantLazy.Value;

    /// <summary>Stands for WeChat Pay's key (the "WeChat Pay public key" mode).</summary>
    public static RSA Platform => PlatformLazy.Value;

    public static RSA AlipayApp => AlipayAppLazy.Value;

    /// <summary>Stands for Alipay's own key.</summary>
    public static RSA Alipay => AlipayLazy.Value;

    public static WeChatPayKeys WeChatKeys() => new(
        Clone(Merchant), "MERCHANTSERIAL01", Encoding.UTF8.GetBytes(ApiV3Key), [(PublicKeyId, PublicOnly(Platform), null)]);

    public static AlipayKeys AlipayKeys() => new(Clone(AlipayApp), PublicOnly(Alipay));

    public static RSA PublicOnly(RSA key)
    {
        var copy = RSA.Create();
        copy.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return copy;
    }

    private static RSA Clone(RSA key)
    {
        var copy = RSA.Create();
        copy.ImportPkcs8PrivateKey(key.ExportPkcs8PrivateKey(), out _);
        return copy;
    }

    public static string Transaction(string outTradeNo, long fen, string state = "SUCCESS", string mchId = MchId, string appId = AppId) =>
        "{\"mchid\":\"" + mchId + "\",\"appid\":\"" + appId + "\",\"out_trade_no\":\"" + outTradeNo + "\",\"transaction_id\":\"4200000000" + (outTradeNo.GetHashCode() & 0xffffff)
            + "\",\"trade_type\":\"NATIVE\",\"trade_state\":\"" + state + "\",\"trade_state_desc\":\"支付成功\",\"bank_type\":\"OTHERS\",\"attach\":\"\",\"success_time\":\"2026-12-07T09:30:15+08:00\","
            + "\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"},\"amount\":{\"total\":" + fen + ",\"payer_total\":" + fen + ",\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}";

    /// <summary>A WeChat Pay v3 callback as WeChat sends it: the envelope with the encrypted resource, and its four signature headers.</summary>
    public static (Dictionary<string, string> Headers, byte[] Body) WeChatCallback(
        string resource, DateTimeOffset at, string eventType = "TRANSACTION.SUCCESS", RSA? signer = null, string serial = PublicKeyId, string? apiV3Key = null)
    {
        var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
        var ciphertext = WeChatPayNotifyReader.Encrypt(Encoding.UTF8.GetBytes(apiV3Key ?? ApiV3Key), nonce, "transaction", Encoding.UTF8.GetBytes(resource));
        var body = Encoding.UTF8.GetBytes(
            "{\"id\":\"EV-2018022511223320873\",\"create_time\":\"2026-12-07T09:30:16+08:00\",\"resource_type\":\"encrypt-resource\",\"event_type\":\"" + eventType
            + "\",\"summary\":\"支付成功\",\"resource\":{\"original_type\":\"transaction\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"" + ciphertext
            + "\",\"associated_data\":\"transaction\",\"nonce\":\"" + nonce + "\"}}");
        var timestamp = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var headerNonce = WeChatPaySignature.Nonce();
        return (new Dictionary<string, string>
        {
            [WeChatPaySignature.SerialHeader] = serial,
            [WeChatPaySignature.TimestampHeader] = timestamp,
            [WeChatPaySignature.NonceHeader] = headerNonce,
            [WeChatPaySignature.SignatureHeader] = WeChatPaySignature.SignAnswer(signer ?? Platform, timestamp, headerNonce, body),
        }, body);
    }

    /// <summary>An Alipay async notify's fields, signed as Alipay signs them (sign_type left out of the signed text).</summary>
    public static Dictionary<string, string?> AlipayNotify(string outTradeNo, string amount, string status = "TRADE_SUCCESS", RSA? signer = null,
        string appId = AlipayAppId, string sellerId = AlipaySellerId)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["gmt_create"] = "2026-12-07 09:30:10",
            ["charset"] = "utf-8",
            ["seller_email"] = "parking@example.com",
            ["subject"] = "停车费 京A·12345",
            ["buyer_id"] = "2088102122524333",
            ["invoice_amount"] = amount,
            ["notify_id"] = "2026120700222093015044331410000000",
            ["fund_bill_list"] = """[{"amount":"5.00","fundChannel":"ALIPAYACCOUNT"}]""",
            ["notify_type"] = "trade_status_sync",
            ["trade_status"] = status,
            ["receipt_amount"] = amount,
            ["app_id"] = appId,
            ["buyer_pay_amount"] = amount,
            ["gmt_payment"] = "2026-12-07 09:30:15",
            ["notify_time"] = "2026-12-07 09:30:16",
            ["version"] = "1.0",
            ["out_trade_no"] = outTradeNo,
            ["total_amount"] = amount,
            ["trade_no"] = "2026120722001433331400000001",
            ["auth_app_id"] = appId,
            ["buyer_logon_id"] = "159****5620",
            ["point_amount"] = "0.00",
            ["seller_id"] = sellerId,
            ["body"] = "",
        };
        fields["sign"] = AlipaySignature.Sign(signer ?? Alipay, AlipaySignature.NotifyContent(fields));
        fields["sign_type"] = "RSA2";
        return fields;
    }
}
