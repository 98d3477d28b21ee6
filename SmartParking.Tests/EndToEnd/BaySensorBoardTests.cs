using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartParking.Infrastructure.Devices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The app in Chromium with a real mosquitto: bay sensors publishing change the lobby board and the admin's grid.</summary>
public sealed class BaySensorBoardTests(BaySensorBoardTests.MqttBrowserApp browser) : IClassFixture<BaySensorBoardTests.MqttBrowserApp>
{
    [Fact]
    public async Task BaySensorsPublishing_ChangeTheLobbyBoard_AndTheAdminSeesEachBay()
    {
        await using var sensors = await MqttProbe.ConnectAsync(browser.Broker.Port);
        await sensors.PublishAsync("parking/yangguang/bay/B1-001/state", """{"state":"occupied"}""");
        await sensors.PublishAsync("parking/yangguang/bay/B1-002/state", """{"state":"free"}""");
        await sensors.PublishAsync("parking/yangguang/bay/B1-003/state", """{"state":"free"}""");

        var board = await browser.NewPageAsync(1920, 1080);
        await board.GotoAsync("/board/yangguang");
        await Assertions.Expect(board.Locator("[data-testid=board-bays]")).ToHaveTextAsync("车位传感器：2 空 / 3");
        await sensors.PublishAsync("parking/yangguang/bay/B1-003/state", """{"state":"occupied"}""");
        await Assertions.Expect(board.Locator("[data-testid=board-bays]")).ToHaveTextAsync("车位传感器：1 空 / 3");
        await board.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "board-bay-sensors.png") });

        var admin = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(admin, "admin", "Admin123!");
        await admin.WaitForURLAsync("**/admin");
        await admin.GotoAsync("/admin/bays");
        await Assertions.Expect(admin.Locator("[data-testid=mqtt-link]")).ToHaveAttributeAsync("data-connected", "true");
        await Assertions.Expect(admin.Locator("[data-bay]")).ToHaveCountAsync(3);
        await Assertions.Expect(admin.Locator("[data-bay=B1-001]")).ToHaveAttributeAsync("data-state", "occupied");
        await Assertions.Expect(admin.Locator("[data-bay=B1-002]")).ToContainTextAsync("空闲");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "admin-bays.png") });
    }

    /// <summary>The browser's app, connected to a mosquitto of its own.</summary>
    public sealed class MqttBrowserApp : BrowserApp
    {
        public MqttBrowserApp()
            : this(new MosquittoBroker())
        {
        }

        private MqttBrowserApp(MosquittoBroker broker)
            : base(new Dictionary<string, string?>
            {
                ["Mqtt:Host"] = "127.0.0.1",
                ["Mqtt:Port"] = broker.Port.ToString(),
                ["Mqtt:ClientId"] = $"app-{Guid.NewGuid():N}",
            }) => Broker = broker;

        public MosquittoBroker Broker { get; }

        public override async Task InitializeAsync()
        {
            await Broker.StartAgainAsync();
            await base.InitializeAsync();
            var link = App.Services.GetRequiredService<MqttLink>();
            for (var waited = 0; !link.State.Connected; waited += 50)
            {
                if (waited > 20_000)
                {
                    throw new TimeoutException("the app did not connect to mosquitto");
                }

                await Task.Delay(50);
            }
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Broker.DisposeAsync();
        }
    }
}
