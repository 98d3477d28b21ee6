using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The app on a clock that starts on Thursday 2026-12-10 10:00 in the lot, so Saturday can come.</summary>
public sealed class ThursdayBrowser() : BrowserApp(new ParkingAppFactory(null, "Development", new FakeClock(new DateTimeOffset(2026, 12, 10, 2, 0, 0, TimeSpan.Zero))))
{
    public FakeClock FakeClock => (FakeClock)App.Clock!;
}

/// <summary>
/// Issue 25's check, on a 375 px phone: the owner invites a guest's car for Saturday 14:00–18:00 on /me and gets the
/// link and QR to send; on Saturday the camera's read lets the car in without the form, and at the exit the fee is
/// taken from the owner's balance — the owner sees it in the ledger and the pass used.
/// </summary>
public sealed class OwnerInvitesAGuestTests(ThursdayBrowser browser) : IClassFixture<ThursdayBrowser>
{
    [Fact]
    public async Task TheOwnerInvitesAGuestForSaturdayAfternoon_TheCarEntersWithoutTheForm_AndTheFeeComesFromTheOwnersBalance()
    {
        var phone = await browser.NewPageAsync(375, 740);
        await browser.LogInAsync(phone, "owner", "Owner123!");
        await phone.GotoAsync("/me");
        await phone.Locator(".sp-body[data-interactive]").WaitForAsync();
        // The demo owner has already invited a guest for this Saturday afternoon (demo data).
        var demo = phone.Locator($"[data-testid=vp-row][data-plate={DatabaseStartup.DemoGuestPlate}]");
        await Assertions.Expect(demo.GetByTestId("vp-state")).ToHaveTextAsync("未开始");
        await Assertions.Expect(demo).ToContainTextAsync("2026-12-12 14:00–18:00");

        await phone.GetByTestId("vp-plate").FillAsync("沪D54321");
        await phone.GetByTestId("vp-day").FillAsync("2026-12-12");
        await phone.GetByTestId("vp-from").FillAsync("14:00");
        await phone.GetByTestId("vp-to").FillAsync("18:00");
        await phone.GetByTestId("vp-payer-owner").ClickAsync();
        await phone.GetByTestId("vp-send").ClickAsync();

        await Assertions.Expect(phone.GetByTestId("vp-share").Locator("svg")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByTestId("vp-link")).ToContainTextAsync("/guest/");
        var row = phone.Locator("[data-testid=vp-row][data-plate=沪D54321]");
        await Assertions.Expect(row.GetByTestId("vp-state")).ToHaveTextAsync("未开始");
        await Assertions.Expect(row).ToContainTextAsync("2026-12-12 14:00–18:00");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "/me must fit a 375 px phone");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "me-visitor-pass-zh-375.png"), FullPage = true });

        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        browser.FakeClock.Set(new DateTimeOffset(2026, 12, 12, 6, 5, 1, TimeSpan.Zero));
        var entry = await (await camera.PostAsJsonAsync("/api/entry", new { id = "沪D54321", start_time = "2026-12-12T14:05:00" })).Content.ReadFromJsonAsync<JsonElement>();
        browser.FakeClock.Set(new DateTimeOffset(2026, 12, 12, 8, 5, 1, TimeSpan.Zero));
        var exit = await (await camera.PostAsJsonAsync("/api/exit", new { id = "沪D54321", start_time = "2026-12-12T16:05:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("open", entry.GetProperty("gate").GetString());
        Assert.Equal("访客（业主 1-1-101 邀请）", entry.GetProperty("reason").GetString());
        var fee = exit.GetProperty("cost").GetDecimal();
        Assert.True(fee > 0m, "a two-hour visitor stay costs something");
        Assert.Equal(("open", "paid"), (exit.GetProperty("gate").GetString(), exit.GetProperty("payment").GetString()));

        var later = await browser.NewPageAsync(375, 740);
        await browser.LogInAsync(later, "owner", "Owner123!");
        await later.GotoAsync("/me");
        await later.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(later.Locator("[data-testid=vp-row][data-plate=沪D54321]").GetByTestId("vp-state")).ToHaveTextAsync("已使用");
        await Assertions.Expect(later.Locator("[data-testid=ledger-lines] tr[data-kind=Charge]").First).ToContainTextAsync(fee.ToString("0.00"));
        await later.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "me-visitor-pass-used-zh-375.png"), FullPage = true });
    }
}
