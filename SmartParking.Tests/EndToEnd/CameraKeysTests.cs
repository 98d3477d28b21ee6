using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class CameraKeysTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Admin_AddsALaneAndItsCameraKey_TheKeyLetsACarIn_RevokingItOnThePageShutsItOut_AndASilentCameraIsMarked()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await page.GotoAsync("/admin/lanes");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        await page.Locator("[data-testid=new-lane-code]").FillAsync("in-north");
        await page.Locator("[data-testid=new-lane-name]").FillAsync("北门入口");
        await page.Locator("[data-testid=lane-add]").ClickAsync();
        var lane = page.Locator("tr[data-lane=in-north]");
        await Assertions.Expect(lane).ToBeVisibleAsync();

        await lane.Locator("[data-testid=issue-key]").ClickAsync();
        var secret = (await page.Locator("[data-testid=issued-secret]").TextContentAsync())!.Trim();
        await Assertions.Expect(page.Locator("[data-testid=issued-key]")).ToContainTextAsync("只显示这一次");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-lanes-key-issued.png"), FullPage = true });

        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", secret);
        var entry = await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345" });
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);

        var keyRow = page.Locator($"[data-testid=device-keys] tr[data-key='{secret[..8]}']");
        await keyRow.Locator("[data-testid=revoke]").ClickAsync();
        await keyRow.Locator("[data-testid=revoke-confirm]").ClickAsync();
        await Assertions.Expect(keyRow).ToHaveAttributeAsync("data-state", "revoked");
        var afterRevoke = await camera.PostAsJsonAsync("/api/exit", new { id = "京A12345" });
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("Device.KeyRevoked", await afterRevoke.Content.ReadAsStringAsync());

        // A second camera key, heard once and then not for six minutes: the page marks it silent.
        await lane.Locator("[data-testid=issue-key]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=issued-secret]")).Not.ToHaveTextAsync(secret);
        var second = (await page.Locator("[data-testid=issued-secret]").TextContentAsync())!.Trim();
        camera.DefaultRequestHeaders.Remove("X-Device-Key");
        camera.DefaultRequestHeaders.Add("X-Device-Key", second);
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "京B66666" })).StatusCode);
        var hash = DeviceKey.Hash(second);
        await browser.App.WithDbAsync(db => db.DeviceKeys.Where(k => k.KeyHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastSeenUtc, DateTime.UtcNow.AddMinutes(-6))));
        await page.ReloadAsync();
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        var silent = page.Locator($"[data-testid=device-keys] tr[data-key='{second[..8]}'] [data-testid=silent]");
        await Assertions.Expect(silent).ToContainTextAsync("已静默 6 分钟");
        await Assertions.Expect(page.Locator($"[data-testid=device-keys] tr[data-key='{second[..8]}']")).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(page.Locator("[data-testid=issued-secret]")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-lanes-silent-camera.png"), FullPage = true });
    }
}
