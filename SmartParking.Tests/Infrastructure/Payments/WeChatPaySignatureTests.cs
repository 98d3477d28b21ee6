using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Payments;

public class WeChatPaySignatureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Request_SignedWithMerchantKey_VerifiesWithItsPublicKey_AndHeaderCarriesEveryField()
    {
        var body = """{"appid":"wxd678efh567hg6787","mchid":"1230000109","description":"停车费","out_trade_no":"P1","amount":{"total":500,"currency":"CNY"}}""";
        var message = WeChatPaySignature.RequestMessage("POST", "/v3/pay/transactions/native", 1733535000, "NONCE123", body);
        Assert.Equal("POST\n/v3/pay/transactions/native\n1733535000\nNONCE123\n" + body + "\n", message);

        var signature = WeChatPaySignature.Sign(PaymentTestKeys.Merchant, message);
        var header = WeChatPaySignature.Authorization("1230000109", "NONCE123", 1733535000, "SERIAL1", signature);
        var fields = WeChatPaySignature.ParseAuthorization(header)!;

        Assert.StartsWith("WECHATPAY2-SHA256-RSA2048 mchid=\"1230000109\",nonce_str=\"NONCE123\",signature=\"", header);
        Assert.Equal(["mchid", "nonce_str", "serial_no", "signature", "timestamp"], fields.Keys.Order());
        Assert.Equal("SERIAL1", fields["serial_no"]);
        Assert.True(PaymentTestKeys.Merchant.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(fields["signature"]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(PaymentTestKeys.Merchant.VerifyData(Encoding.UTF8.GetBytes(message.Replace("500", "1")), Convert.FromBase64String(fields["signature"]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Answer_VerifiesOverItsRawBody_ButNotOnceAJsonLibraryWroteItAgain()
    {
        var (headers, body) = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now);
        var verifier = new WeChatPayVerifier(PaymentTestKeys.WeChatKeys(), new FakeClock(Now));

        Assert.Null(Refusal(verifier, headers, body));

        // The classic bug: parse the body, then verify what the JSON library writes back (escapes and spacing differ).
        var rewritten = Encoding.UTF8.GetBytes(JsonNode.Parse(body)!.ToJsonString());
        Assert.NotEqual(body, rewritten);
        Assert.Equal("Wechatpay-Signature does not verify", Refusal(verifier, headers, rewritten));
    }

    [Fact]
    public void Answer_WithTamperedBody_UnknownSerial_OrStaleTimestamp_IsRefused()
    {
        var (headers, body) = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now);
        var clock = new FakeClock(Now);
        var verifier = new WeChatPayVerifier(PaymentTestKeys.WeChatKeys(), clock);

        var tampered = (byte[])body.Clone();
        tampered[^3] ^= 1;
        Assert.Equal("Wechatpay-Signature does not verify", Refusal(verifier, headers, tampered));
        Assert.StartsWith("no platform certificate or public key with serial", Refusal(verifier, With(headers, WeChatPaySignature.SerialHeader, "PUB_KEY_ID_OTHER"), body));
        Assert.StartsWith("missing", Refusal(verifier, headers.Where(h => h.Key != WeChatPaySignature.SignatureHeader).ToDictionary(), body));

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(Refusal(verifier, headers, body));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Wechatpay-Timestamp is more than 5 minutes away (replay)", Refusal(verifier, headers, body));
    }

    [Fact]
    public void Answer_SignedByAnotherKeyUnderTheRightSerial_IsRefused()
    {
        using var stranger = RSA.Create(2048);
        var (headers, body) = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now, signer: stranger);

        Assert.Equal("Wechatpay-Signature does not verify", Refusal(new WeChatPayVerifier(PaymentTestKeys.WeChatKeys(), new FakeClock(Now)), headers, body));
    }

    [Fact]
    public void PlatformCertificate_AndPublicKey_ConfiguredSideBySide_BothVerify_AndAnExpiredCertificateDoesNot()
    {
        using var certificateKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=Tenpay.com Root CA", certificateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(5));
        using var folder = new TempFolder();
        var certificatePath = folder.File("wechatpay_platform.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        var publicKeyPath = folder.File("pub_key.pem");
        File.WriteAllText(publicKeyPath, PaymentTestKeys.Platform.ExportSubjectPublicKeyInfoPem());
        var settings = new WeChatPaySettings
        {
            MchId = PaymentTestKeys.MchId, AppId = PaymentTestKeys.AppId, MerchantSerialNo = "MERCHANTSERIAL01", ApiV3Key = PaymentTestKeys.ApiV3Key,
            PrivateKey = PaymentTestKeys.Merchant.ExportPkcs8PrivateKeyPem(), PlatformCertificatePaths = [certificatePath],
            PublicKeyId = PaymentTestKeys.PublicKeyId, PublicKeyPath = publicKeyPath,
        };
        using var keys = WeChatPayKeys.Load(settings);
        var clock = new FakeClock(Now);
        var verifier = new WeChatPayVerifier(keys, clock);

        var byCertificate = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now, signer: certificateKey, serial: certificate.SerialNumber);
        var byPublicKey = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now);
        var crossed = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now, signer: certificateKey);

        Assert.Null(Refusal(verifier, byCertificate.Headers, byCertificate.Body));
        Assert.Null(Refusal(verifier, With(byCertificate.Headers, WeChatPaySignature.SerialHeader, certificate.SerialNumber.ToLowerInvariant()), byCertificate.Body));
        Assert.Null(Refusal(verifier, byPublicKey.Headers, byPublicKey.Body));
        Assert.Equal("Wechatpay-Signature does not verify", Refusal(verifier, crossed.Headers, crossed.Body));

        clock.Set(Now.AddYears(6));
        var late = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("P1", 500), Now.AddYears(6), signer: certificateKey, serial: certificate.SerialNumber);
        Assert.StartsWith("no platform certificate", Refusal(verifier, late.Headers, late.Body));
    }

    [Fact]
    public void Settings_WithoutKeysOrWithAShortApiV3Key_NameTheSetting_NeverTheSecret()
    {
        var settings = new WeChatPaySettings { MchId = "1230000109", ApiV3Key = "short-secret-value" };

        var problems = settings.Problems().ToList();

        Assert.Contains(problems, p => p.Contains("ApiV3Key must be 32 characters"));
        Assert.Contains(problems, p => p.Contains("PrivateKeyPath"));
        Assert.Contains(problems, p => p.Contains("PublicKeyId"));
        Assert.DoesNotContain(problems, p => p.Contains("short-secret-value"));
    }

    private static string? Refusal(WeChatPayVerifier verifier, IReadOnlyDictionary<string, string> headers, byte[] body) =>
        verifier.Refusal(Get(headers, WeChatPaySignature.SerialHeader), Get(headers, WeChatPaySignature.SignatureHeader),
            Get(headers, WeChatPaySignature.TimestampHeader), Get(headers, WeChatPaySignature.NonceHeader), body);

    private static string? Get(IReadOnlyDictionary<string, string> headers, string name) => headers.TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> headers, string name, string value) =>
        new(headers) { [name] = value };
}
