using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Infrastructure.Devices;

/// <summary>
/// Tells the booths when a camera stops talking (no heartbeat or read for <see cref="Domain.Devices.LaneDevice.OnlineFor"/>)
/// and when it is back: a lane whose camera is dead lets no owner in, so the guard must know within seconds, not when
/// the queue reaches the booth. Each instance watches the database itself and tells only its own screens.
/// </summary>
public sealed class CameraWatch(IDbContextFactory<ParkingDbContext> dbFactory, GateEventFeed feed, LotClock clock, ILogger<CameraWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    // What each camera was at the last look.
    private readonly Dictionary<string, bool> _online = new(StringComparer.Ordinal);
    private DateTime _sinceUtc;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _sinceUtc = clock.UtcNow;
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await LookAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not look at the cameras");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task LookAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = await db.LaneDevices.AsNoTracking().Where(d => d.LastHeardUtc != null).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        foreach (var device in devices)
        {
            var online = device.IsOnline(now);
            // A camera first seen silent is news only if it talked while this instance was watching: one silent since
            // before the start is already on the booth's banner, and telling it again at every restart would be noise.
            var changed = _online.TryGetValue(device.SerialNumber, out var was) ? was != online : !online && device.LastHeardUtc >= _sinceUtc;
            if (changed)
            {
                if (!online)
                {
                    logger.LogWarning("Camera {Serial} on lane {Lane} is silent since {LastHeard:o}", device.SerialNumber, device.LaneCode, device.LastHeardUtc);
                }

                feed.Deliver(new GateNews(device.LotId, online ? GateNewsKind.CameraBack : GateNewsKind.CameraOffline, "—", clock.ToLocal(now),
                    online ? GateVerdict.Open : GateVerdict.Hold, null, "", null, null, null, Lane: device.LaneCode, Actor: device.SerialNumber));
            }

            _online[device.SerialNumber] = online;
        }
    }
}
