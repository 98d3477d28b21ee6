using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Gate;

/// <summary>
/// A guard lifts a barrier by hand: the command waits for the lane's device, which collects it in the reply to its own
/// next request; the booth learns it was taken or that nobody answered. An admin counts each guard's openings per day.
/// </summary>
public sealed class HandOpeningTests : IDisposable
{
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero));
    private readonly ParkingAppFactory _app;

    public HandOpeningTests() => _app = new ParkingAppFactory(clock: _clock);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task EachGuardsOpenings_AreCountedPerLotDay_WithTheOnesNoBarrierAnswered()
    {
        var gate = _app.Services.GetRequiredService<GateKeeper>();
        var barrier = _app.Services.GetRequiredService<LaneBarrier>();
        var lot = _app.Community.Id;
        // Thursday 23:30 in Shanghai is still Thursday there, though it is 15:30 UTC.
        _clock.Advance(TimeSpan.FromHours(-12.5));
        await gate.OpenByHandAsync(lot, DatabaseStartup.DemoEntryLane, "guard2", "夜间送货");
        _clock.Advance(TimeSpan.FromHours(12.5));
        await gate.OpenByHandAsync(lot, DatabaseStartup.DemoEntryLane, "guard", "救护车");
        Assert.True(await barrier.TakeOpenAsync(lot, DatabaseStartup.DemoEntryLane, DatabaseStartup.DemoIvsEntrySerial));
        await gate.OpenByHandAsync(lot, DatabaseStartup.DemoExitLane, "guard", "道闸故障");
        _clock.Advance(TimeSpan.FromMinutes(1));

        using var admin = await _app.AdminClientAsync();
        var answer = await admin.GetFromJsonAsync<JsonElement>("/api/admin/hand-openings?lot=yangguang&days=7");

        var days = answer.GetProperty("days").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal(("2026-11-14", "2026-11-20"), (days[0], days[^1]));
        var guards = answer.GetProperty("guards").EnumerateArray().ToDictionary(g => g.GetProperty("guard").GetString()!);
        Assert.Equal([0, 0, 0, 0, 0, 0, 2], guards["guard"].GetProperty("per_day").EnumerateArray().Select(n => n.GetInt32()));
        Assert.Equal(1, guards["guard"].GetProperty("unanswered").GetInt32());
        Assert.Equal([0, 0, 0, 0, 0, 1, 0], guards["guard2"].GetProperty("per_day").EnumerateArray().Select(n => n.GetInt32()));
        Assert.Equal(1, guards["guard2"].GetProperty("unanswered").GetInt32());
    }

    [Theory]
    [InlineData("&days=0")]
    [InlineData("&days=91")]
    [InlineData("&days=abc")]
    public async Task AnImpossibleSpan_Answers400NamingDays(string query)
    {
        using var admin = await _app.AdminClientAsync();

        var response = await admin.GetAsync("/api/admin/hand-openings?lot=yangguang" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task AGuard_CannotReadTheCounts()
    {
        using var guard = await _app.GuardClientAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/admin/hand-openings?lot=yangguang")).StatusCode);
    }

    [Fact]
    public async Task AGuardsOpen_OverTheApi_WaitsForTheCamera_ThenSaysWhichOneTookIt()
    {
        using var guard = await _app.GuardClientAsync();
        var sent = await _app.PostJsonAsync(guard, "/api/lanes/in-1/open", """{"reason":"救护车进入"}""");
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var command = await sent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("waiting", "guard", "hand"), (command.GetProperty("state").GetString(), command.GetProperty("actor").GetString(), command.GetProperty("cause").GetString()));

        using var camera = _app.CreateClient();
        var beat = await camera.PostAsync("/api/devices/ivs/heartbeat", new FormUrlEncodedContent([new("serialno", DatabaseStartup.DemoIvsEntrySerial)]));
        Assert.Contains("\"ok\"", await beat.Content.ReadAsStringAsync());
        _clock.Advance(TimeSpan.FromSeconds(10));

        var taken = await guard.GetFromJsonAsync<JsonElement>(sent.Headers.Location!.ToString());
        Assert.Equal(("opened", DatabaseStartup.DemoIvsEntrySerial), (taken.GetProperty("state").GetString(), taken.GetProperty("answered_by").GetString()));
        Assert.Equal("2026-11-20T12:00:00", taken.GetProperty("answered_at").GetString());
    }

    [Fact]
    public async Task AnOpenNoDeviceCollects_IsNoAnswerAfterThreeSeconds_AndGoesStaleAfterTwoMinutes()
    {
        using var guard = await _app.GuardClientAsync();
        var sent = await _app.PostJsonAsync(guard, "/api/lanes/out-1/open", """{"reason":"道闸故障"}""");
        var location = sent.Headers.Location!.ToString();

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("no_answer", (await guard.GetFromJsonAsync<JsonElement>(location)).GetProperty("state").GetString());

        // Two minutes on, the car has gone: a camera asking now must not lift the barrier for the next one.
        _clock.Advance(TimeSpan.FromMinutes(2));
        using var camera = _app.CreateClient();
        var beat = await camera.PostAsync("/api/devices/ivs/heartbeat", new FormUrlEncodedContent([new("serialno", DatabaseStartup.DemoIvsExitSerial)]));
        Assert.DoesNotContain("\"ok\"", await beat.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("in-1", "{}", "reason", HttpStatusCode.BadRequest)]
    [InlineData("in-1", "{\"reason\":\"   \"}", "reason", HttpStatusCode.BadRequest)]
    [InlineData("in-1", "not json", "body", HttpStatusCode.BadRequest)]
    [InlineData("gate-9", "{\"reason\":\"救护车\"}", "lane", HttpStatusCode.NotFound)]
    public async Task ABadOpen_NamesTheField_AndNothingIsSentOrAudited(string lane, string body, string field, HttpStatusCode status)
    {
        using var guard = await _app.GuardClientAsync();

        var response = await _app.PostJsonAsync(guard, $"/api/lanes/{lane}/open", body);

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.BarrierCommands.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == BoothLog.OpenByHandAction)));
    }

    [Fact]
    public async Task AnOwner_CannotLiftABarrier()
    {
        using var owner = await _app.OwnerClientAsync();

        var response = await _app.PostJsonAsync(owner, "/api/lanes/in-1/open", """{"reason":"我自己开"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.BarrierCommands.CountAsync()));
    }
}
