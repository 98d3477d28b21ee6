using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Devices;

/// <summary>
/// Edge controllers over a real mosquitto broker: a read published on <c>parking/{lot}/lane/{lane}/read</c> comes back
/// as a command on <c>…/command</c>, once per read id; what cannot be read comes back on <c>…/error</c> and writes
/// nothing; the link survives the broker going away.
/// </summary>
public sealed class MqttLaneTests : IAsyncLifetime
{
    private const string Entry = "parking/yangguang/lane/in-1";
    private const string Exit = "parking/yangguang/lane/out-1";
    private MosquittoBroker _broker = null!;
    private ParkingAppFactory _app = null!;
    private MqttProbe _controller = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = _broker.Port.ToString(),
            ["Mqtt:ClientId"] = $"app-{Guid.NewGuid():N}",
        });
        await ConnectedAsync(true);
        _controller = await MqttProbe.ConnectAsync(_broker.Port);
    }

    [Fact]
    public async Task TheOwnersRead_IsAnsweredOpen_AVisitorsHold_AndTheStaysExist()
    {
        await _controller.PublishAsync($"{Entry}/read", """{"id":"r-1","plate":"京A12345","confidence":0.97}""");
        var owner = await _controller.NextAsync($"{Entry}/command", c => (string?)c["id"] == "r-1");
        await _controller.PublishAsync($"{Entry}/read", """{"id":"r-2","plate":"粤B12345","confidence":0.96}""");
        var visitor = await _controller.NextAsync($"{Entry}/command", c => (string?)c["id"] == "r-2");

        Assert.True(owner["open"]!.GetValue<bool>());
        Assert.Equal("open", (string?)owner["verdict"]);
        Assert.Equal("欢迎回家", (string?)owner["text"]);
        Assert.Equal("京A12345", (string?)owner["plate"]);
        Assert.False(visitor["open"]!.GetValue<bool>());
        Assert.Equal("hold", (string?)visitor["verdict"]);
        Assert.Equal("访客请扫码登记", (string?)visitor["text"]);
        var stays = await _app.WithDbAsync(db => db.ParkingSessions.Select(s => new { s.Plate, s.State }).ToListAsync());
        Assert.Contains(stays, s => s.Plate.Value == "京A12345" && s.State == SessionState.Inside);
        Assert.Contains(stays, s => s.Plate.Value == "粤B12345" && s.State == SessionState.AwaitingRegistration);
        // The booth sees the read as it sees a camera's: a capture row on the lane.
        Assert.Equal(2, await _app.WithDbAsync(db => db.LaneCaptures.CountAsync(c => c.LaneCode == "in-1")));
    }

    [Fact]
    public async Task AReadDeliveredAgain_IsAnsweredWithTheSameCommand_AndMakesOneStay()
    {
        const string read = """{"id":"r-7","plate":"京A12345","confidence":0.97}""";

        await _controller.PublishAsync($"{Entry}/read", read);
        var first = await _controller.NextAsync($"{Entry}/command", c => (string?)c["id"] == "r-7");
        await _controller.PublishAsync($"{Entry}/read", read);
        var again = await _controller.NextAsync($"{Entry}/command", c => (string?)c["id"] == "r-7");

        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ControllerReads.CountAsync()));
    }

    [Fact]
    public async Task AVisitorLeaving_IsHeldWithTheFeeOnTheDisplay()
    {
        var entered = DateTime.UtcNow.AddHours(-3);
        await _controller.PublishAsync("parking/cuihu/lane/p1-in/read", $$"""{"id":"e-1","plate":"粤B54321","confidence":0.98,"at":"{{entered:yyyy-MM-ddTHH:mm:ss}}Z"}""");
        Assert.True((await _controller.NextAsync("parking/cuihu/lane/p1-in/command", c => (string?)c["id"] == "e-1"))["open"]!.GetValue<bool>());

        await _controller.PublishAsync("parking/cuihu/lane/p1-out/read", """{"id":"x-1","plate":"粤B54321","confidence":0.98}""");
        var exit = await _controller.NextAsync("parking/cuihu/lane/p1-out/command", c => (string?)c["id"] == "x-1");

        Assert.False(exit["open"]!.GetValue<bool>());
        Assert.True(exit["fee"]!.GetValue<decimal>() > 0);
        Assert.Equal($"请缴费 ￥{exit["fee"]!.GetValue<decimal>():0.00}", (string?)exit["text"]);
        var stay = await _app.WithDbAsync(db => db.ParkingSessions.SingleAsync());
        Assert.Equal(entered, stay.EntryUtc, TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData(Entry + "/read", "{", "body")]
    [InlineData(Entry + "/read", "[1]", "body")]
    [InlineData(Entry + "/read", """{"plate":"京A12345","confidence":0.9}""", "id")]
    [InlineData(Entry + "/read", """{"id":"a b","plate":"京A12345","confidence":0.9}""", "id")]
    [InlineData(Entry + "/read", """{"id":"m-1","confidence":0.9}""", "plate")]
    [InlineData(Entry + "/read", """{"id":"m-1","plate":"NOTAPLATE","confidence":0.9}""", "plate")]
    [InlineData(Entry + "/read", """{"id":"m-1","plate":"京A12345","confidence":97}""", "confidence")]
    [InlineData(Entry + "/read", """{"id":"m-1","plate":"京A12345","confidence":"high"}""", "confidence")]
    [InlineData(Entry + "/read", """{"id":"m-1","plate":"京A12345","confidence":0.9,"at":"yesterday"}""", "at")]
    [InlineData(Entry + "/read", """{"id":"m-1","plate":"京A12345","confidence":0.9,"at":"2126-01-01T00:00:00Z"}""", "at")]
    [InlineData(Entry + "/read", """{"id":"m-1","plate":"京A12345","confidence":0.9,"picture":"not*base64"}""", "picture")]
    [InlineData("parking/yangguang/lane/in-9/read", """{"id":"m-1","plate":"京A12345","confidence":0.9}""", "lane")]
    [InlineData("parking/nowhere/lane/in-1/read", """{"id":"m-1","plate":"京A12345","confidence":0.9}""", "lot")]
    public async Task AMessageThatCannotBeRead_IsAnsweredOnTheErrorTopicNamingTheField_AndWritesNothing(string topic, string payload, string field)
    {
        await _controller.PublishAsync(topic, payload);
        var error = await _controller.NextAsync(topic[..topic.LastIndexOf('/')] + "/error");

        Assert.Equal(field, (string?)error["field"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        await NothingWrittenAsync();
    }

    [Fact]
    public async Task AnOversizeRead_IsRefusedNamingThePicture()
    {
        var picture = Convert.ToBase64String(new byte[15 * 1024 * 1024]);

        await _controller.PublishAsync($"{Entry}/read", $$"""{"id":"big-1","plate":"京A12345","confidence":0.9,"picture":"{{picture}}"}""");
        var error = await _controller.NextAsync($"{Entry}/error");

        Assert.Equal("picture", (string?)error["field"]);
        await NothingWrittenAsync();
    }

    [Fact]
    public async Task AGuardsOpenByHand_IsPublishedAtOnce_ToALaneAControllerDrives_AndTheBoothHearsItAnswered()
    {
        await _controller.PublishAsync($"{Exit}/heartbeat", "{}");
        await WaitUntilAsync(() => _app.WithDbAsync(db => db.LaneDevices.AnyAsync(d => d.LaneCode == "out-1" && d.Protocol == CameraProtocol.Mqtt)));

        await _app.Services.GetRequiredService<GateKeeper>().OpenByHandAsync(_app.Community.Id, DatabaseStartup.DemoExitLane, "guard", "送货车");
        var command = await _controller.NextAsync($"{Exit}/command");
        await WaitUntilAsync(() => _app.WithDbAsync(db => db.BarrierCommands.AnyAsync(c => c.AnsweredUtc != null)));

        Assert.Null(command["id"]);
        Assert.True(command["open"]!.GetValue<bool>());
        Assert.Equal("hand", (string?)command["cause"]);
        Assert.Equal("请通行", (string?)command["text"]);
        var answered = await _app.WithDbAsync(db => db.BarrierCommands.SingleAsync());
        Assert.Equal((string?)command["command_id"], answered.Id.ToString());
        Assert.Equal("mqtt:yangguang:out-1", answered.AnsweredBy);
        // Handed out once: the IVS camera on the same lane is not told again.
        Assert.False(await _app.Services.GetRequiredService<LaneBarrier>().TakeOpenAsync(_app.Community.Id, DatabaseStartup.DemoExitLane, "demo-ivs-out-1"));
    }

    [Fact]
    public async Task AHeartbeat_ShowsTheControllerOnlineOnTheLanesPage()
    {
        await _controller.PublishAsync($"{Entry}/heartbeat", """{"version":"1.2"}""");
        await WaitUntilAsync(() => _app.WithDbAsync(db => db.LaneDevices.AnyAsync(d => d.Protocol == CameraProtocol.Mqtt)));

        using var admin = await _app.AdminClientAsync();
        var cameras = await admin.GetFromJsonAsync<JsonElement>("/api/admin/cameras?lot=yangguang");
        var controller = cameras.EnumerateArray().Single(c => c.GetProperty("protocol").GetString() == "mqtt");

        Assert.Equal("in-1", controller.GetProperty("lane").GetString());
        Assert.Equal("mqtt:yangguang:in-1", controller.GetProperty("serialno").GetString());
        Assert.True(controller.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task AnIvsPush_CannotSpeakForAnMqttController()
    {
        await _controller.PublishAsync($"{Entry}/heartbeat", "{}");
        await WaitUntilAsync(() => _app.WithDbAsync(db => db.LaneDevices.AnyAsync(d => d.Protocol == CameraProtocol.Mqtt)));
        using var http = _app.CreateClient();

        var response = await http.PostAsync("/api/devices/ivs/heartbeat", new FormUrlEncodedContent(new Dictionary<string, string> { ["serialno"] = "mqtt:yangguang:in-1" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheBrokerGoingAway_IsShownToTheAdmin_AndTheAppReconnects_ForTheNextRead()
    {
        using var admin = await _app.AdminClientAsync();
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/admin/mqtt")).GetProperty("connected").GetBoolean());
        await _controller.DisposeAsync();

        _broker.Stop();
        await ConnectedAsync(false);
        var down = await admin.GetFromJsonAsync<JsonElement>("/api/admin/mqtt");
        // The HTTP lanes keep working meanwhile.
        using var camera = _app.DeviceClient();
        var entry = await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345" });
        await _broker.StartAgainAsync();
        await ConnectedAsync(true);
        _controller = await MqttProbe.ConnectAsync(_broker.Port);
        await _controller.PublishAsync($"{Exit}/read", """{"id":"after-1","plate":"京A12345","confidence":0.97}""");
        var command = await _controller.NextAsync($"{Exit}/command", c => (string?)c["id"] == "after-1");

        Assert.False(down.GetProperty("connected").GetBoolean());
        Assert.False(string.IsNullOrEmpty(down.GetProperty("last_error").GetString()));
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.True(command["open"]!.GetValue<bool>());
        Assert.Equal("一路平安", (string?)command["text"]);
    }

    [Fact]
    public async Task TheLinkStatus_IsForAdminsOnly()
    {
        using var guard = await _app.GuardClientAsync();
        using var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/admin/mqtt")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/mqtt")).StatusCode);
    }

    private async Task NothingWrittenAsync()
    {
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ControllerReads.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.LaneCaptures.CountAsync()));
    }

    private async Task ConnectedAsync(bool connected)
    {
        var link = _app.Services.GetRequiredService<MqttLink>();
        await WaitUntilAsync(() => Task.FromResult(link.State.Connected == connected), seconds: 30);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 15)
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
        await _controller.DisposeAsync();
        await _app.DisposeAsync();
        await _broker.DisposeAsync();
    }
}
