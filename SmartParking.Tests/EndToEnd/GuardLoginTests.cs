using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class GuardLoginTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task DemoGuard_LogsIn_AndLandsOnTheBooth()
    {
        var page = await browser.NewPageAsync();

        await browser.LogInAsync(page, "guard", "Guard123!");

        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("门岗工作台");
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("guard");
        await Assertions.Expect(page.Locator("[data-testid=occupancy]")).ToContainTextAsync("/ 200");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-guard.png"), FullPage = true });
    }

    [Fact]
    public async Task Booth_PlateTypedAndEnter_ShowsTheOwnersCar_WithoutReload()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        // No click: the plate field has the cursor, as a guard expects.
        await Assertions.Expect(page.Locator("[data-testid=plate-input]")).ToBeFocusedAsync();
        await page.Keyboard.InsertTextAsync("京a·12345");
        await page.Keyboard.PressAsync("Enter");

        var result = page.Locator("[data-testid=lookup-result]");
        await Assertions.Expect(result).ToContainTextAsync("京A12345");
        await Assertions.Expect(result).ToContainTextAsync("业主");
        await Assertions.Expect(result).ToContainTextAsync("当前不在场");
        Assert.Equal(0, navigations);
    }

    [Fact]
    public async Task Booth_ShowsAnEntryPostedByTheCamera_LiveWithoutReload_AndTakesCashAtTheExit()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);
        var before = await page.Locator("[data-testid=occupancy]").InnerTextAsync();
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");

        await camera.PostAsJsonAsync("/api/entry", new { id = "NU424242", start_time = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ") });

        var entryRow = page.Locator("[data-testid=gate-events] tr[data-plate=NU424242]").First;
        await Assertions.Expect(entryRow).ToContainTextAsync("入场");
        await Assertions.Expect(entryRow).ToContainTextAsync("访客");
        await Assertions.Expect(page.Locator("[data-testid=occupancy]")).Not.ToHaveTextAsync(before);

        await camera.PostAsJsonAsync("/api/exit", new { id = "NU424242", start_time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") });

        var exitRow = page.Locator("[data-testid=gate-events] tbody tr").First;
        await Assertions.Expect(exitRow).ToContainTextAsync("出场");
        await Assertions.Expect(exitRow).ToContainTextAsync("¥20.00");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-live.png"), FullPage = true });
        await exitRow.Locator("[data-testid=settle]").ClickAsync();
        await Assertions.Expect(exitRow.Locator("[data-testid=settle]")).ToHaveCountAsync(0);
        Assert.Equal(0, navigations);
    }

    [Fact]
    public async Task Guard_CorrectsAMisreadPlate_AndOpensByHandOnlyWithAReason_BothAudited()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU737373" });
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);

        await page.Locator("[data-testid=plate-input]").FillAsync("NU737373");
        await page.Locator("[data-testid=plate-input]").PressAsync("Enter");
        await page.Locator("[data-testid=corrected-plate]").FillAsync("NU787878");
        await page.Locator("[data-testid=correct-plate]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=action-error]")).ToHaveTextAsync("请填写原因");
        await page.Locator("[data-testid=action-reason]").FillAsync("摄像头把 8 识别成 3");
        await page.Locator("[data-testid=correct-plate]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=lookup-result]")).ToContainTextAsync("NU787878");
        await Assertions.Expect(page.Locator("[data-testid=gate-events] tbody tr").First).ToContainTextAsync("更正车牌");

        await page.Locator("[data-testid=open-by-hand]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=action-error]")).ToHaveTextAsync("请填写原因");
        await page.Locator("[data-testid=open-reason]").FillAsync("救护车进入");
        await page.Locator("[data-testid=open-by-hand]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=gate-events] tbody tr").First).ToContainTextAsync("手动抬杆");

        var audit = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditEntries.Where(a => a.Action == "CorrectPlate" || a.Action == "OpenByHand")));
        var correction = Assert.Single(audit, a => a.Action == "CorrectPlate");
        Assert.Equal(("NU737373", "NU787878", "摄像头把 8 识别成 3", "guard"), (correction.Before, correction.After, correction.Reason, correction.Actor));
        Assert.Equal("救护车进入", Assert.Single(audit, a => a.Action == "OpenByHand").Reason);
    }

    [Fact]
    public async Task ExitWithoutEntry_LandsInTheReviewQueue_AndIsResolvedWithAReason()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");

        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "NU909090" });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, exit.StatusCode);
        var item = page.Locator("[data-testid=review-queue] [data-plate=NU909090]");
        await Assertions.Expect(item).ToContainTextAsync("出场无入场记录");
        await page.Locator("[data-testid=review-reason]").FillAsync("外来车辆跟车出场，已电话联系车主");
        await item.Locator("[data-testid=review-dismiss]").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Equal("外来车辆跟车出场，已电话联系车主", await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.AuditEntries.Where(a => a.Action == "DismissReview").Select(a => a.Reason))));
    }

    [Fact]
    public async Task Guard_RegistersAVisitorAtTheBooth_AndTheHeldCarIsLetIn()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU848484" });
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);

        await page.Locator("[data-testid=plate-input]").FillAsync("NU848484");
        await page.Locator("[data-testid=plate-input]").PressAsync("Enter");
        await page.Locator("[data-testid=visitor-name]").FillAsync("钱七");
        await page.Locator("[data-testid=visitor-id]").FillAsync("110105198001011238");
        await page.Locator("[data-testid=visitor-mobile]").FillAsync("1370013700");
        await page.Locator("[data-testid=register-visitor]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=action-error]")).ToContainTextAsync("手机号");
        await page.Locator("[data-testid=visitor-mobile]").FillAsync("13700137000");
        await page.Locator("[data-testid=register-visitor]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=booth-register]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=gate-events] tbody tr").First).ToContainTextAsync("访客登记");
    }

    [Fact]
    public async Task Booth_MalformedPlate_ShowsTheReason()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);

        await page.Locator("[data-testid=plate-input]").FillAsync("京I12345");
        await page.Locator("[data-testid=plate-lookup]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=lookup-error]")).ToContainTextAsync("I");
        await Assertions.Expect(page.Locator("[data-testid=lookup-result]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WrongPassword_StaysOnLogin_WithAMessage()
    {
        var page = await browser.NewPageAsync();

        await browser.LogInAsync(page, "admin", "not-the-password");

        await Assertions.Expect(page.Locator("[data-testid=login-error]")).ToHaveTextAsync("用户名或密码错误。");
        Assert.Contains("/account/login", page.Url);
    }

    [Fact]
    public async Task LanguageSwitch_TurnsThePageEnglish()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");

        await page.Locator("[data-testid=lang-en]").ClickAsync();

        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Admin console");
        await Assertions.Expect(page.Locator("[data-testid=fee-rules]")).ToContainTextAsync("Small car");
    }

    [Fact]
    public async Task Guard_OpeningTheAdminConsole_IsTurnedAway()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");

        await page.GotoAsync("/admin");

        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("无权访问");
        await Assertions.Expect(page.Locator("[data-testid=fee-rules]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LostConnection_ShowsTheReconnectDialog_AndThePageWorksAgainAfterwards()
    {
        var page = await browser.NewPageAsync();
        // Keep a handle on the page's sockets so the test can cut the circuit's connection like a flaky network would.
        await page.AddInitScriptAsync("""
            (() => {
                const Native = window.WebSocket;
                window.__sockets = [];
                window.WebSocket = function (...args) { const socket = new Native(...args); window.__sockets.push(socket); return socket; };
                window.WebSocket.prototype = Native.prototype;
                Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
            })();
            """);
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await WaitForCircuitAsync(page);

        // Reconnection starts with an HTTP negotiate: refusing it keeps the circuit down until the test lets go.
        await page.RouteAsync("**/_blazor/negotiate**", route => route.AbortAsync());
        await page.EvaluateAsync("() => window.__sockets.forEach(s => s.close(4000, 'network lost'))");

        // .NET 10's script draws its default dialog in a shadow root and shows or hides the host element.
        var dialog = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(dialog).ToHaveCSSAsync("display", "block");
        await page.UnrouteAsync("**/_blazor/negotiate**");
        await Assertions.Expect(dialog).ToHaveCSSAsync("display", "none", new() { Timeout = 40_000 });

        await page.Locator("[data-testid=plate-input]").FillAsync("NU123456");
        await page.Locator("[data-testid=plate-input]").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=lookup-result]")).ToContainTextAsync("NU123456");
    }

    // Before the circuit is up, typed keys reach a prerendered page that cannot answer yet.
    private static Task WaitForCircuitAsync(IPage page) => page.Locator(".sp-body[data-interactive]").WaitForAsync();
}
