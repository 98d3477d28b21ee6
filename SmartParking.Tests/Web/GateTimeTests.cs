using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// Camera times that cannot be true (a clock a century ahead, a reset to 1970) are refused with the field named and
/// nothing written; a stay too long or a fee too high is held at the barrier instead of being charged.
/// </summary>
public sealed class GateTimeTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ExitDated2126_Is400NamingEndTime_AndTheCarIsStillInsideUncharged()
    {
        using var camera = _app.DeviceClient();
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = Local(DateTime.UtcNow.AddHours(-2)) })).StatusCode);

        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456", end_time = "2126-01-01T10:00:00" });

        Assert.Equal(HttpStatusCode.BadRequest, exit.StatusCode);
        var problem = await exit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("end_time", out _), problem.ToString());
        Assert.Equal(1, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
        Assert.Equal(0m, (await _app.WithDbAsync(db => db.IncomeHours.ToListAsync())).Sum(h => h.Income));
        Assert.True(await _app.WithDbAsync(db => db.ParkingSessions.AnyAsync(s => s.ExitUtc == null)));
    }

    [Theory]
    [InlineData("1970-01-01T08:00:00")]
    [InlineData("2999-01-01T08:00:00")]
    [InlineData("9999-12-31T23:59:59")]
    [InlineData("0001-01-01T00:00:00")]
    [InlineData("1970-01-01T00:00:00Z")]
    public async Task EntryAtAnImpossibleTime_Is400NamingStartTime_AndWritesNothing(string time)
    {
        using var camera = _app.DeviceClient();

        var entry = await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = time });

        Assert.Equal(HttpStatusCode.BadRequest, entry.StatusCode);
        var problem = await entry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("start_time", out _), problem.ToString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task ExitAtNineNineNineNine_Is400_Not500()
    {
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = Local(DateTime.UtcNow.AddHours(-2)) });

        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456", start_time = "9999-12-31T23:59:59" });

        Assert.Equal(HttpStatusCode.BadRequest, exit.StatusCode);
    }

    [Fact]
    public async Task TimeWithinTheSkew_IsAccepted_OneBeyondIsNot()
    {
        using var camera = _app.DeviceClient();

        var slightlyAhead = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100001", start_time = Local(DateTime.UtcNow.AddMinutes(3)) });
        var tooFarAhead = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100002", start_time = Local(DateTime.UtcNow.AddMinutes(8)) });

        Assert.Equal(HttpStatusCode.OK, slightlyAhead.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooFarAhead.StatusCode);
    }

    [Fact]
    public async Task AConfiguredEarliestTime_RefusesAnEntryBeforeIt()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["Gate:EarliestTime"] = "2026-01-01T00:00:00" });
        using var camera = app.DeviceClient();

        var before = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100001", start_time = "2025-12-31T23:59:00" });
        var after = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100002", start_time = "2026-01-01T00:01:00" });

        Assert.Equal(HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Contains("2026-01-01 00:00", await before.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AStayLongerThanTheMaximum_IsHeldForTheBoothsReview_NotCharged()
    {
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = Local(DateTime.UtcNow.AddDays(-100)) });

        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456" });

        Assert.Equal(HttpStatusCode.Conflict, exit.StatusCode);
        var problem = await exit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Gate.StayTooLong", problem.GetProperty("code").GetString());
        Assert.Equal("hold", problem.GetProperty("gate").GetString());
        Assert.Equal(1, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
        Assert.True(await _app.WithDbAsync(db => db.ParkingSessions.AnyAsync(s => s.ExitUtc == null && s.Fee == 0m)));
        var review = await _app.Services.GetRequiredService<ReviewQueue>().OpenItemsAsync(_app.Community.Id);
        Assert.Contains(review, i => i.Reason == ReviewReason.HeldAtExit && i.Plate == "NU123456");
    }

    [Fact]
    public async Task AFeeAboveTheCeiling_HoldsTheBarrier_UntilFinanceConfirmsIt_ThenTheNextExitCharges()
    {
        using var camera = _app.DeviceClient();
        var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = Local(DateTime.UtcNow.AddDays(-50)) })).Content.ReadFromJsonAsync<JsonElement>();
        var session = entered.GetProperty("session_id").GetString();

        var held = await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456" });
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        var problem = await held.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Gate.FeeNeedsConfirmation", problem.GetProperty("code").GetString());
        Assert.Equal(session, problem.GetProperty("session_id").GetString());
        Assert.Equal(1, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));

        using var guard = await _app.GuardClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PostAsJsonAsync($"/api/sessions/{session}/confirm-fee", new { fee = 3000, reason = "long stay checked" })).StatusCode);
        using var finance = await _app.ClientForAsync("finance", "Finance123!");
        var unreadable = await finance.PostAsJsonAsync($"/api/sessions/{session}/confirm-fee", new { fee = "abc", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.True((await unreadable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("fee", out _));
        Assert.Equal(HttpStatusCode.OK, (await finance.PostAsJsonAsync($"/api/sessions/{session}/confirm-fee", new { fee = 3000, reason = "car left at the mall for 50 days, checked" })).StatusCode);

        var charged = await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456" });

        Assert.Equal(HttpStatusCode.OK, charged.StatusCode);
        var cost = (await charged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cost").GetDecimal();
        Assert.InRange(cost, 2000.01m, 3000m);
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "ConfirmFee")));
    }

    private static string Local(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
