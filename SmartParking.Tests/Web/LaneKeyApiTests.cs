using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>An integrator adds lanes and camera keys over the admin API; the cameras then live with what was issued.</summary>
public sealed class LaneKeyApiTests(LaneKeyApiTests.App app) : IClassFixture<LaneKeyApiTests.App>
{
    public sealed class App() : ParkingAppFactory(clock: new FakeClock(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero)))
    {
        public FakeClock FakeClock => (FakeClock)Clock!;
    }

    private const string Lot = "?lot=yangguang";

    private async Task<HttpClient> AdminAsync() => await app.AdminClientAsync();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), body);
        }
    }

    private async Task<string> NewLaneWithKeyAsync(HttpClient admin, string code, string name, string direction = "entry")
    {
        var lane = await admin.PostAsJsonAsync("/api/admin/lanes" + Lot, new { code, name, direction });
        Assert.Equal(HttpStatusCode.Created, lane.StatusCode);
        var key = await admin.PostAsync($"/api/admin/lanes/{code}/keys" + Lot, null);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        return (await JsonAsync(key)).GetProperty("key").GetString()!;
    }

    private async Task<Guid> KeyIdAsync(string secret) =>
        await app.WithDbAsync(db => db.DeviceKeys.Where(k => k.KeyHash == DeviceKey.Hash(secret)).Select(k => k.Id).SingleAsync());

    [Fact]
    public async Task AKeyIssuedForALane_LetsItsCameraIn_ButNotAtAnotherLaneOrTheExit_AndOnlyItsHashIsKept()
    {
        using var admin = await AdminAsync();

        var secret = await NewLaneWithKeyAsync(admin, "in-north", "北门入口");
        using var camera = app.DeviceClient(secret);
        var entry = await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345" });
        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "京A12345" });
        var otherLane = await camera.PostAsync("/api/lanes/out-1/capture", new ByteArrayContent([1]));

        Assert.StartsWith("spk_", secret);
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Equal("open", (await JsonAsync(entry)).GetProperty("gate").GetString());
        await AssertProblemAsync(exit, HttpStatusCode.Unauthorized, "Device.KeyOfAnotherLane", "X-Device-Key");
        await AssertProblemAsync(otherLane, HttpStatusCode.Unauthorized, "Device.KeyOfAnotherLane", "X-Device-Key");
        var stored = await app.WithDbAsync(db => db.DeviceKeys.AsNoTracking().SingleAsync(k => k.LaneCode == "in-north"));
        Assert.Equal(DeviceKey.Hash(secret), stored.KeyHash);
        Assert.DoesNotContain(secret, stored.KeyHash + stored.Hint + stored.Name);
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "IssueDeviceKey" || a.Action == "AddLane").ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.DoesNotContain(audit, a => (a.After ?? "").Contains(secret));
    }

    [Fact]
    public async Task RevokingAKey_MakesItsNextCall401_AndRevokingItAgainSaysSo()
    {
        using var admin = await AdminAsync();
        var secret = await NewLaneWithKeyAsync(admin, "in-west", "西门入口");
        using var camera = app.DeviceClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "京B10001" })).StatusCode);
        var id = await KeyIdAsync(secret);

        var revoked = await admin.DeleteAsync($"/api/admin/keys/{id}" + Lot);
        var next = await camera.PostAsJsonAsync("/api/entry", new { id = "京B10002" });
        var again = await admin.DeleteAsync($"/api/admin/keys/{id}" + Lot);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", (await JsonAsync(revoked)).GetProperty("state").GetString());
        await AssertProblemAsync(next, HttpStatusCode.Unauthorized, "Device.KeyRevoked", "X-Device-Key");
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "DeviceKey.AlreadyRevoked", "id");
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "RevokeDeviceKey")));
    }

    [Fact]
    public async Task AKeyRevokedByAnotherInstance_IsRefusedAtItsNextCallHere()
    {
        using var admin = await AdminAsync();
        var secret = await NewLaneWithKeyAsync(admin, "in-south", "南门入口");
        using var camera = app.DeviceClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "京B20001" })).StatusCode);

        // Another instance on the same database revokes it: this one learns of it from the row, nothing to invalidate.
        var now = app.FakeClock.GetUtcNow().UtcDateTime;
        var changed = await app.WithDbAsync(db => db.DeviceKeys.Where(k => k.KeyHash == DeviceKey.Hash(secret))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedUtc, now)));
        var next = await camera.PostAsJsonAsync("/api/entry", new { id = "京B20002" });

        Assert.Equal(1, changed);
        await AssertProblemAsync(next, HttpStatusCode.Unauthorized, "Device.KeyRevoked", "X-Device-Key");
        Assert.False(await app.WithDbAsync(db => db.ParkingSessions.AnyAsync(s => s.Plate == SmartParking.Domain.People.PlateNumber.Parse("京B20002"))));
    }

    [Fact]
    public async Task RotatingWithAnHoursGrace_KeepsTheOldKeyWorkingForThatHour_ThenOnlyTheNewOne()
    {
        using var admin = await AdminAsync();
        var old = await NewLaneWithKeyAsync(admin, "out-south", "南门出口", "exit");
        var id = await KeyIdAsync(old);

        var rotated = await admin.PostAsJsonAsync($"/api/admin/keys/{id}/rotate" + Lot, new { grace_minutes = 60 });
        var body = await JsonAsync(rotated);
        var fresh = body.GetProperty("key").GetString()!;
        using var oldCamera = app.DeviceClient(old);
        using var newCamera = app.DeviceClient(fresh);
        var oldInGrace = await oldCamera.PostAsJsonAsync("/api/exit", new { id = "京C20001" });
        app.FakeClock.Advance(TimeSpan.FromMinutes(61));
        var oldAfter = await oldCamera.PostAsJsonAsync("/api/exit", new { id = "京C20001" });
        var newAfter = await newCamera.PostAsJsonAsync("/api/exit", new { id = "京C20001" });
        // The admin's 15-minute token of an hour ago has run out: the admin signs in again.
        using var adminLater = await AdminAsync();
        var rotateAgain = await adminLater.PostAsJsonAsync($"/api/admin/keys/{id}/rotate" + Lot, new { grace_minutes = 0 });

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        Assert.Equal(id, body.GetProperty("replaces").GetGuid());
        Assert.Equal("out-south", body.GetProperty("lane").GetString());
        Assert.NotEqual(old, fresh);
        // Not 401: the key still opens the lane; the car simply is not inside.
        await AssertProblemAsync(oldInGrace, HttpStatusCode.NotFound, "Gate.NoOpenStay", "id");
        await AssertProblemAsync(oldAfter, HttpStatusCode.Unauthorized, "Device.KeyRevoked", null);
        await AssertProblemAsync(newAfter, HttpStatusCode.NotFound, "Gate.NoOpenStay", "id");
        await AssertProblemAsync(rotateAgain, HttpStatusCode.Conflict, "DeviceKey.AlreadyRevoked", "id");
    }

    [Fact]
    public async Task RotatingWithoutABody_StopsTheOldKeyAtOnce()
    {
        using var admin = await AdminAsync();
        var old = await NewLaneWithKeyAsync(admin, "in-east2", "东二门入口");
        var id = await KeyIdAsync(old);

        var rotated = await admin.PostAsync($"/api/admin/keys/{id}/rotate" + Lot, null);
        using var oldCamera = app.DeviceClient(old);
        using var newCamera = app.DeviceClient((await JsonAsync(rotated)).GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        await AssertProblemAsync(await oldCamera.PostAsJsonAsync("/api/entry", new { id = "京D30001" }), HttpStatusCode.Unauthorized, "Device.KeyRevoked", null);
        Assert.Equal(HttpStatusCode.OK, (await newCamera.PostAsJsonAsync("/api/entry", new { id = "京D30001" })).StatusCode);
    }

    public static TheoryData<string, int, string, string> BadLanes => new()
    {
        { """{"code": "in-x1", "direction": "entry"}""", 400, "Request.Invalid", "name" },
        { """{"code": "in-x2", "name": "   ", "direction": "entry"}""", 400, "Request.Invalid", "name" },
        { $$"""{"code": "in-x3", "name": "{{new string('门', 65)}}", "direction": "entry"}""", 400, "Lane.NameRequired", "name" },
        { """{"code": "in-x4", "name": "斜门", "direction": "sideways"}""", 400, "Request.Invalid", "direction" },
        { """{"code": "in-x5", "name": "斜门"}""", 400, "Request.Invalid", "direction" },
        { """{"code": "In 1!", "name": "斜门", "direction": "entry"}""", 400, "Lane.CodeInvalid", "code" },
        { """{"code": "in-1", "name": "又一个入口", "direction": "entry"}""", 400, "Lane.CodeTaken", "code" },
        { """{"code": "in-x6", "name": "东门入口 / east gate in", "direction": "exit"}""", 400, "Lane.NameTaken", "name" },
        { """{"code": "in-x7", "name": "斜门", "direction": "entry", "auto_open": 3}""", 400, "Lane.AutoOpenConfidenceOutOfRange", "auto_open" },
        { """{"code": "in-x8", "name": "斜门", "direction": "entry", "auto_open": "high"}""", 400, "Request.Invalid", "auto_open" },
        { """["in-x9"]""", 400, "Request.Invalid", "body" },
    };

    [Theory]
    [MemberData(nameof(BadLanes))]
    public async Task ABadLane_IsRefusedNamingTheField_AndNothingIsWritten(string json, int status, string code, string field)
    {
        using var admin = await AdminAsync();
        var lanesBefore = await app.WithDbAsync(db => db.Lanes.CountAsync());

        var response = await app.PostJsonAsync(admin, "/api/admin/lanes" + Lot, json);

        await AssertProblemAsync(response, (HttpStatusCode)status, code, field);
        Assert.Equal(lanesBefore, await app.WithDbAsync(db => db.Lanes.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "AddLane" && a.Subject.StartsWith("Lane in-x"))));
    }

    [Fact]
    public async Task BadKeyRequests_AreRefusedNamingTheField_AndIssueNothing()
    {
        using var admin = await AdminAsync();
        var secret = await NewLaneWithKeyAsync(admin, "in-bad", "测试入口");
        var id = await KeyIdAsync(secret);
        var mallKey = await app.WithDbAsync(db => db.DeviceKeys.Where(k => k.LotId == app.Commercial.Id).Select(k => k.Id).FirstAsync());
        var keysBefore = await app.WithDbAsync(db => db.DeviceKeys.CountAsync());

        await AssertProblemAsync(await admin.PostAsync("/api/admin/lanes/no-such-lane/keys" + Lot, null), HttpStatusCode.NotFound, "Lane.Unknown", "lane");
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/admin/lanes/in-bad/keys" + Lot, new { name = new string('k', 101) }), HttpStatusCode.BadRequest, "DeviceKey.NameTooLong", "name");
        await AssertProblemAsync(await app.PostJsonAsync(admin, "/api/admin/lanes/in-bad/keys" + Lot, "{name"), HttpStatusCode.BadRequest, "Request.Invalid", "body");
        foreach (var grace in new[] { "-1", "43201", "1000000000000", "\"soon\"", "1.5" })
        {
            await AssertProblemAsync(await app.PostJsonAsync(admin, $"/api/admin/keys/{id}/rotate" + Lot, $$"""{"grace_minutes": {{grace}}}"""), HttpStatusCode.BadRequest, grace == "-1" || grace == "43201" ? "DeviceKey.GraceOutOfRange" : "Request.Invalid", "grace_minutes");
        }

        await AssertProblemAsync(await admin.PostAsync("/api/admin/keys/not-a-key/rotate" + Lot, null), HttpStatusCode.BadRequest, "DeviceKey.IdMalformed", "id");
        await AssertProblemAsync(await admin.DeleteAsync("/api/admin/keys/not-a-key" + Lot), HttpStatusCode.BadRequest, "DeviceKey.IdMalformed", "id");
        await AssertProblemAsync(await admin.DeleteAsync($"/api/admin/keys/{Guid.NewGuid()}" + Lot), HttpStatusCode.NotFound, "DeviceKey.NotFound", "id");
        // Another lot's key is not found here, exactly as one that does not exist.
        await AssertProblemAsync(await admin.DeleteAsync($"/api/admin/keys/{mallKey}" + Lot), HttpStatusCode.NotFound, "DeviceKey.NotFound", "id");
        await AssertProblemAsync(await admin.PostAsync($"/api/admin/keys/{mallKey}/rotate" + Lot, null), HttpStatusCode.NotFound, "DeviceKey.NotFound", "id");

        Assert.Equal(keysBefore, await app.WithDbAsync(db => db.DeviceKeys.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.DeviceKeys.CountAsync(k => k.RevokedUtc != null && (k.Id == id || k.Id == mallKey))));
    }

    [Fact]
    public async Task OnlyAdmins_ManageLanesAndKeys()
    {
        using var guard = await app.GuardClientAsync();
        using var owner = await app.OwnerClientAsync();
        using var camera = app.DeviceClient();
        using var anonymous = app.CreateClient();

        foreach (var client in new[] { guard, owner, camera })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/lanes")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/admin/lanes", new { code = "in-z", name = "Z", direction = "entry" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/admin/lanes/in-1/keys", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/admin/keys/{Guid.NewGuid()}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/lanes")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Lanes.CountAsync(l => l.Code == "in-z")));
    }

    [Fact]
    public async Task ACamerasLastCall_IsNotedAtMostOnceAMinute_AndTheListSaysWhenItFellSilent()
    {
        using var admin = await AdminAsync();
        var secret = await NewLaneWithKeyAsync(admin, "in-seen", "观察入口");
        using var camera = app.DeviceClient(secret);
        var first = app.FakeClock.GetUtcNow().UtcDateTime;

        await camera.PostAsJsonAsync("/api/entry", new { id = "京E40001" });
        app.FakeClock.Advance(TimeSpan.FromSeconds(40));
        await camera.PostAsJsonAsync("/api/entry", new { id = "京E40002" });
        var afterTwo = await app.WithDbAsync(db => db.DeviceKeys.AsNoTracking().SingleAsync(k => k.KeyHash == DeviceKey.Hash(secret)));
        app.FakeClock.Advance(TimeSpan.FromSeconds(30));
        await camera.PostAsJsonAsync("/api/entry", new { id = "京E40003" });
        var afterThree = await app.WithDbAsync(db => db.DeviceKeys.AsNoTracking().SingleAsync(k => k.KeyHash == DeviceKey.Hash(secret)));
        var heard = await ListedKeyAsync(admin, "in-seen");
        app.FakeClock.Advance(TimeSpan.FromMinutes(6));
        var quiet = await ListedKeyAsync(admin, "in-seen");

        Assert.Equal(first, afterTwo.LastSeenUtc);
        Assert.Equal(first.AddSeconds(70), afterThree.LastSeenUtc);
        Assert.False(heard.GetProperty("silent").GetBoolean());
        Assert.Equal(LotTimeIso(first.AddSeconds(70)), heard.GetProperty("last_seen_at").GetString());
        Assert.True(quiet.GetProperty("silent").GetBoolean());
    }

    [Fact]
    public async Task AnUnknownKey_Is401NamingTheHeader()
    {
        using var camera = app.DeviceClient("spk_made-up");

        var response = await camera.PostAsJsonAsync("/api/entry", new { id = "京F50001" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Device.KeyUnknown", "X-Device-Key");
    }

    [Fact]
    public async Task OpenApi_ListsTheAdminRoutes_WithExamples()
    {
        using var anonymous = app.CreateClient();

        var document = await anonymous.GetStringAsync("/openapi/v1.json");

        foreach (var route in new[] { "/api/admin/lanes", "/api/admin/lanes/{lane}/keys", "/api/admin/keys/{id}/rotate", "/api/admin/keys/{id}" })
        {
            Assert.Contains($"\"{route}\"", document);
        }

        Assert.Contains("grace_minutes", document);
        Assert.Contains("北门入口", document);
    }

    private async Task<JsonElement> ListedKeyAsync(HttpClient admin, string lane)
    {
        var lanes = await admin.GetFromJsonAsync<JsonElement>("/api/admin/lanes" + Lot);
        return lanes.EnumerateArray().Single(l => l.GetProperty("code").GetString() == lane).GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("lane").GetString() == lane);
    }

    private static string LotTimeIso(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd'T'HH:mm:ss");
}

public sealed class DemoKeysOutsideDemoTests
{
    [Fact]
    public async Task InProduction_TheDemoKeysAre401_EvenIfADemoRunLeftThemInTheDatabase_WhileAnIssuedKeyWorks()
    {
        using var app = new ParkingAppFactory(
            new Dictionary<string, string?>
            {
                ["Demo:Enabled"] = "false",
                ["Bootstrap:AdminUserName"] = "chief",
                ["Bootstrap:AdminPassword"] = "Chief-Secret-2026",
                ["Auth:RequireTwoFactor"] = "false",
            },
            environment: "Production");
        using var chief = await app.ClientForAsync("chief", "Chief-Secret-2026");
        var lot = (await chief.GetFromJsonAsync<JsonElement>("/api/lots")).EnumerateArray().Single().GetProperty("id").GetGuid();
        await app.WithDbAsync(db =>
        {
            db.DeviceKeys.Add(DeviceKey.Issue(lot, "left over from a demo", DatabaseStartup.DemoDeviceKey, DateTime.UtcNow));
            return db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Created, (await chief.PostAsJsonAsync("/api/admin/lanes", new { code = "in-1", name = "东门入口", direction = "entry" })).StatusCode);
        var issued = await (await chief.PostAsync("/api/admin/lanes/in-1/keys", null)).Content.ReadFromJsonAsync<JsonElement>();

        using var demoCamera = app.DeviceClient(DatabaseStartup.DemoDeviceKey);
        using var mallDemoCamera = app.DeviceClient(DatabaseStartup.DemoCommercialDeviceKey);
        using var realCamera = app.DeviceClient(issued.GetProperty("key").GetString()!);
        var demo = await demoCamera.PostAsJsonAsync("/api/entry", new { id = "京A12345" });
        var mallDemo = await mallDemoCamera.PostAsJsonAsync("/api/entry", new { id = "京A12345" });
        var real = await realCamera.PostAsJsonAsync("/api/entry", new { id = "京A12345" });

        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        Assert.Equal("Device.DemoKeyOff", (await demo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, mallDemo.StatusCode);
        // The issued key gets past the door; what the gate then says depends on the fee rules the admin has yet to set.
        Assert.NotEqual(HttpStatusCode.Unauthorized, real.StatusCode);
    }
}
