using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Domain.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// The owner tops up ¥50 by Alipay on the phone (the sandbox's cashier, its callback over HTTP, the real ledger), sees
/// it in the ledger and keeps the receipt; the office refunds ¥5 of it, which a second person approves.
/// </summary>
public sealed class OwnerTopsUpTests(LedgerSandboxBrowser browser) : IClassFixture<LedgerSandboxBrowser>
{
    [Fact]
    public async Task TheOwnerTopsUpFiftyByAlipay_KeepsTheReceipt_AndARefundOfFiveNeedsASecondPerson()
    {
        var phone = await browser.NewPageAsync(375, 740);
        await browser.LogInAsync(phone, "owner", "Owner123!");
        await phone.GotoAsync("/me");
        await phone.Locator(".sp-body[data-interactive]").WaitForAsync();
        var before = decimal.Parse((await phone.GetByTestId("balance").InnerTextAsync()).TrimStart('¥'), System.Globalization.CultureInfo.InvariantCulture);

        await phone.GetByTestId("topup-preset-50").ClickAsync();
        await phone.GetByTestId("topup-channel-alipay").ClickAsync();
        await phone.GetByTestId("topup-go").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("sandbox-amount")).ToHaveTextAsync("¥50.00");
        await phone.GetByTestId("sandbox-pay-button").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("sandbox-paid")).ToBeVisibleAsync();
        await phone.GetByTestId("sandbox-back").ClickAsync();

        await Assertions.Expect(phone.GetByTestId("topup-received")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByTestId("balance")).ToHaveTextAsync($"¥{before + 50m:0.00}");
        var line = phone.Locator("[data-testid=ledger-lines] tr[data-kind=TopUp]").First;
        await Assertions.Expect(line).ToContainTextAsync("支付宝");
        await Assertions.Expect(line).ToContainTextAsync("+50.00");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "/me must fit a 375 px phone");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "me-topped-up-zh.png"), FullPage = true });
        var receipt = await phone.Context.APIRequest.GetAsync((await line.GetByTestId("receipt").GetAttributeAsync("href"))!);
        Assert.Equal((200, "application/pdf"), (receipt.Status, receipt.Headers["content-type"]));

        var order = await browser.App.WithDbAsync(db => db.Payments
            .Where(p => p.Purpose == PaymentPurpose.TopUp && p.Channel == PaymentChannel.Alipay && p.Status == PaymentStatus.Paid)
            .OrderByDescending(p => p.PaidUtc).Select(p => p.OutTradeNo).FirstAsync());
        var finance = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(finance, "finance", "Finance123!");
        await finance.GotoAsync("/admin/finance");
        await finance.Locator(".sp-body[data-interactive]").WaitForAsync();
        await finance.Locator($"[data-testid=payment-row][data-order={order}]").GetByTestId("refund").ClickAsync();
        await finance.GetByTestId("refund-amount").FillAsync("5");
        await finance.GetByTestId("refund-reason").FillAsync("多充了五元");
        await finance.GetByTestId("refund-submit").ClickAsync();
        var pending = finance.GetByTestId("pending-refund").Filter(new() { HasText = "多充了五元" });
        await Assertions.Expect(pending).ToBeVisibleAsync();
        // The one who asked cannot approve: the row says it waits for someone else.
        await Assertions.Expect(pending.GetByTestId("awaits-second")).ToHaveTextAsync("等待另一位审批");
        Assert.Equal(0, await pending.GetByTestId("approve-refund").CountAsync());
        await finance.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "finance-refund-waiting-zh.png") });

        var admin = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(admin, "admin", "Admin123!");
        await admin.GotoAsync("/admin/finance?lot=yangguang");
        await admin.Locator(".sp-body[data-interactive]").WaitForAsync();
        await admin.GetByTestId("pending-refund").Filter(new() { HasText = "多充了五元" }).GetByTestId("approve-refund").ClickAsync();
        await Assertions.Expect(admin.Locator($"[data-testid=payment-row][data-order={order}]")).ToHaveAttributeAsync("data-status", "PartiallyRefunded");

        await phone.ReloadAsync();
        await Assertions.Expect(phone.GetByTestId("balance")).ToHaveTextAsync($"¥{before + 45m:0.00}");
        await Assertions.Expect(phone.Locator("[data-testid=ledger-lines] tr[data-kind=TopUpRefund]").First).ToContainTextAsync("-5.00");
    }
}
