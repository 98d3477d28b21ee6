using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class JobsPageEndToEndTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Admin_SeesTheSchedules_RunsAJobNow_AndWatchesItSucceedWithoutReload()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "admin", "Admin123!");
        await page.WaitForURLAsync("**/admin");
        await page.GotoAsync(browser.BaseUrl + "/admin/jobs");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        var row = page.Locator("[data-testid=jobs] tr[data-job=snapshot-retention]");
        await Assertions.Expect(row).ToContainTextAsync("0 30 3 * * ?");
        await Assertions.Expect(page.Locator("[data-testid=jobs] tr[data-job=monthly-report]")).ToContainTextAsync("0 0 2 1 * ?");

        await row.Locator("[data-testid=run-now]").ClickAsync();

        await Assertions.Expect(row.Locator("[data-testid=job-result]")).ToContainTextAsync("成功");
        await Assertions.Expect(page.Locator("[data-testid=job-history]")).ToContainTextAsync("admin");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-jobs.png"), FullPage = true });
    }
}
