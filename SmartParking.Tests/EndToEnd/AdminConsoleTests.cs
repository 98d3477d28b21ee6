using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class AdminConsoleTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Admin_EditsTheSmallCarVisitorRule_SeesTheTryItFeeChange_AndPublishesVersion2()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await Assertions.Expect(page.Locator("[data-testid=income-chart] svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-dashboard.png"), FullPage = true });

        await page.GotoAsync("/admin/rules");
        await WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("收费规则");
        await page.Locator("[data-testid=try-entry]").FillAsync("2026-11-20T10:00");
        await page.Locator("[data-testid=try-exit]").FillAsync("2026-11-20T12:00");
        await Assertions.Expect(page.Locator("[data-testid=try-current-total]")).ToHaveTextAsync("¥20.00");

        await page.Locator("[data-testid=edit-small-visitor]").ClickAsync();
        await page.Locator("input[name=UnitFee]").FillAsync("10");
        await page.Locator("input[name=UnitFee]").PressAsync("Tab");

        await Assertions.Expect(page.Locator("[data-testid=try-draft-total]")).ToHaveTextAsync("¥40.00");
        await Assertions.Expect(page.Locator("[data-testid=try-current-total]")).ToHaveTextAsync("¥20.00");
        await Assertions.Expect(page.Locator("[data-testid=publish]")).ToBeDisabledAsync();

        await page.Locator("[data-testid=replay]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=replay-result]")).ToBeVisibleAsync();
        await page.Locator("textarea[name=Reason]").FillAsync("访客单价调整");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-fee-rules.png"), FullPage = true });
        await page.Locator("[data-testid=publish]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-rule=small-visitor] [data-testid=version]")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=rule-editor]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=try-current-total]")).ToHaveTextAsync("¥40.00");
        await Assertions.Expect(page.Locator("[data-testid=rule-history] tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Guard_OpeningTheFeeRules_IsTurnedAway()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");

        await page.GotoAsync("/admin/rules");

        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("无权访问");
        await Assertions.Expect(page.Locator("[data-testid=current-rules]")).ToHaveCountAsync(0);
    }

    private static Task WaitForCircuitAsync(IPage page) => page.Locator(".sp-body[data-interactive]").WaitForAsync();
}
