using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Devices;
using SmartParking.Infrastructure.Devices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Devices;

/// <summary>
/// Bay sensors over a real mosquitto broker: <c>parking/{lot}/bay/{bay}/state</c> changes what the lobby board says the
/// sensors see; the newest report by the sensor's time wins; a sensor gone silent is not counted free.
/// </summary>
public sealed class MqttBayTests : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private ParkingAppFactory _app = null!;
    private MqttProbe _sensors = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = _broker.Port.ToString(),
            ["Mqtt:ClientId"] = $"app-{Guid.NewGuid():N}",
        });
        var link = _app.Services.GetRequiredService<MqttLink>();
        await WaitUntilAsync(() => Task.FromResult(link.State.Connected));
        _sensors = await MqttProbe.ConnectAsync(_broker.Port);
    }

    [Fact]
    public async Task SensorsReporting_ChangeTheBoardsCount()
    {
        using var board = _app.CreateClient();
        Assert.Equal(JsonValueKind.Null, (await BoardAsync(board)).GetProperty("bay_sensors").ValueKind);

        await _sensors.PublishAsync("parking/yangguang/bay/B1-001/state", """{"state":"occupied"}""");
        await _sensors.PublishAsync("parking/yangguang/bay/B1-002/state", "free");
        await _sensors.PublishAsync("parking/yangguang/bay/B1-003/state", """{"state":"free"}""");
        await WaitUntilAsync(async () => (await BoardAsync(board)).GetProperty("bay_sensors") is { ValueKind: JsonValueKind.Object } b && b.GetProperty("total").GetInt32() == 3);
        var three = (await BoardAsync(board)).GetProperty("bay_sensors");
        await _sensors.PublishAsync("parking/yangguang/bay/B1-002/state", """{"state":"occupied"}""");
        await WaitUntilAsync(async () => (await BoardAsync(board)).GetProperty("bay_sensors").GetProperty("free").GetInt32() == 1);

        Assert.Equal(2, three.GetProperty("free").GetInt32());
        // The other lot's board knows nothing of these sensors.
        Assert.Equal(JsonValueKind.Null, (await board.GetFromJsonAsync<JsonElement>("/api/board?lot=cuihu")).GetProperty("bay_sensors").ValueKind);
    }

    [Fact]
    public async Task AnOlderReportArrivingLate_DoesNotOverwriteANewerOne()
    {
        var now = DateTime.UtcNow;
        await _sensors.PublishAsync("parking/yangguang/bay/A-7/state", $$"""{"state":"free","at":"{{now:yyyy-MM-ddTHH:mm:ss}}Z"}""");
        await _sensors.PublishAsync("parking/yangguang/bay/A-7/state", $$"""{"state":"occupied","at":"{{now.AddSeconds(-30):yyyy-MM-ddTHH:mm:ss}}Z"}""");
        // A marker after both: once it is in, the two before it have been handled (one at a time, in order).
        await _sensors.PublishAsync("parking/yangguang/bay/A-8/state", "free");
        await WaitUntilAsync(() => _app.WithDbAsync(db => db.BaySensors.AnyAsync(b => b.BayCode == "A-8")));

        var bay = await _app.WithDbAsync(db => db.BaySensors.SingleAsync(b => b.BayCode == "A-7"));
        Assert.False(bay.Occupied);
        Assert.Equal(now, bay.StateAtUtc, TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("parking/yangguang/bay/B1-001/state", "maybe", "body")]
    [InlineData("parking/yangguang/bay/B1-001/state", """{"state":"parked"}""", "state")]
    [InlineData("parking/yangguang/bay/B1-001/state", """{"state":"free","at":"soon"}""", "at")]
    [InlineData("parking/yangguang/bay/B1-001/state", """{"state":"free","at":"2126-01-01T00:00:00Z"}""", "at")]
    [InlineData("parking/yangguang/bay/b%1/state", "free", "bay")]
    [InlineData("parking/nowhere/bay/B1-001/state", "free", "lot")]
    public async Task AReportThatCannotBeRead_IsAnsweredOnTheErrorTopic_AndKeepsNothing(string topic, string payload, string field)
    {
        await _sensors.PublishAsync(topic, payload);
        var error = await _sensors.NextAsync(topic[..topic.LastIndexOf('/')] + "/error");

        Assert.Equal(field, (string?)error["field"]);
        Assert.Equal(0, await _app.WithDbAsync(db => db.BaySensors.CountAsync()));
    }

    [Fact]
    public async Task ASensorSilentForTenMinutes_IsStale_AndNotCountedFree()
    {
        var lot = _app.Community.Id;
        var now = DateTime.UtcNow;
        await _app.WithDbAsync(db =>
        {
            db.BaySensors.Add(BaySensor.Install(lot, "C-1", false, now.AddMinutes(-11), now.AddMinutes(-11)));
            db.BaySensors.Add(BaySensor.Install(lot, "C-2", false, now.AddMinutes(-1), now.AddMinutes(-1)));
            return db.SaveChangesAsync();
        });
        using var admin = await _app.AdminClientAsync();
        using var guard = await _app.GuardClientAsync();

        var bays = await admin.GetFromJsonAsync<JsonElement>("/api/admin/bays?lot=yangguang");
        var board = (await BoardAsync(_app.CreateClient())).GetProperty("bay_sensors");

        Assert.Equal(1, bays.GetProperty("free").GetInt32());
        Assert.Equal(1, bays.GetProperty("stale").GetInt32());
        Assert.False(bays.GetProperty("bays").EnumerateArray().Single(b => b.GetProperty("bay").GetString() == "C-1").GetProperty("fresh").GetBoolean());
        Assert.Equal(1, board.GetProperty("free").GetInt32());
        Assert.Equal(2, board.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/admin/bays")).StatusCode);
    }

    private static Task<JsonElement> BoardAsync(HttpClient client) => client.GetFromJsonAsync<JsonElement>("/api/board?lot=yangguang");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"not so within {seconds} s");
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _sensors.DisposeAsync();
        await _app.DisposeAsync();
        await _broker.DisposeAsync();
    }
}
