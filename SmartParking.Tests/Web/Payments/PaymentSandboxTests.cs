using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Tests.Web.Payments;

/// <summary>Our WeChat Pay and Alipay clients against the local sandbox, end to end over HTTP, and the sandbox's own refusals.</summary>
public class PaymentSandboxTests(SandboxAppFactory app) : IClassFixture<SandboxAppFactory>
{
    private const string WeChatNotify = "http://localhost/api/payments/wechat/notify";
    private const string AlipayNotify = "http://localhost/api/payments/alipay/notify";

    [Fact]
    public async Task WeChat_OrderPaidOnTheSandbox_CallsBackVerified_ThenQueryRefundAndBillAgree()
    {
        var gateway = app.Gateway(PaymentChannel.WeChat);
        var no = Number("WX");
        app.Notices.Orders[no] = 5.00m;

        var prompt = await gateway.CreateOrderAsync(Order(no, 5.00m, PayerDevice.Qr, WeChatNotify));
        Assert.Equal($"http://localhost/sandbox/pay/wechat/{no}", prompt.QrContent);
        Assert.Equal(ProviderTradeState.NotPaid, (await gateway.QueryAsync(no)).State);
        var page = await app.CreateClient().GetStringAsync(new Uri(prompt.QrContent!).PathAndQuery);
        Assert.Contains("¥5.00", page);

        var delivery = await app.Callbacks.PayAsync(app.SandboxOrder(PaymentChannel.WeChat, no));

        Assert.Equal((204, true), (delivery!.Status, delivery.Accepted));
        var notice = Assert.Single(app.Notices.Received, n => n.OutTradeNo == no);
        Assert.Equal((PaymentChannel.WeChat, 5.00m, true, gateway.MerchantId, gateway.AppId), (notice.Channel, notice.Amount, notice.Paid, notice.MerchantId, notice.AppId));
        var trade = await gateway.QueryAsync(no);
        Assert.Equal((ProviderTradeState.Paid, 5.00m, notice.ProviderTradeNo), (trade.State, trade.Amount, trade.ProviderTradeNo));

        var first = await gateway.RefundAsync(no, "R" + no, 2.00m, 5.00m, "多收的停车费");
        var second = await gateway.RefundAsync(no, "R" + no, 2.00m, 5.00m, "多收的停车费");
        Assert.Equal((ProviderRefundState.Succeeded, 2.00m), (first.State, first.Amount));
        Assert.Equal(first, second);
        Assert.Single(app.SandboxOrder(PaymentChannel.WeChat, no).Refunds);
        Assert.Equal(first, await gateway.QueryRefundAsync(no, "R" + no));
        Assert.Equal(ProviderRefundState.Failed, (await gateway.QueryRefundAsync(no, "R-NEVER")).State);

        var bill = await gateway.DownloadBillAsync(BeijingToday());
        Assert.Contains(new BillLine(BillLineKind.Payment, no, null, trade.ProviderTradeNo, 5.00m, Seconds(trade.PaidUtc!.Value)), bill);
        Assert.Contains(bill, l => l.Kind == BillLineKind.Refund && l.OutTradeNo == no && l.OutRefundNo == "R" + no && l.Amount == 2.00m);
    }

    [Fact]
    public async Task WeChat_SameCallbackTenTimesAtOnce_IsBookedOnce_AndEveryDeliveryAnswered204()
    {
        var gateway = app.Gateway(PaymentChannel.WeChat);
        var no = Number("WX");
        app.Notices.Orders[no] = 12.50m;
        await gateway.CreateOrderAsync(Order(no, 12.50m, PayerDevice.Phone, WeChatNotify));
        await app.Callbacks.PayAsync(app.SandboxOrder(PaymentChannel.WeChat, no));

        var response = await app.CreateClient().PostAsync($"/sandbox/callbacks/wechat/{no}?times=10&atOnce=true", null);
        var deliveries = await response.Content.ReadFromJsonAsync<JsonElement[]>();

        Assert.Equal(10, deliveries!.Length);
        Assert.All(deliveries, d => Assert.Equal(204, d.GetProperty("status").GetInt32()));
        Assert.Equal(11, app.Notices.Received.Count(n => n.OutTradeNo == no));
        Assert.Equal(1, app.Notices.Booked(n => n == no));
    }

    [Fact]
    public async Task WeChat_H5Link_CarriesOurRedirectUrl_AndThePaidCashierLeadsThePayerBackToIt()
    {
        var gateway = app.Gateway(PaymentChannel.WeChat);
        var no = Number("WX");
        app.Notices.Orders[no] = 6.00m;
        const string back = "http://localhost/pay/yangguang?order=0f8fad5b-d9cb-469f-a165-70867728950e";

        var prompt = await gateway.CreateOrderAsync(Order(no, 6.00m, PayerDevice.Phone, WeChatNotify, returnUrl: back, payerIp: "203.0.113.9"));
        await app.Callbacks.PayAsync(app.SandboxOrder(PaymentChannel.WeChat, no));
        var page = await app.CreateClient().GetStringAsync(new Uri(prompt.PayUrl!).PathAndQuery);

        Assert.Equal($"http://localhost/sandbox/pay/wechat/{no}?redirect_url={Uri.EscapeDataString(back)}", prompt.PayUrl);
        Assert.Contains("data-testid=\"sandbox-paid\"", page);
        Assert.Contains($"href=\"{back}\"", page);
    }

    [Fact]
    public async Task WeChat_ClosedOrder_ReadsClosed_AndCanNoLongerBePaid()
    {
        var gateway = app.Gateway(PaymentChannel.WeChat);
        var no = Number("WX");
        var prompt = await gateway.CreateOrderAsync(Order(no, 5.00m, PayerDevice.Phone, WeChatNotify, payerIp: "203.0.113.9"));

        await gateway.CloseAsync(no);
        await gateway.CloseAsync(no);

        Assert.Equal($"http://localhost/sandbox/pay/wechat/{no}", prompt.PayUrl);
        Assert.Equal(ProviderTradeState.Closed, (await gateway.QueryAsync(no)).State);
        Assert.Null(await app.Callbacks.PayAsync(app.SandboxOrder(PaymentChannel.WeChat, no)));
        Assert.Equal(ProviderTradeState.NotFound, (await gateway.QueryAsync(Number("WX"))).State);
        Assert.DoesNotContain(app.Notices.Received, n => n.OutTradeNo == no);
    }

    [Fact]
    public async Task WeChatSandbox_RefusesARequestNotSignedWithOurMerchantKey()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/wechat/v3/pay/transactions/native")
        {
            Content = new StringContent("""{"appid":"x","mchid":"1900000109"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            WeChatPaySignature.Authorization("1900000109", "NONCE", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", Convert.ToBase64String(new byte[256])));

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGN_ERROR", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Alipay_PrecreatePaidOnTheSandbox_NotifiesVerified_ThenQueryRefundAndBillAgree()
    {
        var gateway = app.Gateway(PaymentChannel.Alipay);
        var no = Number("AL");
        app.Notices.Orders[no] = 50.00m;

        var prompt = await gateway.CreateOrderAsync(Order(no, 50.00m, PayerDevice.Qr, AlipayNotify));
        Assert.Equal($"http://localhost/sandbox/pay/alipay/{no}", prompt.QrContent);
        Assert.Equal(ProviderTradeState.NotPaid, (await gateway.QueryAsync(no)).State);

        var delivery = await app.Callbacks.PayAsync(app.SandboxOrder(PaymentChannel.Alipay, no));

        Assert.Equal((200, "success", true), (delivery!.Status, delivery.Body, delivery.Accepted));
        var notice = Assert.Single(app.Notices.Received, n => n.OutTradeNo == no);
        Assert.Equal((PaymentChannel.Alipay, 50.00m, gateway.MerchantId, gateway.AppId), (notice.Channel, notice.Amount, notice.MerchantId, notice.AppId));
        var trade = await gateway.QueryAsync(no);
        Assert.Equal((ProviderTradeState.Paid, 50.00m), (trade.State, trade.Amount));

        // The second call with the same out_request_no moves no money (fund_change=N): the client asks the refund query instead.
        var first = await gateway.RefundAsync(no, "R" + no, 20.00m, 50.00m, "多收");
        var second = await gateway.RefundAsync(no, "R" + no, 20.00m, 50.00m, "多收");
        Assert.Equal((ProviderRefundState.Succeeded, 20.00m), (first.State, first.Amount));
        Assert.Equal((ProviderRefundState.Succeeded, 20.00m), (second.State, second.Amount));
        Assert.Equal(20.00m, app.SandboxOrder(PaymentChannel.Alipay, no).Refunded);
        Assert.Equal(ProviderRefundState.Failed, (await gateway.QueryRefundAsync(no, "R-NEVER")).State);

        var bill = await gateway.DownloadBillAsync(BeijingToday());
        Assert.Contains(bill, l => l.Kind == BillLineKind.Payment && l.OutTradeNo == no && l.Amount == 50.00m && l.ProviderTradeNo == trade.ProviderTradeNo);
        Assert.Contains(bill, l => l.Kind == BillLineKind.Refund && l.OutTradeNo == no && l.OutRefundNo == "R" + no && l.Amount == 20.00m);
    }

    [Fact]
    public async Task Alipay_WapPayUrl_IsSignedForTheBrowser_AndATamperedOneIsRefused()
    {
        var gateway = app.Gateway(PaymentChannel.Alipay);
        var no = Number("AL");
        var prompt = await gateway.CreateOrderAsync(Order(no, 8.00m, PayerDevice.Phone, AlipayNotify, returnUrl: "http://localhost/pay"));

        var opened = await app.Server.CreateClient().GetAsync(prompt.PayUrl);
        var tampered = await app.Server.CreateClient().GetAsync(prompt.PayUrl!.Replace("8.00", "0.01"));

        Assert.StartsWith("http://localhost/sandbox/alipay/gateway.do?", prompt.PayUrl);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"http://localhost/sandbox/pay/alipay/{no}", opened.Headers.Location!.ToString());
        Assert.Equal(8.00m, app.SandboxOrder(PaymentChannel.Alipay, no).Amount);
        Assert.Contains("isv.invalid-signature", await tampered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Alipay_CloseOfAnOrder_AndOfOneNeverPlaced_BothLeaveItClosed()
    {
        var gateway = app.Gateway(PaymentChannel.Alipay);
        var no = Number("AL");
        await gateway.CreateOrderAsync(Order(no, 3.00m, PayerDevice.Qr, AlipayNotify));

        await gateway.CloseAsync(no);
        await gateway.CloseAsync(Number("AL"));

        Assert.Equal(ProviderTradeState.Closed, (await gateway.QueryAsync(no)).State);
        Assert.Null(await app.Callbacks.PayAsync(app.SandboxOrder(PaymentChannel.Alipay, no)));
    }

    [Fact]
    public async Task Order_OfAFractionOfAFen_IsRefusedBeforeAnythingIsSent()
    {
        var no = Number("WX");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => app.Gateway(PaymentChannel.WeChat).CreateOrderAsync(Order(no, 5.001m, PayerDevice.Qr, WeChatNotify)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => app.Gateway(PaymentChannel.Alipay).CreateOrderAsync(Order(no, 5.001m, PayerDevice.Qr, AlipayNotify)));
    }

    private static PaymentOrder Order(string no, decimal amount, PayerDevice device, string notifyUrl, string? returnUrl = null, string? payerIp = null) =>
        new(no, amount, "停车费 京A12345", DateTime.UtcNow.AddMinutes(15), device, notifyUrl, returnUrl, payerIp);

    private static string Number(string prefix) => prefix + DateTime.UtcNow.ToString("yyyyMMdd") + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();

    private static DateOnly BeijingToday() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static DateTime Seconds(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
