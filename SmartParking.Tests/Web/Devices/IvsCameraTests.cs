using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Devices;

/// <summary>
/// A Zhenshi / Alphadigi camera that reads plates itself, as it talks over HTTP: its plate record in, the barrier's
/// answer in the reply; heartbeats that carry the guard's "open"; offline records replayed after an outage.
/// </summary>
public sealed class IvsCameraTests : IDisposable
{
    private static readonly DateTime Now = DateTime.UtcNow;
    private readonly ParkingAppFactory _app = new();

    [Fact]
    public async Task TheOwnersCar_GetsOkInTheReply_AndAVisitorIsHeld_UntilRegistered()
    {
        using var camera = _app.CreateClient();

        var owner = await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 1001, "京A12345", 96);
        var visitor = await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 1002, "粤B12345", 97);

        var ownerReply = await ReplyAsync(owner);
        Assert.Equal("ok", ownerReply["info"]!.GetValue<string>());
        Assert.Equal(1001, ownerReply["plateid"]!.GetValue<long>());
        Assert.Equal("no", await InfoAsync(visitor));
        var stays = await _app.WithDbAsync(db => db.ParkingSessions.Select(s => new { s.Plate, s.State }).ToListAsync());
        Assert.Contains(stays, s => s.Plate.Value == "京A12345" && s.State == SessionState.Inside);
        Assert.Contains(stays, s => s.Plate.Value == "粤B12345" && s.State == SessionState.AwaitingRegistration);
    }

    [Fact]
    public async Task TheReply_CarriesTheLedBoardsLinesAndVoice_InGbkFramesWithAValidCrc()
    {
        using var camera = _app.CreateClient();

        var owner = await ReplyAsync(await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 1101, "京A12345", 96));
        var visitor = await ReplyAsync(await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 1102, "粤B12345", 97));
        using var api = _app.DeviceClient();
        await api.PostAsJsonAsync("/api/entry", new { id = "粤C77777", start_time = Local(Now.AddHours(-3)) });
        var leaving = await ReplyAsync(await PushAsync(camera, DatabaseStartup.DemoIvsExitSerial, 1103, "粤C77777", 96));

        Assert.Equal([(0x62, "京A12345"), (0x62, "欢迎回家"), (0x30, "欢迎回家")], Frames(owner));
        Assert.Equal("访客请扫码登记", Frames(visitor)[1].Text);
        var fee = await _app.WithDbAsync(db => db.ParkingSessions.Where(s => s.Plate == PlateNumber.Parse("粤C77777")).Select(s => s.Due).SingleAsync());
        Assert.True(fee > 0);
        Assert.Equal([(0x62, "粤C77777"), (0x62, $"请缴费 ￥{fee:0.00}"), (0x30, $"请缴费{fee:0.00}元")], Frames(leaving));
    }

    // The boards have no ¥ in GBK: the fee shows with the full-width ￥. Each frame: address, 0x64, 0xFFFF, command, length, data, CRC16/Modbus low byte first; the text after the line or say-now byte.
    private static List<(int Command, string Text)> Frames(JsonNode reply) => reply["serialData"]!.AsArray().Select(item =>
    {
        var frame = Convert.FromBase64String(item!["data"]!.GetValue<string>());
        Assert.Equal(frame.Length, item["dataLen"]!.GetValue<int>());
        Assert.Equal([0x00, 0x64, 0xFF, 0xFF], frame[..4]);
        Assert.Equal(frame.Length - 8, frame[5]);
        var crc = LedBoard.Crc16Modbus(frame.AsSpan(0, frame.Length - 2));
        Assert.Equal(((byte)(crc & 0xFF), (byte)(crc >> 8)), (frame[^2], frame[^1]));
        return ((int)frame[4], LedBoard.Decode(frame.AsSpan(7, frame.Length - 9)));
    }).ToList();

    [Fact]
    public async Task OnlyADoubtfulRead_IsCheckedAgainstThePicture_AgreeingItGoesThrough_DisagreeingItWaitsForTheGuard()
    {
        using var camera = _app.CreateClient();
        var picture = Convert.ToBase64String(SmartParking.Tests.Recognition.TestImages.PlateScene("沪B66666", SmartParking.Domain.Recognition.PlateColor.Blue));

        await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 4001, "沪B66666", 50, image: picture);
        await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 4002, "沪B66668", 50, image: picture);
        await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 4003, "沪B77777", 96, image: picture);

        var stays = await _app.WithDbAsync(db => db.ParkingSessions.Select(s => s.Plate).ToListAsync());
        // Both reads agree: the visitor is decided (held for registration), not left to the guard.
        Assert.Contains(stays, p => p.Value == "沪B66666");
        // Ours sure of another plate: the guard looks, with our read as the suggestion.
        Assert.DoesNotContain(stays, p => p.Value == "沪B66668");
        var waiting = await _app.WithDbAsync(db => db.LaneCaptures.SingleAsync(c => c.ReadPlate == "沪B66668"));
        Assert.Contains("沪B66666", waiting.Guesses);
        // The camera sure of its read decides alone; its picture is kept, not read.
        Assert.Contains(stays, p => p.Value == "沪B77777");
        Assert.NotNull(await _app.WithDbAsync(db => db.LaneCaptures.Where(c => c.ReadPlate == "沪B77777").Select(c => c.PhotoPath).SingleAsync()));
    }

    [Fact]
    public async Task ARecordSentTwice_IsAnsweredAlike_AndMakesOneStay()
    {
        using var camera = _app.CreateClient();

        var first = await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 2001, "京A12345", 96);
        var again = await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 2001, "京A12345", 96);

        Assert.Equal("ok", await InfoAsync(first));
        Assert.Equal("ok", await InfoAsync(again));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.CameraRecords.CountAsync()));
    }

    [Fact]
    public async Task OfflineRecords_ReplayedShuffledWithCopies_MakeTheSameStaysAndFees_AsLiveOnes()
    {
        using var camera = _app.CreateClient();
        var day = Now.Date.AddDays(-1);
        var records = new List<(string Serial, long Id, string Plate, DateTime At)>();
        for (var car = 0; car < 12; car++)
        {
            var plate = $"粤B{10000 + car}";
            records.Add((DatabaseStartup.DemoIvsEntrySerial, 5000 + car, plate, day.AddHours(8).AddMinutes(car)));
            records.Add((DatabaseStartup.DemoIvsExitSerial, 6000 + car, plate, day.AddHours(9 + car % 4).AddMinutes(car)));
        }

        // The exit camera's records can arrive before the entry camera's: each camera replays its own backlog.
        var replay = records.Concat(records.Take(6)).OrderBy(_ => Random.Shared.Next()).ToList();
        var answers = new List<JsonObject>();
        foreach (var (serial, id, plate, at) in replay)
        {
            answers.Add(await ReplyAsync(await PushAsync(camera, serial, id, plate, 95, offline: true, at: at)));
        }

        Assert.All(answers, a => Assert.Equal(1, a["ContinuePushOffline"]!["continue"]!.GetValue<int>()));
        var stays = await _app.WithDbAsync(db => db.ParkingSessions.ToListAsync());
        Assert.Equal(12, stays.Count);
        foreach (var stay in stays)
        {
            var record = records.Single(r => r.Plate == stay.Plate.Value && r.Serial == DatabaseStartup.DemoIvsEntrySerial);
            Assert.Equal(record.At, stay.EntryUtc, TimeSpan.FromSeconds(1));
            Assert.NotNull(stay.ExitUtc);
            Assert.True(stay.Fee > 0);
        }

        // The same stay made live over the gate API costs the same.
        using var api = _app.DeviceClient();
        var first = stays.OrderBy(s => s.Plate.Value).First();
        await api.PostAsJsonAsync("/api/entry", new { id = "粤C99999", start_time = Local(first.EntryUtc) });
        var live = await (await api.PostAsJsonAsync("/api/exit", new { id = "粤C99999", start_time = Local(first.ExitUtc!.Value) })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.Fee, live.GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task FiveHundredRecordsKeptThroughAnOutage_ReplayedByBothCamerasAtOnce_MakeEachStayOnce_WithTheFeesOfLiveCars()
    {
        // 250 cars came and went over a day while the server was down; both cameras kept their records.
        var day = Now.Date.AddDays(-2);
        var entries = new List<(long Id, string Plate, DateTime At)>();
        var exits = new List<(long Id, string Plate, DateTime At)>();
        for (var car = 0; car < 250; car++)
        {
            var plate = $"苏E{20000 + car}";
            var entered = day.AddMinutes(2 + car * 5);
            entries.Add((70000 + car, plate, entered));
            exits.Add((80000 + car, plate, entered.AddMinutes(20 + car * 37 % 400)));
        }

        // Back online, each camera replays its backlog in batches, out of order, some records twice (a batch cut off
        // by a live read is sent again); the two cameras at the same time.
        async Task ReplayAsync(string serial, List<(long Id, string Plate, DateTime At)> records)
        {
            using var camera = _app.CreateClient();
            var sent = records.Concat(records.Where((_, i) => i % 10 == 0)).OrderBy(_ => Random.Shared.Next()).ToList();
            foreach (var batch in sent.Chunk(25))
            {
                foreach (var (id, plate, at) in batch)
                {
                    var reply = await ReplyAsync(await PushAsync(camera, serial, id, plate, 95, offline: true, at: at));
                    Assert.Equal(id, reply["ContinuePushOffline"]!["plateid"]!.GetValue<long>());
                }
            }
        }

        await Task.WhenAll(ReplayAsync(DatabaseStartup.DemoIvsEntrySerial, entries), ReplayAsync(DatabaseStartup.DemoIvsExitSerial, exits));

        var stays = await _app.WithDbAsync(db => db.ParkingSessions.AsNoTracking().ToListAsync());
        Assert.Equal(250, stays.Count);
        Assert.Equal(500, await _app.WithDbAsync(db => db.CameraRecords.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CameraRecords.CountAsync(r => r.WaitsForEntry)));

        // The same cars driven live through the gate API at the same times, as twins with other plates.
        using var api = _app.DeviceClient();
        foreach (var car in Enumerable.Range(0, 250))
        {
            var twin = $"浙F{20000 + car}";
            await api.PostAsJsonAsync("/api/entry", new { id = twin, start_time = Local(entries[car].At) });
            var live = await (await api.PostAsJsonAsync("/api/exit", new { id = twin, start_time = Local(exits[car].At) })).Content.ReadFromJsonAsync<JsonElement>();
            var replayed = stays.Single(s => s.Plate.Value == entries[car].Plate);
            Assert.Equal((entries[car].At, exits[car].At), (replayed.EntryUtc, replayed.ExitUtc!.Value));
            Assert.Equal(live.GetProperty("cost").GetDecimal(), replayed.Fee);
        }
    }

    [Fact]
    public async Task AGuardsOpen_ReachesTheCamera_InTheNextHeartbeat_Once()
    {
        using var camera = _app.CreateClient();
        await _app.Services.GetRequiredService<GateKeeper>().OpenByHandAsync(_app.Community.Id, DatabaseStartup.DemoExitLane, "guard", "送货车");

        var first = await HeartbeatAsync(camera, DatabaseStartup.DemoIvsExitSerial);
        var second = await HeartbeatAsync(camera, DatabaseStartup.DemoIvsExitSerial);
        var entryLane = await HeartbeatAsync(camera, DatabaseStartup.DemoIvsEntrySerial);

        Assert.Equal("ok", first["Response_AlarmInfoPlate"]!["info"]!.GetValue<string>());
        Assert.Equal("no", BeatInfo(second));
        Assert.Equal("no", BeatInfo(entryLane));
        Assert.NotNull(await _app.WithDbAsync(db => db.LaneDevices.Where(d => d.SerialNumber == DatabaseStartup.DemoIvsExitSerial).Select(d => d.LastHeardUtc).SingleAsync()));
        var command = await _app.WithDbAsync(db => db.BarrierCommands.SingleAsync());
        Assert.Equal((DatabaseStartup.DemoExitLane, DatabaseStartup.DemoIvsExitSerial, "送货车"), (command.LaneCode, command.AnsweredBy, command.Reason));
        Assert.NotNull(command.AnsweredUtc);
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("[]", "AlarmInfoPlate")]
    [InlineData("""{"AlarmInfoPlate":{"serialno":"demo-ivs-in-1"}}""", "PlateResult")]
    [InlineData("""{"AlarmInfoPlate":{"serialno":"demo-ivs-in-1","result":{"PlateResult":{"license":"京A12345"}}}}""", "plateid")]
    [InlineData("""{"AlarmInfoPlate":{"serialno":"demo-ivs-in-1","result":{"PlateResult":{"license":"京A12345","plateid":7,"confidence":180}}}}""", "confidence")]
    [InlineData("""{"AlarmInfoPlate":{"serialno":"demo-ivs-in-1","result":{"PlateResult":{"license":"京A12345","plateid":7,"isoffline":1}}}}""", "timeStamp")]
    [InlineData("""{"AlarmInfoPlate":{"serialno":"demo-ivs-in-1","result":{"PlateResult":{"license":"京A12345","plateid":7,"imageFile":"not*base64"}}}}""", "imageFile")]
    [InlineData("""{"AlarmInfoPlate":{"result":{"PlateResult":{"license":"京A12345","plateid":7}}}}""", "serialno")]
    public async Task AMalformedRecord_Answers400NamingTheField_AndWritesNothing(string body, string field)
    {
        using var camera = _app.CreateClient();

        var response = await camera.PostAsync("/api/devices/ivs/plate", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync() ));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CameraRecords.CountAsync()));
    }

    [Fact]
    public async Task AnUnknownSerial_IsRefused401_AndAnOfflineRecordFromACenturyAhead_400()
    {
        using var camera = _app.CreateClient();

        var stranger = await PushAsync(camera, "not-registered", 1, "京A12345", 99);
        var beat = await camera.PostAsync("/api/devices/ivs/heartbeat", new FormUrlEncodedContent(new Dictionary<string, string> { ["serialno"] = "not-registered" }));
        var century = await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 9, "京A12345", 99, offline: true, at: new DateTime(2126, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal("Device.UnknownSerial", (await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, beat.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, century.StatusCode);
        Assert.True((await century.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("timeStamp", out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task A20MegabytePicture_IsRefused413_BeforeAnythingIsRead()
    {
        using var camera = _app.CreateClient();
        var image = Convert.ToBase64String(new byte[20 * 1024 * 1024]);

        var response = await PushAsync(camera, DatabaseStartup.DemoIvsEntrySerial, 3, "京A12345", 96, image: image);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task TheAdmin_RegistersACameraBySerial_ItPushesAtOnce_AndShowsOnline()
    {
        using var admin = await _app.AdminClientAsync();
        using var camera = _app.CreateClient();

        var registered = await admin.PostAsJsonAsync("/api/admin/lanes/in-1/cameras?lot=yangguang", new { serialno = "fe71e106-57263272", protocol = "ivs" });
        var twice = await admin.PostAsJsonAsync("/api/admin/lanes/out-1/cameras?lot=yangguang", new { serialno = "fe71e106-57263272" });
        var badSerial = await admin.PostAsJsonAsync("/api/admin/lanes/in-1/cameras?lot=yangguang", new { serialno = "has spaces/and slashes" });
        var noLane = await admin.PostAsJsonAsync("/api/admin/lanes/nowhere/cameras?lot=yangguang", new { serialno = "abc-123" });
        var pushed = await PushAsync(camera, "fe71e106-57263272", 1, "京A12345", 96);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/admin/cameras?lot=yangguang");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSerial.StatusCode);
        Assert.True((await badSerial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("serialno", out _));
        Assert.Equal(HttpStatusCode.NotFound, noLane.StatusCode);
        Assert.Equal("ok", await InfoAsync(pushed));
        var ours = listed.EnumerateArray().Single(c => c.GetProperty("serialno").GetString() == "fe71e106-57263272");
        Assert.True(ours.GetProperty("online").GetBoolean());
        Assert.False(listed.EnumerateArray().Single(c => c.GetProperty("serialno").GetString() == DatabaseStartup.DemoIvsExitSerial).GetProperty("online").GetBoolean());
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "RegisterCamera")));
    }

    private string Local(DateTime utc) => _app.Services.GetRequiredService<LotClock>().ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> PushAsync(HttpClient camera, string serial, long id, string plate, int confidence, bool offline = false, DateTime? at = null, string? image = null)
    {
        var seconds = new DateTimeOffset(at ?? DateTime.UtcNow).ToUnixTimeSeconds();
        var record = new JsonObject
        {
            ["AlarmInfoPlate"] = new JsonObject
            {
                ["channel"] = 0,
                ["deviceName"] = "IVS",
                ["ipaddr"] = "192.168.1.100",
                ["serialno"] = serial,
                ["result"] = new JsonObject
                {
                    ["PlateResult"] = new JsonObject
                    {
                        ["license"] = plate,
                        ["colorType"] = 1,
                        ["confidence"] = confidence,
                        ["plateid"] = id,
                        ["triggerType"] = 8,
                        ["isoffline"] = offline ? 1 : 0,
                        ["imageFile"] = image ?? "",
                        ["timeStamp"] = new JsonObject { ["Timeval"] = new JsonObject { ["sec"] = seconds, ["usec"] = 0 } },
                    },
                },
            },
        };
        return camera.PostAsync("/api/devices/ivs/plate", new StringContent(record.ToJsonString(), Encoding.UTF8, "application/json"));
    }

    internal static async Task<JsonObject> HeartbeatAsync(HttpClient camera, string serial)
    {
        var response = await camera.PostAsync("/api/devices/ivs/heartbeat", new MultipartFormDataContent
        {
            { new StringContent("IVS"), "device_name" },
            { new StringContent("192.168.1.100"), "ipaddr" },
            { new StringContent(serial), "serialno" },
            { new StringContent("1"), "channel_num" },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    // A heartbeat that carries a white-list change answers in Response_AlarmInfoPlate, a bare one in Response_Heartbeat.
    internal static string BeatInfo(JsonObject beat) => (beat["Response_AlarmInfoPlate"] ?? beat["Response_Heartbeat"])!["info"]!.GetValue<string>();

    private static async Task<JsonObject> ReplyAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonObject>())!["Response_AlarmInfoPlate"]!;
    }

    private static async Task<string> InfoAsync(HttpResponseMessage response) => (await ReplyAsync(response))["info"]!.GetValue<string>();

    public void Dispose() => _app.Dispose();
}
