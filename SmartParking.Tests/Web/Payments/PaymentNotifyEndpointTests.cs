using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Infrastructure.Payments;
using SmartParking.Tests.Support;
using SmartParking.Web.Payments;

namespace SmartParking.Tests.Web.Payments;

/// <summary>The app with a WeChat Pay merchant and an Alipay app configured as in production (keys made by the test).</summary>
public sealed class NotifyAppFactory() : ParkingAppFactory(new Dictionary<string, string?>
{
    ["Payments:Sandbox:Enabled"] = "false",
    ["Payments:WeChat:MchId"] = PaymentTestKeys.MchId,
    ["Payments:WeChat:AppId"] = PaymentTestKeys.AppId,
    ["Payments:WeChat:MerchantSerialNo"] = "MERCHANTSERIAL01",
    ["Payments:WeChat:PrivateKey"] = PaymentTestKeys.Merchant.ExportPkcs8PrivateKeyPem(),
    ["Payments:WeChat:ApiV3Key"] = PaymentTestKeys.ApiV3Key,
    ["Payments:WeChat:PublicKeyId"] = PaymentTestKeys.PublicKeyId,
    ["Payments:WeChat:PublicKey"] = PaymentTestKeys.Platform.ExportSubjectPublicKeyInfoPem(),
    ["Payments:Alipay:AppId"] = PaymentTestKeys.AlipayAppId,
    ["Payments:Alipay:SellerId"] = PaymentTestKeys.AlipaySellerId,
    ["Payments:Alipay:PrivateKey"] = PaymentTestKeys.AlipayApp.ExportPkcs8PrivateKeyPem(),
    ["Payments:Alipay:AlipayPublicKey"] = Convert.ToBase64String(PaymentTestKeys.Alipay.ExportSubjectPublicKeyInfo()),
})
{
    public RecordingPaymentNotices Notices { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IPaymentNotices>(Notices));
    }
}

public class PaymentNotifyEndpointTests(NotifyAppFactory app) : IClassFixture<NotifyAppFactory>
{
    [Fact]
    public async Task WeChatCallback_Genuine_IsBookedOnce_AndTheSameCallbackAgainIsStillASuccess()
    {
        app.Notices.Orders["WX-OK-1"] = 5.00m;
        var callback = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("WX-OK-1", 500), DateTimeOffset.UtcNow);

        var first = await PostWeChatAsync(callback);
        var again = await PostWeChatAsync(callback);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var notice = app.Notices.Received.Last(n => n.OutTradeNo == "WX-OK-1");
        Assert.Equal((PaymentChannel.WeChat, 5.00m, PaymentTestKeys.MchId, PaymentTestKeys.AppId, true),
            (notice.Channel, notice.Amount, notice.MerchantId, notice.AppId, notice.Paid));
        Assert.Equal(2, app.Notices.Received.Count(n => n.OutTradeNo == "WX-OK-1"));
    }

    [Fact]
    public async Task WeChatCallback_ForgedStaleOrUnsigned_Answers401Fail_AndTheLedgerIsNeverAsked()
    {
        app.Notices.Orders["WX-FORGED"] = 5.00m;
        using var forger = RSA.Create(2048);
        var forged = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("WX-FORGED", 500), DateTimeOffset.UtcNow, signer: forger);
        var stale = PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("WX-FORGED", 500), DateTimeOffset.UtcNow.AddMinutes(-6));
        var unsigned = (forged.Headers.Where(h => h.Key != WeChatPaySignature.SignatureHeader).ToDictionary(), forged.Body);

        foreach (var callback in new[] { forged, stale, unsigned })
        {
            var response = await PostWeChatAsync(callback);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("FAIL", body.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        }

        Assert.DoesNotContain(app.Notices.Received, n => n.OutTradeNo == "WX-FORGED");
    }

    [Fact]
    public async Task WeChatCallback_ForAnUnknownOrderOrAnotherAmount_AnswersFail_NothingBooked()
    {
        app.Notices.Orders["WX-MISMATCH"] = 5.00m;

        var unknown = await PostWeChatAsync(PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("WX-NOBODY", 500), DateTimeOffset.UtcNow));
        var mismatch = await PostWeChatAsync(PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("WX-MISMATCH", 1), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, mismatch.StatusCode);
        Assert.Equal("FAIL", (await mismatch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, app.Notices.Received.Count(n => n.OutTradeNo == "WX-MISMATCH" && n.Amount == 5.00m));
    }

    [Fact]
    public async Task WeChatCallback_Oversize_Or_NotDecryptable_IsRefused()
    {
        var oversize = new ByteArrayContent(new byte[PaymentNotifyEndpoints.MaxBodyBytes + 1]);
        var tooBig = await app.CreateClient().PostAsync("/api/payments/wechat/notify", oversize);
        var otherKey = await PostWeChatAsync(PaymentTestKeys.WeChatCallback(PaymentTestKeys.Transaction("WX-KEY", 500), DateTimeOffset.UtcNow, apiV3Key: new string('z', 32)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherKey.StatusCode);
        Assert.DoesNotContain(app.Notices.Received, n => n.OutTradeNo == "WX-KEY");
    }

    [Fact]
    public async Task WeChatRefundCallback_IsAnswered_WithoutBookingAPayment()
    {
        var refund = """{"mchid":"1230000109","out_trade_no":"WX-REFUNDED","transaction_id":"4200000001","out_refund_no":"R1","refund_id":"5000","refund_status":"SUCCESS","amount":{"total":500,"refund":500,"payer_total":500,"payer_refund":500}}""";

        var response = await PostWeChatAsync(PaymentTestKeys.WeChatCallback(refund, DateTimeOffset.UtcNow, eventType: "REFUND.SUCCESS"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(app.Notices.Received, n => n.OutTradeNo == "WX-REFUNDED");
    }

    [Fact]
    public async Task AlipayNotify_Genuine_AnswersSuccess_AndAForgedOneAnswersFail_WithoutAsking()
    {
        app.Notices.Orders["ALI-OK-1"] = 5.00m;
        app.Notices.Orders["ALI-FORGED"] = 5.00m;
        using var forger = RSA.Create(2048);

        var genuine = await PostAlipayAsync(PaymentTestKeys.AlipayNotify("ALI-OK-1", "5.00"));
        var again = await PostAlipayAsync(PaymentTestKeys.AlipayNotify("ALI-OK-1", "5.00"));
        var forged = await PostAlipayAsync(PaymentTestKeys.AlipayNotify("ALI-FORGED", "5.00", signer: forger));

        Assert.Equal("success", await genuine.Content.ReadAsStringAsync());
        Assert.Equal("success", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("fail", await forged.Content.ReadAsStringAsync());
        Assert.DoesNotContain(app.Notices.Received, n => n.OutTradeNo == "ALI-FORGED");
        Assert.Equal(PaymentTestKeys.AlipaySellerId, app.Notices.Received.First(n => n.OutTradeNo == "ALI-OK-1").MerchantId);
    }

    [Fact]
    public async Task AlipayNotify_ForAnotherAmount_UnknownOrder_OrAFieldSentTwice_AnswersFail()
    {
        app.Notices.Orders["ALI-MISMATCH"] = 5.00m;
        var twice = string.Join('&', PaymentTestKeys.AlipayNotify("ALI-MISMATCH", "5.00").Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value ?? "")}"))
            + "&total_amount=0.01";

        var mismatch = await PostAlipayAsync(PaymentTestKeys.AlipayNotify("ALI-MISMATCH", "0.01"));
        var unknown = await PostAlipayAsync(PaymentTestKeys.AlipayNotify("ALI-NOBODY", "5.00"));
        var duplicated = await app.CreateClient().PostAsync("/api/payments/alipay/notify",
            new StringContent(twice, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal("fail", await mismatch.Content.ReadAsStringAsync());
        Assert.Equal("fail", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, duplicated.StatusCode);
        Assert.Equal("fail", await duplicated.Content.ReadAsStringAsync());
        Assert.Equal(0, app.Notices.Booked(n => n == "ALI-MISMATCH"));
    }

    private async Task<HttpResponseMessage> PostWeChatAsync((Dictionary<string, string> Headers, byte[] Body) callback)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/wechat/notify") { Content = new ByteArrayContent(callback.Body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in callback.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await app.CreateClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAlipayAsync(Dictionary<string, string?> fields) =>
        app.CreateClient().PostAsync("/api/payments/alipay/notify",
            new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value ?? ""))));
}
