using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Backups;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Backups;

public sealed class BackupUnderLoadTests
{
    [Fact]
    public async Task ABackupTakenWhileCamerasPost_RestoresIntoAFreshFolder_WhereTheOwnersCarExits_AndTheOwnersPageReadsTheirNumbers()
    {
        using var fresh = new TempFolder();
        BackupGeneration generation;
        int acknowledgedBefore, acknowledgedAfter;
        await using (var live = new ParkingAppFactory())
        {
            using var camera = live.DeviceClient();
            Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345" })).StatusCode);

            // Four cameras keep entering and exiting visitors' cars until the backup is done.
            var acknowledged = new ConcurrentBag<string>();
            var failures = new ConcurrentBag<HttpStatusCode>();
            using var stop = new CancellationTokenSource();
            var cameras = Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
            {
                using var client = live.DeviceClient();
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var plate = $"京B{lane}{n:D4}";
                    foreach (var (path, body) in new[] { ("/api/entry", (object)new { id = plate }), ("/api/exit", new { id = plate }) })
                    {
                        var response = await client.PostAsJsonAsync(path, body);
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add(response.StatusCode);
                        }
                        else if (path == "/api/entry" && response.IsSuccessStatusCode)
                        {
                            acknowledged.Add(plate);
                        }
                    }
                }
            })).ToList();

            while (acknowledged.Count < 20)
            {
                await Task.Delay(50);
            }

            acknowledgedBefore = acknowledged.Count;
            generation = await live.Services.GetRequiredService<DatabaseBackups>().TakeAsync();
            acknowledgedAfter = acknowledged.Count;
            await stop.CancelAsync();
            await Task.WhenAll(cameras);

            Assert.Empty(failures);
            Assert.True(acknowledged.Count > acknowledgedAfter || acknowledgedAfter > acknowledgedBefore, "the cameras kept writing while the backup ran");

            var outcome = new BackupRestore(PlacesIn(fresh.Path)).Restore(generation.Path);
            Assert.True(outcome.Restored, string.Join(" ", outcome.Problems));
        }

        // Demo mode off: what the app finds is only what the backup brought.
        await using var restored = new ParkingAppFactory(new Dictionary<string, string?> { ["Storage:DataPath"] = fresh.Path, ["Demo:Enabled"] = "false" });
        var plates = await restored.WithDbAsync(db => db.ParkingSessions.Select(s => s.Plate).ToListAsync());
        var visitorStays = plates.Count(p => p.Value.StartsWith("京B", StringComparison.Ordinal));
        Assert.InRange(visitorStays, acknowledgedBefore, acknowledgedAfter);

        using var guard = await restored.GuardClientAsync();
        var exit = await guard.PostAsJsonAsync("/api/exit", new { id = "京A12345" });
        Assert.Equal(HttpStatusCode.OK, exit.StatusCode);
        Assert.True((await exit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean());

        using var owner = await restored.OwnerClientAsync();
        var me = await owner.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("138****8000", me.GetProperty("maskedMobile").GetString());
        Assert.Equal("110***********1238", me.GetProperty("maskedIdNumber").GetString());
        Assert.Contains("138****8000", await owner.GetStringAsync("/me"));
    }

    internal static StoragePlaces PlacesIn(string data) => new(
        DatabaseProvider.Sqlite, $"Data Source={Path.Combine(data, "smartparking.db")}", data, Path.Combine(data, "keys"), Path.Combine(data, "backups"),
        7, null, null, null);
}
