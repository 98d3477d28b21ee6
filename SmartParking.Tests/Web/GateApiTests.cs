using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>The legacy gate routes over real HTTP on a real SQLite file, each test with its own app.</summary>
public sealed class GateApiTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Lot:Capacity"] = "3" });

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("NU123456", "货车", "2023-10-09T09:00:00", "2023-10-09T10:16:00", 20)]
    [InlineData("粤B12345", "小车", "2023-10-09T10:00:00", "2023-10-09T10:14:00", 0)]
    [InlineData("沪C54321", "小车", "2023-10-13T20:00:00", "2023-10-14T08:30:00", 50)]
    [InlineData("苏E12345", "small", "2023-10-09T10:00:00", "2023-10-09T10:16:00", 5)]
    public async Task EntryThenExit_ChargesTheSeedTableFees(string plate, string type, string entry, string exit, decimal fee)
    {
        using var camera = _app.DeviceClient();

        var entered = await Post(camera, "/api/entry", new { id = plate, start_time = entry, vehicle_type = type });
        var exited = await Post(camera, "/api/exit", new { id = plate, start_time = exit });

        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exited.StatusCode);
        var body = await exited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fee, body.GetProperty("cost").GetDecimal());
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(fee == 0 ? "none" : "unpaid", body.GetProperty("payment").GetString());
    }

    [Fact]
    public async Task Entry_AnswersTheSeedKeys_PlusTheDecision()
    {
        using var camera = _app.DeviceClient();

        var response = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T13:45:30" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var key in new[] { "BOHI", "BODI", "BOMI" })
        {
            Assert.Equal(JsonValueKind.Number, body.GetProperty(key).ValueKind);
        }

        Assert.Equal("hold", body.GetProperty("gate").GetString());
        Assert.Equal("visitor", body.GetProperty("customer").GetString());
        Assert.Equal("2023-10-09T13:45:30", body.GetProperty("start_time").GetString());
        Assert.Equal(1, await Sessions("NU123456"));
    }

    [Fact]
    public async Task Owner_EntersAndLeaves_BalanceDropsByTheOwnerRulesFee()
    {
        await PriceOwnersAsync(FeeRule.Create(VehicleType.Small, CustomerClass.Owner, 0, 60, 2m, 20m, false, version: 2));
        using var camera = _app.DeviceClient();

        var entered = await Post(camera, "/api/entry", new { id = "京A12345", start_time = "2023-10-09T08:00:00" });
        var exited = await Post(camera, "/api/exit", new { id = "京A12345", end_time = "2023-10-09T10:30:00" });

        Assert.Equal("open", (await entered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
        var body = await exited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(6m, body.GetProperty("cost").GetDecimal());
        Assert.Equal("balance", body.GetProperty("payment").GetString());
        Assert.Equal(94m, body.GetProperty("balance").GetDecimal());
        Assert.Equal(94m, await _app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Balance).SingleAsync()));
    }

    [Fact]
    public async Task Owner_WithTheDefaultFreeRule_PaysNothing()
    {
        using var camera = _app.DeviceClient();

        await Post(camera, "/api/entry", new { id = "京A12345", start_time = "2023-10-09T08:00:00" });
        var exited = await Post(camera, "/api/exit", new { id = "京A12345", start_time = "2023-10-09T18:00:00" });

        Assert.Equal(0m, (await exited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cost").GetDecimal());
        Assert.Equal(100m, await _app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Balance).SingleAsync()));
    }

    [Fact]
    public async Task SameEntryReadTwice_RecordsOneStay()
    {
        using var camera = _app.DeviceClient();

        var first = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });
        var again = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(repeated.GetProperty("repeated").GetBoolean());
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session_id").GetString(),
            repeated.GetProperty("session_id").GetString());
        Assert.Equal(1, await Sessions("NU123456"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task EntryReplayedAfterItsExit_AnswersRepeatedWithTheClosedStay_AndWritesNothing()
    {
        using var camera = _app.DeviceClient();
        var first = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });
        await Post(camera, "/api/exit", new { id = "NU123456", start_time = "2023-10-09T10:00:00" });

        var replayed = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        var body = await replayed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("repeated").GetBoolean());
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("session_id").GetString(), body.GetProperty("session_id").GetString());
        Assert.Equal(1, await Sessions("NU123456"));
        Assert.Equal(2, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
        Assert.False(await _app.WithDbAsync(db => db.ParkingSessions.AnyAsync(ParkingSession.IsOpen)));
    }

    [Fact]
    public async Task PlateAlreadyInside_Answers409WithTheOpenStay_AndNoSecondStay()
    {
        using var camera = _app.DeviceClient();
        await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });

        var second = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:30:00" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var body = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2023-10-09T09:00:00", body.GetProperty("session").GetProperty("start_time").GetString());
        Assert.Equal(1, await Sessions("NU123456"));
    }

    [Fact]
    public async Task BlacklistedPlate_Answers403WithTheReason_AndWritesNothing()
    {
        await _app.ListAsync("NU666666", ListKind.Blacklist, "多次欠费逃费");
        using var camera = _app.DeviceClient();

        var response = await Post(camera, "/api/entry", new { id = "NU666666", start_time = "2023-10-09T09:00:00" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("deny", body.GetProperty("gate").GetString());
        Assert.Contains("多次欠费逃费", body.GetProperty("reason").GetString());
        Assert.Equal(0, await Sessions("NU666666"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task WhitelistedVisitor_IsLetStraightIn()
    {
        await _app.ListAsync("NU777777", ListKind.Whitelist, "物业工程车");
        using var camera = _app.DeviceClient();

        var response = await Post(camera, "/api/entry", new { id = "NU777777", start_time = "2023-10-09T09:00:00" });

        Assert.Equal("open", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
    }

    [Fact]
    public async Task RegisteredVisitor_IsLetIn_WithoutBeingAskedAgain()
    {
        await _app.WithDbAsync(async db =>
        {
            db.Visitors.Add(Visitor.Register(_app.Community.Id, "赵六", ChineseIdNumber.Parse("110105198001011238"), MobileNumber.Parse("13700137000"),
                PlateNumber.Parse("NU888888"), new DateTime(2023, 10, 9, 0, 0, 0, DateTimeKind.Utc)));
            return await db.SaveChangesAsync();
        });
        using var camera = _app.DeviceClient();

        var soon = await Post(camera, "/api/entry", new { id = "NU888888", start_time = "2023-10-09T12:00:00" });
        await Post(camera, "/api/exit", new { id = "NU888888", start_time = "2023-10-09T13:00:00" });
        var days = await Post(camera, "/api/entry", new { id = "NU888888", start_time = "2023-10-12T12:00:00" });

        Assert.Equal("open", (await soon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
        Assert.Equal("hold", (await days.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
    }

    [Fact]
    public async Task LotFull_TurnsVisitorsAwayWith409_ButOwnersGetIn()
    {
        using var camera = _app.DeviceClient();
        foreach (var plate in new[] { "NU100001", "NU100002", "NU100003" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Post(camera, "/api/entry", new { id = plate, start_time = "2023-10-09T09:00:00" })).StatusCode);
        }

        var visitor = await Post(camera, "/api/entry", new { id = "NU100004", start_time = "2023-10-09T09:05:00" });
        var owner = await Post(camera, "/api/entry", new { id = "京A12345", start_time = "2023-10-09T09:06:00" });

        Assert.Equal(HttpStatusCode.Conflict, visitor.StatusCode);
        Assert.Contains("满", (await visitor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(0, await Sessions("NU100004"));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Exit_WithoutAnOpenStay_Answers404_AndWritesNothing()
    {
        using var camera = _app.DeviceClient();

        var response = await Post(camera, "/api/exit", new { id = "NU123456", start_time = "2023-10-09T10:00:00" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.True(body.GetProperty("errors").TryGetProperty("id", out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task Exit_BeforeEntry_Answers400NamingTheTime_AndTheStayStaysOpen()
    {
        using var camera = _app.DeviceClient();
        await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T10:00:00" });

        var response = await Post(camera, "/api/exit", new { id = "NU123456", start_time = "2023-10-09T09:59:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("start_time", out _));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.State == SessionState.AwaitingRegistration)));
        Assert.Equal(0m, await _app.WithDbAsync(db => db.IncomeHours.CountAsync()));
    }

    [Fact]
    public async Task TimeWithAnOffset_IsTheSameInstantAsLotLocal()
    {
        using var camera = _app.DeviceClient();

        var response = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T05:45:30Z" });

        Assert.Equal("2023-10-09T13:45:30", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("start_time").GetString());
    }

    [Fact]
    public async Task VehicleType_DefaultsToTheRegisteredVehicle_ElseSmallCar()
    {
        using var camera = _app.DeviceClient();

        var owner = await Post(camera, "/api/entry", new { id = "京A12345", start_time = "2023-10-09T08:00:00" });
        var visitor = await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T08:00:00" });

        Assert.Equal("小车", (await owner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("vehicle_type").GetString());
        Assert.Equal("小车", (await visitor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("vehicle_type").GetString());
    }

    [Theory]
    [InlineData("/api/entry", "{\"id\":", "body")]
    [InlineData("/api/entry", "{\"start_time\":\"2023-10-09T13:45:30\"}", "id")]
    [InlineData("/api/entry", "{\"id\":\"ABC\",\"start_time\":\"2023-10-09T13:45:30\"}", "id")]
    [InlineData("/api/entry", "{\"id\":\"京I12345\"}", "id")]
    [InlineData("/api/entry", "{\"id\":\"NU123456\",\"start_time\":\"yesterday\"}", "start_time")]
    [InlineData("/api/entry", "{\"id\":\"NU123456\",\"start_time\":\"2023-13-40T25:00:00\"}", "start_time")]
    [InlineData("/api/entry", "{\"id\":\"NU123456\",\"vehicle_type\":\"bus\"}", "vehicle_type")]
    [InlineData("/api/exit", "not json", "body")]
    [InlineData("/api/exit", "{}", "id")]
    [InlineData("/api/exit", "{\"id\":\"NU123456\",\"end_time\":\"10:00\"}", "end_time")]
    public async Task BadInput_Answers400NamingTheField_AndWritesNothing(string path, string json, string field)
    {
        using var camera = _app.DeviceClient();

        var response = await _app.PostJsonAsync(camera, path, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task BodyOver64KiB_Answers400_AndWritesNothing()
    {
        using var camera = _app.DeviceClient();
        var json = "{\"id\":\"NU123456\",\"note\":\"" + new string('x', 66_000) + "\"}";

        var response = await _app.PostJsonAsync(camera, "/api/entry", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task Gate_WithoutCredentials_Is401_AndAnOwnerToken_Is403()
    {
        using var anonymous = _app.CreateClient();
        using var owner = await _app.OwnerClientAsync();

        var noToken = await Post(anonymous, "/api/entry", new { id = "NU123456" });
        var wrongRole = await Post(owner, "/api/entry", new { id = "NU123456" });

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task Gate_AcceptsAGuardsBearerToken()
    {
        using var guard = await _app.GuardClientAsync();

        var response = await Post(guard, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("guard", await _app.WithDbAsync(db => db.GateEvents.Select(e => e.Source).SingleAsync()));
    }

    [Fact]
    public async Task ParallelExits_OfOnePlate_ChargeOnce()
    {
        await PriceOwnersAsync(FeeRule.Create(VehicleType.Small, CustomerClass.Owner, 0, 60, 3m, 30m, false, version: 2));
        using var camera = _app.DeviceClient();
        await Post(camera, "/api/entry", new { id = "京A12345", start_time = "2023-10-09T08:00:00" });

        var exits = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Post(_app.DeviceClient(), "/api/exit", new { id = "京A12345", start_time = "2023-10-09T10:00:00" })));

        Assert.All(exits, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(exits.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(bodies, b => !b.GetProperty("repeated").GetBoolean());
        Assert.All(bodies, b => Assert.Equal(6m, b.GetProperty("cost").GetDecimal()));
        Assert.Equal(94m, await _app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Balance).SingleAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.GateEvents.CountAsync(e => e.Kind == GateEventKind.Exit)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.IncomeHours.SumAsync(h => h.Stays)));
    }

    [Fact]
    public async Task ParallelCopiesOfOneEntryRead_CreateOneStay()
    {
        var entries = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Post(_app.DeviceClient(), "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" })));

        Assert.All(entries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await Sessions("NU123456"));
        Assert.Equal(1, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task IncomeFigures_AreTheFeesOfTheLastHourDayAndMonth_BeforeTheEntry()
    {
        using var camera = _app.DeviceClient();
        // Visitor small-car stays ending 40 days, 10 days, 5 hours and 20 minutes before 2023-10-09 12:00.
        await StayAsync(camera, "NU200001", "2023-08-30T10:00:00", "2023-08-30T11:00:00"); // ¥10, outside the month
        await StayAsync(camera, "NU200002", "2023-09-29T10:00:00", "2023-09-29T12:00:00"); // ¥20, month
        await StayAsync(camera, "NU200003", "2023-10-09T05:30:00", "2023-10-09T07:00:00"); // ¥15, day
        await StayAsync(camera, "NU200004", "2023-10-09T11:00:00", "2023-10-09T11:40:00"); // ¥5, hour (partial hour)

        var response = await Post(camera, "/api/entry", new { id = "NU300000", start_time = "2023-10-09T12:00:00" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5m, body.GetProperty("BOHI").GetDecimal());
        Assert.Equal(20m, body.GetProperty("BODI").GetDecimal());
        Assert.Equal(40m, body.GetProperty("BOMI").GetDecimal());
    }

    [Fact]
    public async Task EntriesAndExits_ArePublishedLive_WithTheirStableEventIds()
    {
        var feed = _app.Services.GetRequiredService<GateEventFeed>();
        var received = new List<GateNews>();
        using var subscription = feed.Subscribe(news =>
        {
            lock (received)
            {
                received.Add(news);
            }

            return Task.CompletedTask;
        });
        using var camera = _app.DeviceClient();

        var entry = await (await Post(camera, "/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var exit = await (await Post(camera, "/api/exit", new { id = "NU123456", start_time = "2023-10-09T10:16:00" })).Content.ReadFromJsonAsync<JsonElement>();

        await WaitUntilAsync(() => received.Count >= 2);
        Assert.Equal([GateNewsKind.Entered, GateNewsKind.Exited], received.Select(n => n.Kind));
        Assert.Equal(entry.GetProperty("event_id").GetGuid(), received[0].EventId);
        Assert.Equal(exit.GetProperty("event_id").GetGuid(), received[1].EventId);
        Assert.Equal(new DateTime(2023, 10, 9, 9, 0, 0), received[0].AtLocal);
        Assert.Equal(15m, received[1].Fee);
        Assert.Equal(2, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    private async Task StayAsync(HttpClient camera, string plate, string entry, string exit)
    {
        Assert.Equal(HttpStatusCode.OK, (await Post(camera, "/api/entry", new { id = plate, start_time = entry })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(camera, "/api/exit", new { id = plate, start_time = exit })).StatusCode);
    }

    private async Task PriceOwnersAsync(FeeRule rule) =>
        await _app.WithDbAsync(async db =>
        {
            db.FeeRules.Add(rule.For(_app.Community.Id));
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task AnEnglishCaller_ReadsTheDecisionAndTheFeeBreakdownInEnglish()
    {
        using var camera = _app.DeviceClient();

        var entered = await (await Post(camera, "/api/entry?culture=en", new { id = "NU123456", start_time = "2023-10-09T09:00:00", vehicle_type = "truck" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var exited = await (await Post(camera, "/api/exit?culture=en", new { id = "NU123456", start_time = "2023-10-10T10:16:00" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("The visitor must register (scan the QR code)", entered.GetProperty("reason").GetString());
        var breakdown = exited.GetProperty("breakdown").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(2, breakdown.Count);
        Assert.StartsWith("Window 1: 09:00→next day 09:00", breakdown[0]);
        Assert.All(breakdown, line => Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", line));
    }

    private Task<int> Sessions(string plate) =>
        _app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == PlateNumber.Parse(plate)));

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
