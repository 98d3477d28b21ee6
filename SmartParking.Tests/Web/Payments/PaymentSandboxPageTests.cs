using Microsoft.Playwright;
using SmartParking.Domain.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Payments;

/// <summary>The demo app with its sandbox on real Kestrel and Chromium: every call and callback crosses a real socket.</summary>
public sealed class SandboxBrowser : BrowserApp
{
    public SandboxBrowser()
        : base(new KestrelSandboxAppFactory())
    {
    }

    public SandboxAppFactory Sandbox => (SandboxAppFactory)App;
}

public class PaymentSandboxPageTests(SandboxBrowser browser) : IClassFixture<SandboxBrowser>
{
    [Fact]
    public async Task WeChatQr_OpenedOnAPhone_PayTapped_TheMerchantHearsItOverHttp_AndThePageSaysSo()
    {
        var no = "WX" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        browser.Sandbox.Notices.Orders[no] = 5.00m;
        var prompt = await browser.Sandbox.Gateway(PaymentChannel.WeChat).CreateOrderAsync(new PaymentOrder(
            no, 5.00m, "停车费 京A12345", DateTime.UtcNow.AddMinutes(15), PayerDevice.Qr, browser.BaseUrl + "/api/payments/wechat/notify", null, null));
        var page = await browser.NewPageAsync(375, 740);

        await page.GotoAsync(prompt.QrContent!);

        await Assertions.Expect(page.GetByTestId("sandbox-amount")).ToHaveTextAsync("¥5.00");
        await Assertions.Expect(page.GetByTestId("sandbox-channel")).ToContainTextAsync("微信支付");
        await Assertions.Expect(page.GetByTestId("sandbox-item")).ToHaveTextAsync("停车费 京A12345");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the pay page must fit a 375 px phone");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "sandbox-pay-wechat-zh.png"), FullPage = true });

        await page.GetByTestId("sandbox-pay-button").ClickAsync();

        await Assertions.Expect(page.GetByTestId("sandbox-paid")).ToContainTextAsync("支付成功");
        await Assertions.Expect(page.GetByTestId("sandbox-told")).ToContainTextAsync("HTTP 204");
        Assert.Equal(1, browser.Sandbox.Notices.Booked(n => n == no));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "sandbox-paid-wechat-zh.png"), FullPage = true });

        // The result came by redirect: a reload shows it again and tells the merchant nothing new.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("sandbox-paid")).ToBeVisibleAsync();
        Assert.Single(browser.Sandbox.Notices.Received, n => n.OutTradeNo == no);
    }

    [Fact]
    public async Task AlipayOnAPhone_InEnglish_CancelThenPay_TheMerchantAnswersSuccess()
    {
        var no = "AL" + Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        browser.Sandbox.Notices.Orders[no] = 50.00m;
        var prompt = await browser.Sandbox.Gateway(PaymentChannel.Alipay).CreateOrderAsync(new PaymentOrder(
            no, 50.00m, "账户充值", DateTime.UtcNow.AddMinutes(15), PayerDevice.Phone, browser.BaseUrl + "/api/payments/alipay/notify", browser.BaseUrl + "/me", null));
        var page = await browser.NewPageAsync(375, 740);
        await page.GotoAsync("/culture/set?culture=en&returnUrl=/");

        await page.GotoAsync(prompt.PayUrl!);

        Assert.EndsWith($"/sandbox/pay/alipay/{no}", page.Url);
        await Assertions.Expect(page.GetByTestId("sandbox-channel")).ToContainTextAsync("Alipay");
        await Assertions.Expect(page.GetByTestId("sandbox-amount")).ToHaveTextAsync("¥50.00");
        await page.GetByTestId("sandbox-cancel-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sandbox-cancelled")).ToContainTextAsync("Payment cancelled");
        Assert.DoesNotContain(browser.Sandbox.Notices.Received, n => n.OutTradeNo == no);

        await page.GotoAsync($"/sandbox/pay/alipay/{no}");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "sandbox-pay-alipay-en.png"), FullPage = true });
        await page.GetByTestId("sandbox-pay-button").ClickAsync();

        await Assertions.Expect(page.GetByTestId("sandbox-paid")).ToContainTextAsync("Payment successful");
        await Assertions.Expect(page.GetByTestId("sandbox-told")).ToContainTextAsync("HTTP 200");
        Assert.Equal(1, browser.Sandbox.Notices.Booked(n => n == no));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "sandbox-paid-alipay-en.png"), FullPage = true });
    }

    [Fact]
    public async Task PayPage_OfAnOrderTheSandboxNeverSaw_SaysSo()
    {
        var page = await browser.NewPageAsync(375, 740);

        await page.GotoAsync("/sandbox/pay/wechat/NOSUCHORDER");

        await Assertions.Expect(page.GetByTestId("sandbox-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sandbox-pay-button")).ToHaveCountAsync(0);
    }
}
