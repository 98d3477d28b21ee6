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
/// The camera's own white list follows the lot's: owners' approved cars and white-listed plates, never a black-listed
/// one, so that owners still get in while the server is down. Changes ride on the heartbeat replies.
/// </summary>
public sealed class CameraWhiteListTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Devices:WhiteListRefreshSeconds"] = "0" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ACamera_GetsEveryApprovedOwnersCar_InBatches_AndThenAPlainHeartbeat()
    {
        var lot = _app.Community.Id;
        await _app.WithDbAsync(async db =>
        {
            var owner = await db.Owners.Include(o => o.Vehicles).FirstAsync(o => o.LotId == lot && o.ErasedUtc == null);
            for (var i = 0; i < 150; i++)
            {
                owner.AddVehicle(PlateNumber.Parse($"京N{30000 + i}"), SmartParking.Domain.Billing.VehicleType.Small, DateTime.UtcNow, approved: true);
            }

            return await db.SaveChangesAsync();
        });
        var expected = await _app.WithDbAsync(db => db.Vehicles.Where(v => v.LotId == lot && v.Approval == VehicleApproval.Approved).Select(v => v.Plate).ToListAsync());
        using var camera = _app.CreateClient();

        var received = new List<string>();
        var batches = 0;
        JsonObject beat;
        while ((beat = await IvsCameraTests.HeartbeatAsync(camera, DatabaseStartup.DemoIvsEntrySerial))["Response_AlarmInfoPlate"] is JsonObject reply)
        {
            var operate = reply["white_list_operate"]!;
            Assert.Equal(0, operate["operate_type"]!.GetValue<int>());
            var plates = operate["white_list_data"]!.AsArray().Select(p => p!["plate"]!.GetValue<string>()).ToList();
            Assert.InRange(plates.Count, 1, CameraWhiteLists.BatchSize);
            received.AddRange(plates);
            Assert.True(++batches < 10, "the camera keeps being sent plates");
        }

        Assert.Equal("no", IvsCameraTests.BeatInfo(beat));
        Assert.Equal(expected.Select(p => p.Value).Order(), received.Order());
        Assert.True(batches >= 2);
    }

    [Fact]
    public async Task AWhiteListedPlate_GoesOutWithItsEnd_AndABlackListedOwnersCarIsTakenOff()
    {
        var lot = _app.Community.Id;
        using var camera = _app.CreateClient();
        await SyncAsync(camera);
        var lists = _app.Services.GetRequiredService<PlateLists>();
        var clock = _app.Services.GetRequiredService<LotClock>();
        var until = clock.LocalNow.Date.AddDays(30);

        await lists.AddAsync(lot, PlateNumber.Parse("沪K55555"), ListKind.Whitelist, "装修公司", clock.LocalNow.Date, until, "admin");
        var added = (await IvsCameraTests.HeartbeatAsync(camera, DatabaseStartup.DemoIvsEntrySerial))["Response_AlarmInfoPlate"]!["white_list_operate"]!;
        await lists.AddAsync(lot, PlateNumber.Parse("京A12345"), ListKind.Blacklist, "欠费拒付", clock.LocalNow.Date, null, "admin");
        var removed = (await IvsCameraTests.HeartbeatAsync(camera, DatabaseStartup.DemoIvsEntrySerial))["Response_AlarmInfoPlate"]!["white_list_operate"]!;

        Assert.Equal(0, added["operate_type"]!.GetValue<int>());
        var row = Assert.Single(added["white_list_data"]!.AsArray())!;
        Assert.Equal(("沪K55555", until.ToString("yyyy-MM-dd 00:00:00")), (row["plate"]!.GetValue<string>(), row["overdue_time"]!.GetValue<string>()));
        Assert.Equal(1, removed["operate_type"]!.GetValue<int>());
        Assert.Equal("京A12345", Assert.Single(removed["white_list_data"]!.AsArray())!["plate"]!.GetValue<string>());
        Assert.Equal(0, await _app.WithDbAsync(db => db.CameraAllowedPlates.CountAsync(p => p.Plate == "京A12345")));
    }

    private static async Task SyncAsync(HttpClient camera)
    {
        for (var beat = 0; beat < 10; beat++)
        {
            if ((await IvsCameraTests.HeartbeatAsync(camera, DatabaseStartup.DemoIvsEntrySerial))["Response_Heartbeat"] is not null)
            {
                return;
            }
        }

        Assert.Fail("the camera's white list never settled");
    }
}
