using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class JobsPageEndToEndTests(JobsPageEndToEndTests.App browser) : IClassFixture<JobsPageEndToEndTests.App>
{
    public sealed class App() : BrowserApp(HangfireRuns.ServerOn());

    [Fact]
    public async Task Admin_SeesTheSchedulesInWords_TriggersAJobOnTheDashboard_AndSeesItSucceed()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await page.GotoAsync(browser.BaseUrl + "/admin/jobs");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        var row = page.Locator("[data-testid=jobs] tr[data-job=snapshot-retention]");
        await Assertions.Expect(row).ToContainTextAsync("每天 03:30");
        await Assertions.Expect(page.Locator("[data-testid=jobs] tr[data-job=monthly-report]")).ToContainTextAsync("每月 1 日 02:00");

        await page.Locator("[data-testid=job-dashboard]").ClickAsync();
        await page.WaitForURLAsync("**/admin/hangfire");
        // Hangfire's own menu, once its page has loaded in place of ours.
        await page.Locator("a[href$='/admin/hangfire/recurring']").First.ClickAsync();
        await page.Locator("input.js-jobs-list-checkbox[value=snapshot-retention]").CheckAsync();
        var triggered = page.WaitForResponseAsync(response => response.Url.EndsWith("/admin/hangfire/recurring/trigger"));
        var reloaded = new TaskCompletionSource();
        page.Load += (_, _) => reloaded.TrySetResult();
        await page.Locator("button.js-jobs-list-command[data-url$='/recurring/trigger']").ClickAsync();
        Assert.True((await triggered).Ok);
        // The dashboard reloads its page once the command is done.
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await page.GotoAsync(browser.BaseUrl + "/admin/jobs");
        await Assertions.Expect(row.Locator("[data-testid=job-result]")).ToContainTextAsync("成功");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-jobs.png"), FullPage = true });
    }

    [Fact]
    public async Task Admin_BacksUpNow_SeesTheNewGeneration_InChineseAndEnglish_AndTheActIsAudited()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await page.GotoAsync(browser.BaseUrl + "/admin/jobs");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=jobs] tr[data-job=database-backup]")).ToContainTextAsync("每天 04:00");

        await page.Locator("[data-testid=take-backup]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=backup-list] tr[data-backup]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("已记入审计日志");
        await page.Locator("[data-testid=backups]").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-backups.png") });
        var audited = await browser.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "TakeBackup").Select(a => a.Actor).ToListAsync());
        Assert.Equal(["admin"], audited);

        await page.GotoAsync(browser.BaseUrl + "/culture/set?culture=en&returnUrl=/admin/jobs");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=backups]")).ToContainTextAsync("Back up now");
        await Assertions.Expect(page.Locator("[data-testid=jobs] tr[data-job=database-backup]")).ToContainTextAsync("Back up the database with its keys");
        await page.Locator("[data-testid=backups]").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-backups-en.png") });
    }
}
