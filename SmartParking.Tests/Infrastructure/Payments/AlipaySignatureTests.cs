using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Tests.Infrastructure.Payments;

public class AlipaySignatureTests
{
    [Fact]
    public void Content_IsSortedByName_JoinedRaw_WithoutEmptyValuesOrTheSign()
    {
        var content = AlipaySignature.RequestContent(new Dictionary<string, string?>
        {
            ["timestamp"] = "2026-12-07 09:30:00",
            ["app_id"] = "2021009999999999",
            ["biz_content"] = """{"out_trade_no":"P1","total_amount":"5.00","subject":"停车费 a&b=c"}""",
            ["notify_url"] = "",
            ["return_url"] = null,
            ["sign"] = "old",
            ["sign_type"] = "RSA2",
            ["method"] = "alipay.trade.precreate",
        });

        Assert.Equal("""app_id=2021009999999999&biz_content={"out_trade_no":"P1","total_amount":"5.00","subject":"停车费 a&b=c"}&method=alipay.trade.precreate&sign_type=RSA2&timestamp=2026-12-07 09:30:00""", content);
        Assert.DoesNotContain("sign_type", AlipaySignature.NotifyContent(new Dictionary<string, string?> { ["a"] = "1", ["sign_type"] = "RSA2" }));
    }

    [Fact]
    public void Sign_VerifiesWithThePublicKey_AndNotWithAnother_OrAfterAnyChange()
    {
        var signature = AlipaySignature.Sign(PaymentTestKeys.AlipayApp, "a=1&b=2");

        Assert.True(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.AlipayApp), "a=1&b=2", signature));
        Assert.False(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.AlipayApp), "a=1&b=3", signature));
        Assert.False(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.Alipay), "a=1&b=2", signature));
        Assert.False(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.AlipayApp), "a=1&b=2", "not base64!"));
        Assert.False(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.AlipayApp), "a=1&b=2", null));
    }

    [Fact]
    public void Notify_ArrivingUrlEncoded_IsVerifiedOverItsDecodedValues_AndBecomesANotice()
    {
        var fields = PaymentTestKeys.AlipayNotify("P20261207B2", "5.00");
        // As the form arrives on the wire: every value percent-encoded (the subject, the JSON list, the times' spaces).
        var wire = string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value ?? "")}"));
        var decoded = QueryHelpers.ParseQuery(wire).ToDictionary(f => f.Key, f => (string?)f.Value.ToString());

        var reading = new AlipayNotifyReader(PaymentTestKeys.AlipayKeys()).Read(decoded);

        Assert.Equal(NotifyRefusal.None, reading.Refusal);
        Assert.Equal(new PaymentNotice(PaymentChannel.Alipay, "P20261207B2", "2026120722001433331400000001", 5.00m, true,
            PaymentTestKeys.AlipaySellerId, PaymentTestKeys.AlipayAppId, new DateTime(2026, 12, 7, 1, 30, 15, DateTimeKind.Utc)), reading.Payment);

        // Verifying the still-encoded values is the other classic mistake: it must fail.
        var undecoded = wire.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
        undecoded["sign"] = fields["sign"];
        Assert.Equal(NotifyRefusal.Signature, new AlipayNotifyReader(PaymentTestKeys.AlipayKeys()).Read(undecoded).Refusal);
    }

    [Fact]
    public void Notify_Tampered_Unsigned_OrSignedByAnotherKey_IsRefused()
    {
        var reader = new AlipayNotifyReader(PaymentTestKeys.AlipayKeys());
        var tampered = PaymentTestKeys.AlipayNotify("P1", "5.00");
        tampered["total_amount"] = "0.01";
        var unsigned = PaymentTestKeys.AlipayNotify("P1", "5.00");
        unsigned.Remove("sign");
        using var stranger = RSA.Create(2048);

        Assert.Equal(NotifyRefusal.Signature, reader.Read(tampered).Refusal);
        Assert.Equal(NotifyRefusal.Signature, reader.Read(unsigned).Refusal);
        Assert.Equal(NotifyRefusal.Signature, reader.Read(PaymentTestKeys.AlipayNotify("P1", "5.00", signer: stranger)).Refusal);
        // The signer's own app key is not Alipay's: a merchant cannot forge Alipay's notify with it.
        Assert.Equal(NotifyRefusal.Signature, reader.Read(PaymentTestKeys.AlipayNotify("P1", "5.00", signer: PaymentTestKeys.AlipayApp)).Refusal);
    }

    [Fact]
    public void Notify_ThatIsNotYetPaid_IsANoticeWithPaidFalse()
    {
        var reading = new AlipayNotifyReader(PaymentTestKeys.AlipayKeys()).Read(PaymentTestKeys.AlipayNotify("P1", "5.00", status: "WAIT_BUYER_PAY"));

        Assert.False(reading.Payment!.Paid);
    }

    [Fact]
    public void ResponseNode_IsTakenRawFromTheBody_AndARewrittenNodeNoLongerVerifies()
    {
        // Alipay escapes '/' and writes Chinese as is; the signature covers exactly those characters.
        var node = """{"code":"10000","msg":"Success","out_trade_no":"P1","qr_code":"https:\/\/qr.alipay.com\/bax08431","subject":"停车费"}""";
        var sign = AlipaySignature.Sign(PaymentTestKeys.Alipay, node);
        var body = Encoding.UTF8.GetBytes($$"""{"alipay_trade_precreate_response":{{node}},"sign":"{{sign}}"}""");

        var found = AlipaySignature.ResponseNode(body, "alipay_trade_precreate_response")!.Value;

        Assert.Equal(node, found.Node);
        Assert.Equal(sign, found.Sign);
        Assert.True(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.Alipay), found.Node, found.Sign));
        Assert.False(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.Alipay), JsonNode.Parse(found.Node)!.ToJsonString(), found.Sign));

        var signFirst = Encoding.UTF8.GetBytes($$"""{"sign":"{{sign}}","error_response":{"code":"40002"},"alipay_trade_precreate_response":{{node}}}""");
        Assert.Equal((node, "alipay_trade_precreate_response", sign), AlipaySignature.ResponseNode(signFirst, "alipay_trade_precreate_response"));
        Assert.Null(AlipaySignature.ResponseNode("<html>502</html>"u8, "alipay_trade_precreate_response"));
    }
}
