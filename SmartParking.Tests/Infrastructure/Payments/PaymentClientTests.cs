using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Payments;

/// <summary>The clients against a stub provider: what they sign, and that they believe no answer they cannot verify.</summary>
public class PaymentClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task WeChatRequest_IsSignedOverMethodPathQueryAndBody_WithTheMerchantKey()
    {
        var provider = new StubProvider(_ => WeChatAnswer("""{"trade_state":"NOTPAY","out_trade_no":"P 1","amount":{"total":500}}"""));

        var trade = await WeChat(provider).QueryAsync("P 1");

        var request = Assert.Single(provider.Requests);
        Assert.Equal("/v3/pay/transactions/out-trade-no/P%201?mchid=1230000109", request.PathAndQuery);
        var fields = WeChatPaySignature.ParseAuthorization(request.Authorization)!;
        var message = WeChatPaySignature.RequestMessage("GET", request.PathAndQuery, long.Parse(fields["timestamp"]), fields["nonce_str"], "");
        Assert.True(PaymentTestKeys.Merchant.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(fields["signature"]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(("1230000109", "MERCHANTSERIAL01"), (fields["mchid"], fields["serial_no"]));
        Assert.Equal((ProviderTradeState.NotPaid, 5.00m), (trade.State, trade.Amount));
    }

    [Fact]
    public async Task WeChatOrder_SendsFenAndBeijingExpiry_AndReadsTheCodeUrl()
    {
        var provider = new StubProvider(_ => WeChatAnswer("""{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}"""));

        var prompt = await WeChat(provider).CreateOrderAsync(new PaymentOrder("P1", 12.50m, "停车费", new DateTime(2026, 12, 7, 2, 0, 0, DateTimeKind.Utc),
            PayerDevice.Qr, "https://parking.example.com/api/payments/wechat/notify", null, null));

        var body = JsonNode.Parse(provider.Requests[0].Body)!;
        Assert.Equal(1250, (long)body["amount"]!["total"]!);
        Assert.Equal("2026-12-07T10:00:00+08:00", (string)body["time_expire"]!);
        Assert.Equal(PaymentTestKeys.AppId, (string)body["appid"]!);
        Assert.Equal("weixin://wxpay/bizpayurl?pr=p4lpSuKzz", prompt.QrContent);
    }

    [Fact]
    public async Task WeChatAnswer_SignedByAnotherKey_OrReSerialised_OrUnsigned_IsNotBelieved()
    {
        using var stranger = RSA.Create(2048);
        const string paid = """{"trade_state":"SUCCESS", "out_trade_no":"P1","amount":{"total":500}}""";

        var forged = await Assert.ThrowsAsync<PaymentProviderException>(() => WeChat(new StubProvider(_ => WeChatAnswer(paid, stranger))).QueryAsync("P1"));
        var rewritten = await Assert.ThrowsAsync<PaymentProviderException>(() =>
            WeChat(new StubProvider(_ => WeChatAnswer(paid, rewrite: body => JsonNode.Parse(body)!.ToJsonString()))).QueryAsync("P1"));
        var unsigned = await Assert.ThrowsAsync<PaymentProviderException>(() =>
            WeChat(new StubProvider(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(paid) })).QueryAsync("P1"));

        Assert.Contains("did not verify", forged.Message);
        Assert.Contains("did not verify", rewritten.Message);
        Assert.Contains("did not verify", unsigned.Message);
    }

    [Fact]
    public async Task WeChatProvider_Unreachable_IsAProviderException_NotAState()
    {
        var failure = await Assert.ThrowsAsync<PaymentProviderException>(() =>
            WeChat(new StubProvider(_ => throw new HttpRequestException("connection refused"))).QueryAsync("P1"));

        Assert.Contains("could not be reached", failure.Message);
    }

    [Fact]
    public async Task AlipayRequest_IsSignedOverTheSortedParameters_AndAnAnswerWithABadSignIsNotBelieved()
    {
        var node = """{"code":"10000","msg":"Success","trade_status":"TRADE_SUCCESS","total_amount":"5.00","trade_no":"2026"}""";
        var good = new StubProvider(_ => AlipayAnswer("alipay_trade_query_response", node, PaymentTestKeys.Alipay));
        using var stranger = RSA.Create(2048);

        var trade = await Alipay(good).QueryAsync("P1");
        var forged = await Assert.ThrowsAsync<PaymentProviderException>(() =>
            Alipay(new StubProvider(_ => AlipayAnswer("alipay_trade_query_response", node, stranger))).QueryAsync("P1"));
        var unsignedError = await Assert.ThrowsAsync<PaymentProviderException>(() =>
            Alipay(new StubProvider(_ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"error_response":{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-app-id"}}"""),
            })).QueryAsync("P1"));

        Assert.Equal((ProviderTradeState.Paid, 5.00m), (trade.State, trade.Amount));
        Assert.Contains("did not verify", forged.Message);
        Assert.Equal("isv.invalid-app-id", unsignedError.ProviderCode);

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(good.Requests[0].Body).ToDictionary(f => f.Key, f => (string?)f.Value.ToString());
        Assert.Equal(("alipay.trade.query", "RSA2", "utf-8", "JSON", "1.0"), (form["method"], form["sign_type"], form["charset"], form["format"], form["version"]));
        Assert.Equal("2026-12-07 09:30:00", form["timestamp"]);
        Assert.True(AlipaySignature.Verify(PaymentTestKeys.PublicOnly(PaymentTestKeys.AlipayApp), AlipaySignature.RequestContent(form), form["sign"]));
    }

    [Fact]
    public async Task AlipayRefund_ThatMovedNoMoney_IsCheckedWithTheRefundQuery()
    {
        var provider = new StubProvider(request => request.Body.Contains("alipay.trade.refund&") || request.Body.Contains("method=alipay.trade.refund&")
            ? AlipayAnswer("alipay_trade_refund_response", """{"code":"10000","msg":"Success","fund_change":"N","refund_fee":"2.00"}""", PaymentTestKeys.Alipay)
            : AlipayAnswer("alipay_trade_fastpay_refund_query_response",
                """{"code":"10000","msg":"Success","out_request_no":"R1","refund_amount":"2.00","refund_status":"REFUND_SUCCESS"}""", PaymentTestKeys.Alipay));

        var refund = await Alipay(provider).RefundAsync("P1", "R1", 2.00m, 5.00m, "多收");

        Assert.Equal((ProviderRefundState.Succeeded, 2.00m), (refund.State, refund.Amount));
        Assert.Equal(2, provider.Requests.Count);
        Assert.Contains("alipay.trade.fastpay.refund.query", provider.Requests[1].Body);
    }

    private static WeChatPayClient WeChat(StubProvider provider) => new(provider,
        new WeChatPaySettings { MchId = PaymentTestKeys.MchId, AppId = PaymentTestKeys.AppId, BaseUrl = "https://api.mch.weixin.qq.com" },
        PaymentTestKeys.WeChatKeys(), new WeChatPayVerifier(PaymentTestKeys.WeChatKeys(), new FakeClock(Now)), new FakeClock(Now), NullLogger<WeChatPayClient>.Instance);

    private static AlipayClient Alipay(StubProvider provider) => new(provider,
        new AlipaySettings { AppId = PaymentTestKeys.AlipayAppId, SellerId = PaymentTestKeys.AlipaySellerId },
        PaymentTestKeys.AlipayKeys(), new FakeClock(Now), NullLogger<AlipayClient>.Instance);

    private static HttpResponseMessage WeChatAnswer(string json, RSA? signer = null, Func<string, string>? rewrite = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = WeChatPaySignature.Nonce();
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(rewrite is null ? body : Encoding.UTF8.GetBytes(rewrite(json))),
        };
        response.Headers.Add(WeChatPaySignature.SerialHeader, PaymentTestKeys.PublicKeyId);
        response.Headers.Add(WeChatPaySignature.TimestampHeader, timestamp);
        response.Headers.Add(WeChatPaySignature.NonceHeader, nonce);
        response.Headers.Add(WeChatPaySignature.SignatureHeader, WeChatPaySignature.SignAnswer(signer ?? PaymentTestKeys.Platform, timestamp, nonce, body));
        return response;
    }

    private static HttpResponseMessage AlipayAnswer(string nodeName, string node, RSA signer) => new(HttpStatusCode.OK)
    {
        Content = new StringContent($$"""{"{{nodeName}}":{{node}},"sign":"{{AlipaySignature.Sign(signer, node)}}"}""", Encoding.UTF8, "application/json"),
    };

    private sealed record SentRequest(string PathAndQuery, string? Authorization, string Body);

    /// <summary>An HTTP client factory whose every client talks to this in-memory provider.</summary>
    private sealed class StubProvider(Func<SentRequest, HttpResponseMessage> answer) : HttpMessageHandler, IHttpClientFactory
    {
        public List<SentRequest> Requests { get; } = [];

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sent = new SentRequest(request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(),
                request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            Requests.Add(sent);
            return answer(sent);
        }
    }
}
