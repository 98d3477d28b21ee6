using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The admin's way to a monthly PDF: the reports page in Chromium, the app printing with its own Chromium.</summary>
public sealed class MonthlyReportDownloadTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Admin_BuildsLastMonth_AndDownloadsThePdfWithTheLoginCookie()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await page.GotoAsync("/admin/reports");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=no-archive]")).ToBeVisibleAsync();

        await page.Locator("button[data-testid=build]").ClickAsync();

        // Printing a month takes Chromium a while on a busy two-core machine: the page shows progress meanwhile.
        await Assertions.Expect(page.Locator("[data-testid=ready]")).ToContainTextAsync("的报表已生成", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("[data-testid=archived] tbody tr")).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=ready-download]").ClickAsync());
        using var folder = new TempFolder();
        var file = folder.File(download.SuggestedFilename);
        await download.SaveAsAsync(file);
        Assert.Matches(@"^smartparking-yangguang-\d{4}-\d{2}\.pdf$", download.SuggestedFilename);
        var text = await PdfText.ExtractAsync(await File.ReadAllBytesAsync(file));
        Assert.Contains("阳光花园小区", text);
        Assert.Contains("停车场月度报表", text);
    }
}
