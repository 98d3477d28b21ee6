using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// The owner buys the demo's ¥300 monthly pass for their car on a 375 px phone, pays on the payment sandbox's cashier
/// (its callback over HTTP), comes back to /me and sees the pass valid and its sale in the ledger.
/// </summary>
public sealed class OwnerBuysAPassTests(LedgerSandboxBrowser browser) : IClassFixture<LedgerSandboxBrowser>
{
    [Fact]
    public async Task TheOwnerBuysAMonthlyPassByAlipay_OnThePhone_AndSeesItValid()
    {
        var phone = await browser.NewPageAsync(375, 740);
        await browser.LogInAsync(phone, "owner", "Owner123!");
        await phone.GotoAsync("/me");
        await phone.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(phone.GetByTestId("no-passes")).ToHaveTextAsync("您还没有月卡。");
        await Assertions.Expect(phone.GetByTestId("pass-period")).ToContainTextAsync("支付后立即生效");

        await phone.GetByTestId("pass-channel-alipay").ClickAsync();
        await phone.GetByTestId("pass-go").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("sandbox-amount")).ToHaveTextAsync("¥300.00");
        await phone.GetByTestId("sandbox-pay-button").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("sandbox-paid")).ToBeVisibleAsync();
        await phone.GetByTestId("sandbox-back").ClickAsync();

        await Assertions.Expect(phone.GetByTestId("pass-paid")).ToHaveTextAsync("月卡已生效");
        var pass = phone.Locator("[data-testid=my-pass][data-plate=京A12345]");
        await Assertions.Expect(pass.GetByTestId("my-pass-state")).ToHaveTextAsync("有效");
        await Assertions.Expect(phone.Locator("[data-testid=ledger-lines] tr[data-kind=PassSale]").First).ToContainTextAsync("300.00");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "/me must fit a 375 px phone");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "me-pass-bought-zh-375.png"), FullPage = true });

        await phone.GotoAsync("/culture/set?culture=en&returnUrl=/me");
        await phone.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(pass.GetByTestId("my-pass-state")).ToHaveTextAsync("Valid");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "me-pass-bought-en-375.png"), FullPage = true });
    }
}
