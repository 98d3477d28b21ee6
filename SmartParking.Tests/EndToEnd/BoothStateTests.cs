using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The booth's rows tell the truth about each stay, also after a reload, at the booth PC's 1366×768.</summary>
public sealed class BoothStateTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private async Task<IPage> BoothAsync()
    {
        var page = await browser.NewPageAsync(1366, 768);
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        return page;
    }

    private HttpClient Camera()
    {
        var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        return camera;
    }

    [Fact]
    public async Task CashTaken_TheExitRowSaysPaid_AndStillDoesAfterAReload()
    {
        using var camera = Camera();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU626262", start_time = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var page = await BoothAsync();
        await camera.PostAsJsonAsync("/api/exit", new { id = "NU626262" });

        var exitRow = page.Locator("[data-testid=gate-events] tr[data-plate=NU626262][data-state=FeeDue]");
        await Assertions.Expect(exitRow.Locator("[data-testid=row-state]")).ToHaveTextAsync("待收费");
        await exitRow.Locator("[data-testid=settle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=gate-events] tr[data-plate=NU626262][data-state=Paid]")).ToContainTextAsync("已收费");

        await page.ReloadAsync();
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        var reloaded = page.Locator("[data-testid=gate-events] tr[data-plate=NU626262]").First;
        await Assertions.Expect(reloaded).ToHaveAttributeAsync("data-state", "Paid");
        await Assertions.Expect(reloaded.Locator("[data-testid=settle]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OpenByHand_NamesTheLaneAndTheGuard_SaysOpenedOnlyOnceTheCameraTookIt_AndSurvivesAReload()
    {
        var page = await BoothAsync();

        await page.Locator("[data-testid=open-reason]").FillAsync("消防车进入");
        await page.Locator("[data-testid=open-by-hand]").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("发送开闸指令");
        var row = page.Locator("[data-testid=gate-events] tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("手动抬杆");
        await Assertions.Expect(row).ToContainTextAsync("guard");
        await Assertions.Expect(row).Not.ToContainTextAsync("访客");
        await Assertions.Expect(row).Not.ToContainTextAsync("道闸已开");

        // The entry lane's camera collects the open in the reply to its heartbeat.
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var beat = await camera.PostAsync("/api/devices/ivs/heartbeat", new FormUrlEncodedContent([new("serialno", "demo-ivs-in-1")]));
        Assert.Contains("\"ok\"", await beat.Content.ReadAsStringAsync());

        await Assertions.Expect(row.Locator("[data-testid=row-state]")).ToHaveTextAsync("道闸已开");
        await page.ReloadAsync();
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        var reloaded = page.Locator("[data-testid=gate-events] tbody tr").First;
        await Assertions.Expect(reloaded).ToContainTextAsync("手动抬杆");
        await Assertions.Expect(reloaded).ToHaveAttributeAsync("data-state", "BarrierOpened");
    }

    [Fact]
    public async Task OpenByHand_OnALaneWhoseCameraNeverAsks_TurnsRedAsNotAnswering()
    {
        var page = await BoothAsync();

        await page.Locator("[data-testid=open-reason]").FillAsync("救护车");
        await page.Locator("[data-testid=open-by-hand]").ClickAsync();

        var row = page.Locator("[data-testid=gate-events] tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("手动抬杆");
        await Assertions.Expect(row.Locator("[data-testid=row-state]")).ToHaveTextAsync("道闸无应答", new() { Timeout = 15_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "BarrierNoAnswer");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-barrier-no-answer-1366.png") });
    }

    [Fact]
    public async Task HeldVisitor_IsInTheReviewQueue_AndAfterRegistration_TheEntryRowNoLongerSaysUnregistered()
    {
        using var camera = Camera();
        var page = await BoothAsync();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU636363" });

        var item = page.Locator("[data-testid=review-queue] [data-reason=AwaitingRegistration][data-plate=NU636363]");
        await Assertions.Expect(item).ToBeVisibleAsync();
        var entryRow = page.Locator("[data-testid=gate-events] tr[data-plate=NU636363]").First;
        await Assertions.Expect(entryRow).ToHaveAttributeAsync("data-state", "AwaitingRegistration");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-1366.png") });

        await item.Locator("[data-testid=review-register]").ClickAsync();
        await page.Locator("[data-testid=visitor-name]").FillAsync("孙八");
        await page.Locator("[data-testid=visitor-id]").FillAsync("110105198001011238");
        await page.Locator("[data-testid=visitor-mobile]").FillAsync("13700137000");
        await page.Locator("[data-testid=register-visitor]").ClickAsync();

        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(entryRow).Not.ToHaveAttributeAsync("data-state", "AwaitingRegistration");
        await page.ReloadAsync();
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=gate-events] tr[data-plate=NU636363]").First).ToContainTextAsync("访客登记");
    }

    [Fact]
    public async Task AtTheBoothScreenSize_ThreeHeldCars_LeaveTheLiveListInView_AndPlatesOnOneLine()
    {
        using var camera = Camera();
        foreach (var plate in new[] { "川A019W2", "NU646464", "NU656565" })
        {
            await camera.PostAsJsonAsync("/api/entry", new { id = plate });
        }

        var page = await BoothAsync();

        var live = page.Locator("[data-testid=gate-events]");
        await Assertions.Expect(live).ToBeInViewportAsync();
        var plateBox = await page.Locator("[data-testid=gate-events] tr[data-plate=川A019W2] .sp-plate").BoundingBoxAsync();
        var header = await page.Locator("[data-testid=gate-events] th").Nth(3).BoundingBoxAsync();
        Assert.True(plateBox!.Height < 40, $"the plate wraps: {plateBox.Height} px high");
        Assert.True(header!.Height < 40, $"the header wraps: {header.Height} px high");
    }
}
