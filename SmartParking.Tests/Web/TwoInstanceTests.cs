using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// Two app instances on one database file with a real redis-server between them, as behind a load balancer: the
/// once-only guarantees hold in the database, and a booth on one instance hears what the other one let in.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private const int Racers = 16;
    private readonly RedisServer _redis = new();
    private ParkingAppFactory _a = null!;
    private ParkingAppFactory _b = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _a = new ParkingAppFactory(new Dictionary<string, string?> { ["Redis:Connection"] = _redis.Connection });
        _ = _a.Services;
        // B opens the same data folder (database file and key ring) once A has made it.
        _b = new ParkingAppFactory(new Dictionary<string, string?> { ["Redis:Connection"] = _redis.Connection, ["Storage:DataPath"] = _a.DataPath });
        _ = _b.Services;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task SixteenExitsOfOneOwnersCar_SpreadOverBothInstances_CloseOneStay_AndChargeTheBalanceOnce()
    {
        await _a.WithDbAsync(db =>
        {
            db.FeeRules.Add(FeeRule.Create(VehicleType.Small, CustomerClass.Owner, 0, 60, 2m, 20m, false, version: 2, createdUtc: DateTime.UtcNow).For(_a.Community.Id));
            return db.SaveChangesAsync();
        });
        using var cameraA = _a.DeviceClient();
        using var cameraB = _b.DeviceClient();
        Assert.Equal(HttpStatusCode.OK, (await cameraA.PostAsJsonAsync("/api/entry", new { id = "京A12345", start_time = "2026-11-20T08:00:00" })).StatusCode);

        // Each exit read at its own second: one closes the stay, the others find the car already gone.
        var exits = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            (i % 2 == 0 ? cameraA : cameraB).PostAsJsonAsync("/api/exit", new { id = "京A12345", end_time = $"2026-11-20T10:30:{i:00}" })));

        Assert.Single(exits, e => e.StatusCode == HttpStatusCode.OK);
        Assert.All(exits.Where(e => e.StatusCode != HttpStatusCode.OK), e => Assert.Equal(HttpStatusCode.NotFound, e.StatusCode));
        Assert.Equal(1, await _a.WithDbAsync(db => db.GateEvents.CountAsync(e => e.Kind == GateEventKind.Exit && e.Plate == PlateNumber.Parse("京A12345"))));
        Assert.Equal(94m, await _b.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Balance).SingleAsync()));
        Assert.Equal(6m, await _a.WithDbAsync(db => db.IncomeHours.SumAsync(h => h.Income)));
    }

    [Fact]
    public async Task SixteenEntriesOfOnePlate_SpreadOverBothInstances_OpenOneStay()
    {
        using var mallA = _a.DeviceClient(DatabaseStartup.DemoCommercialDeviceKey);
        using var mallB = _b.DeviceClient(DatabaseStartup.DemoCommercialDeviceKey);

        var entries = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            (i % 2 == 0 ? mallA : mallB).PostAsJsonAsync("/api/entry", new { id = "浙A66666", start_time = $"2026-11-20T09:00:{i:00}" })));

        Assert.Single(entries, e => e.StatusCode == HttpStatusCode.OK);
        Assert.All(entries.Where(e => e.StatusCode != HttpStatusCode.OK), e => Assert.Equal(HttpStatusCode.Conflict, e.StatusCode));
        Assert.Equal(1, await _a.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == PlateNumber.Parse("浙A66666"))));
    }

    [Fact]
    public async Task TheLastFreeSpace_RacedForFromBothInstances_GoesToOneCar()
    {
        var mall = _a.Commercial;
        await _a.Services.GetRequiredService<LotDirectory>().SavePolicyAsync(mall.Id, mall.Policy with { Capacity = 1 }, "admin");
        using var mallA = _a.DeviceClient(DatabaseStartup.DemoCommercialDeviceKey);
        using var mallB = _b.DeviceClient(DatabaseStartup.DemoCommercialDeviceKey);

        var entries = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
            (i % 2 == 0 ? mallA : mallB).PostAsJsonAsync("/api/entry", new { id = $"浙A7{i:0000}", start_time = "2026-11-20T09:00:00" })));

        Assert.Single(entries, e => e.StatusCode == HttpStatusCode.OK);
        Assert.Equal(1, await _b.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.LotId == mall.Id)));
    }

    [Fact]
    public async Task AnEntryThroughOneInstance_ReachesTheBoothFeedOfTheOther_WithItsLot()
    {
        var heard = new TaskCompletionSource<GateNews>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = _b.Services.GetRequiredService<GateEventFeed>().Subscribe(news =>
        {
            if (news.Plate == "苏E55555")
            {
                heard.TrySetResult(news);
            }

            return Task.CompletedTask;
        });
        using var camera = _a.DeviceClient();

        await camera.PostAsJsonAsync("/api/entry", new { id = "苏E55555", start_time = "2026-11-20T09:30:00" });

        var news = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(GateNewsKind.Entered, news.Kind);
        Assert.Equal(_a.Community.Id, news.LotId);
        Assert.Equal(new DateTime(2026, 11, 20, 9, 30, 0), news.AtLocal);
    }

    [Fact]
    public async Task ASignInAndAnExportLink_MadeOnOneInstance_WorkOnTheOther()
    {
        var token = await _a.TokenAsync("guard", "Guard123!");
        using var guardOnB = _b.CreateClient();
        guardOnB.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var guardOnA = _a.CreateClient();
        guardOnA.DefaultRequestHeaders.Authorization = guardOnB.DefaultRequestHeaders.Authorization;

        var me = await guardOnB.GetFromJsonAsync<JsonElement>("/api/auth/me");
        var link = await guardOnA.GetFromJsonAsync<JsonElement>("/api/records/export?days=1&format=csv");
        var download = await guardOnB.GetAsync(new Uri(link.GetProperty("url").GetString()!).PathAndQuery);

        Assert.Equal("guard", me.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AGuardOfTheCommunity_SeesNothingOfTheShoppingCentre_ThroughEitherInstance()
    {
        using var mall = _b.DeviceClient(DatabaseStartup.DemoCommercialDeviceKey);
        await mall.PostAsJsonAsync("/api/entry", new { id = "浙A88888", start_time = "2026-11-20T09:00:00" });

        foreach (var host in new[] { _a, _b })
        {
            using var guard = await host.GuardClientAsync();
            var inside = await guard.GetStringAsync("/api/lot/vehicles");
            var named = await guard.GetAsync($"/api/lot/vehicles?lot={DatabaseStartup.DemoCommercial}");

            Assert.DoesNotContain("浙A88888", inside);
            Assert.Equal(HttpStatusCode.NotFound, named.StatusCode);
        }
    }
}
