using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// Commands waiting for a lane's barrier: a payment booked for the car at the exit, a car let out unpaid, or a guard's
/// open by hand. The lane's device collects the command in the reply to its own next request (a camera's heartbeat or
/// push, a controller's poll) and each command is handed out once; that hand-out is the barrier's answer, kept on the
/// command and told to the booth.
/// </summary>
public sealed class LaneBarrier(
    IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, GateEventFeed feed, IEnumerable<IBarrierDriver> drivers, ILogger<LaneBarrier> logger)
{
    // Only the newest command of a lane counts: two guards pressing "open" mean one lift of the barrier.
    private readonly ConcurrentDictionary<(Guid LotId, string Lane), BarrierCommand> _pending = new();

    /// <summary>Raised by each open, for a device that is told at once instead of asking (an MQTT controller).</summary>
    public event Action<BarrierCommand>? Opening;

    public async Task<BarrierCommand> OpenAsync(Guid lotId, string lane, BarrierCause cause, string actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        var command = BarrierCommand.Issue(lotId, lane, cause, actor, reason, clock.UtcNow);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.BarrierCommands.Add(command);
            await db.SaveChangesAsync(cancellationToken);
        }

        _pending[(lotId, lane)] = command;
        Opening?.Invoke(command);
        // A device that must be told is told now; the guard's screen does not wait for it, the row turns when it answers.
        _ = DriveAsync(command);
        return command;
    }

    private async Task DriveAsync(BarrierCommand command)
    {
        foreach (var driver in drivers)
        {
            try
            {
                if (await driver.OpenAsync(command.LotId, command.LaneCode, CancellationToken.None) is { } device)
                {
                    await TakeOpenAsync(command.LotId, command.LaneCode, device);
                    return;
                }
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not open the barrier of lane {Lane}", command.LaneCode);
            }
        }
    }

    /// <summary>Whether the barrier must open now; the command is taken by the call that answers yes, on behalf of <paramref name="device"/>.</summary>
    public async Task<bool> TakeOpenAsync(Guid lotId, string lane, string device, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        if (!_pending.TryRemove((lotId, lane), out var command) || command.IsStale(now))
        {
            return false;
        }

        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.BarrierCommands.Where(c => c.Id == command.Id && c.AnsweredUtc == null)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.AnsweredUtc, now).SetProperty(c => c.AnsweredBy, device), cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The car is at the barrier: it opens even when the answer cannot be written; the booth then shows "no answer".
            logger.LogWarning(ex, "Could not record that {Device} took the open command of lane {Lane}", device, lane);
            return true;
        }

        feed.Publish(new GateNews(lotId, GateNewsKind.BarrierAnswered, "—", clock.ToLocal(now), GateVerdict.Open, null, "", null, null, null,
            Lane: lane, Actor: device) { Key = command.Id });
        return true;
    }
}
