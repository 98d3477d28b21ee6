using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class BoardTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task LobbyBoard_ShowsFreeSpacesLive_AndRecoversAfterTheServerIsUnreachable()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        await page.GotoAsync("/board/yangguang");
        await Assertions.Expect(page.Locator("[data-testid=board-free]")).ToHaveTextAsync("200");
        await Assertions.Expect(page.Locator("[data-testid=board-announcements]")).ToContainTextAsync("场内限速 5 公里");
        await Assertions.Expect(page.Locator("[data-testid=board-announcements] img")).ToHaveCountAsync(1);
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");

        await camera.PostAsJsonAsync("/api/entry", new { id = "NU626262" });
        await Assertions.Expect(page.Locator("[data-testid=board-free]")).ToHaveTextAsync("199");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "board-1080p.png") });

        await page.RouteAsync("**/api/board?*", route => route.AbortAsync());
        await Assertions.Expect(page.Locator("#board-status")).ToHaveTextAsync("正在重新连接…");
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU636363" });
        await page.UnrouteAsync("**/api/board?*");

        await Assertions.Expect(page.Locator("#board-status")).ToHaveTextAsync("");
        await Assertions.Expect(page.Locator("[data-testid=board-free]")).ToHaveTextAsync("198");
    }

    [Fact]
    public async Task Admin_PublishesAnAnnouncementWithAScript_TheBoardShowsTheTextAndRunsNothing()
    {
        var admin = await browser.NewPageAsync();
        await browser.LogInAsync(admin, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(admin, "/admin");
        await admin.GotoAsync("/admin/announcements");
        await admin.Locator(".sp-body[data-interactive]").WaitForAsync();

        await admin.Locator("[data-testid=ann-title] ").FillAsync("电梯维修通知");
        await admin.Locator("[data-testid=ann-body]").FillAsync("**周六**停用 <script>window.__xss = 1</script><img src=x onerror=\"window.__xss=2\">");
        await admin.Locator("[data-testid=ann-publish]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=ann-list]")).ToContainTextAsync("电梯维修通知");

        var board = await browser.NewPageAsync(1920, 1080);
        await board.GotoAsync("/board/yangguang");
        await Assertions.Expect(board.Locator("[data-testid=board-announcements]")).ToContainTextAsync("电梯维修通知");
        // One poll later the list has been rebuilt from JSON through innerHTML, where an injected handler would fire.
        await board.WaitForResponseAsync("**/api/board?*");
        await Assertions.Expect(board.Locator("[data-testid=board-announcements]")).ToContainTextAsync("电梯维修通知");
        Assert.Null(await board.EvaluateAsync<int?>("() => window.__xss ?? null"));
        Assert.Equal(0, await board.Locator("[data-testid=board-announcements] script").CountAsync());
    }
}
