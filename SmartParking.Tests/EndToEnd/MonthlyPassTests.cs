using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// The office sells a pass on /admin/passes; the holder's car then comes and goes at ¥0 and the guard's booth (1366×768)
/// shows 月卡 on both rows.
/// </summary>
public sealed class MonthlyPassTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheOfficeSellsAPass_AndTheBoothShows月卡_ForTheHoldersEntryAndExit()
    {
        var office = await browser.NewPageAsync(1366, 768);
        await browser.LogInAsync(office, "finance", "Finance123!");
        await office.GotoAsync("/admin/passes");
        await office.Locator(".sp-body[data-interactive]").WaitForAsync();
        await office.Locator("[data-testid=sale-plates]").FillAsync("京B50001");
        await office.Locator("[data-testid=sell]").ClickAsync();

        await Assertions.Expect(office.Locator(".mud-snackbar")).ToContainTextAsync("已售出月卡：京B50001，收款 ¥300.00");
        var sold = office.Locator("[data-testid=passes] tr[data-plates=京B50001]");
        await Assertions.Expect(sold.Locator("[data-testid=pass-state]")).ToHaveTextAsync("有效");
        await office.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "passes-office-1366.png"), FullPage = true });

        var booth = await browser.NewPageAsync(1366, 768);
        await browser.LogInAsync(booth, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(booth, "/booth");
        await booth.Locator(".sp-body[data-interactive]").WaitForAsync();
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        // The pass starts today in the lot's time zone: the stay is up to three hours, all of it inside the pass.
        var lotZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var lotMidnightUtc = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, lotZone).Date, lotZone);
        var entered = new[] { DateTime.UtcNow.AddHours(-3), lotMidnightUtc }.Max();
        await camera.PostAsJsonAsync("/api/entry", new { id = "京B50001", start_time = entered.ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "京B50001" });

        Assert.Equal(0m, (await exit.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("cost").GetDecimal());
        var rows = booth.Locator("[data-testid=gate-events] tr[data-plate=京B50001]");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator("[data-testid=pass-chip]")).ToHaveTextAsync("月卡");
        await Assertions.Expect(rows.Nth(1).Locator("[data-testid=pass-chip]")).ToHaveTextAsync("月卡");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("¥0.00");
        await booth.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "passes-booth-1366.png") });
    }
}
