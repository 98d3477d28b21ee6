using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Infrastructure.Reports;

/// <summary>
/// A lot's hourly income of the last month in memory, for the rolling figures that every entry answers (reading them
/// from the database cost more than the entry itself). The gate's exits book into it as they commit, and it reads the
/// database only under the gate's writer, so each fee is counted once: on one instance it is what the database holds.
/// It is read again when a second old, so a second instance's exits show within that second. The exits of a partial
/// hour are kept per hour, read when first asked for.
/// </summary>
public sealed class IncomeWindow(IDbContextFactory<ParkingDbContext> dbFactory, TimeProvider time, GateWriter writer)
{
    internal static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    // A month window reaches 30 days back, its first partial hour one more.
    private static readonly TimeSpan Reach = TimeSpan.FromDays(31);

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Snapshot> _lots = [];
    private readonly HashSet<Guid> _reading = [];

    /// <summary>The income of the hour, day and 30 days before <paramref name="beforeUtc"/>; null when none is kept for that time yet.</summary>
    internal async Task<RollingIncome?> RollingAsync(Guid lotId, DateTime beforeUtc, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(lotId, cancellationToken);
        if (snapshot is null || beforeUtc - TimeSpan.FromDays(30) < snapshot.FromUtc)
        {
            return null;
        }

        var lastFullHourEnd = FloorHour(beforeUtc);
        var tail = await FeesAsync(snapshot, lastFullHourEnd, beforeUtc, cancellationToken);

        async Task<decimal> WindowAsync(TimeSpan length)
        {
            var fromUtc = beforeUtc - length;
            var firstFullHour = CeilingHour(fromUtc);
            var head = await FeesAsync(snapshot, fromUtc, firstFullHour < beforeUtc ? firstFullHour : beforeUtc, cancellationToken);
            decimal full = 0m;
            lock (_lock)
            {
                foreach (var (hour, income) in snapshot.Hours)
                {
                    if (hour >= firstFullHour && hour < lastFullHourEnd)
                    {
                        full += income;
                    }
                }
            }

            return head + full + (lastFullHourEnd >= firstFullHour ? tail : 0m);
        }

        return new RollingIncome(
            await WindowAsync(TimeSpan.FromHours(1)),
            await WindowAsync(TimeSpan.FromDays(1)),
            await WindowAsync(TimeSpan.FromDays(30)));
    }

    /// <summary>The fees the gate's exits committed, booked by the gate while it still holds the writer.</summary>
    internal void Booked(IReadOnlyList<(Guid LotId, DateTime ExitUtc, decimal Fee)> booked)
    {
        lock (_lock)
        {
            foreach (var (lotId, exitUtc, fee) in booked)
            {
                if (_lots.TryGetValue(lotId, out var snapshot) && exitUtc >= snapshot.FromUtc)
                {
                    var hour = FloorHour(exitUtc);
                    snapshot.Hours[hour] = snapshot.Hours.GetValueOrDefault(hour) + fee;
                    if (snapshot.Exits.TryGetValue(hour, out var exits))
                    {
                        exits.Add((exitUtc, fee));
                    }
                }
            }
        }
    }

    // The kept month; one caller reads it again when it is a second old while the others go on with the one they have.
    private async Task<Snapshot?> SnapshotAsync(Guid lotId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        Snapshot? kept;
        lock (_lock)
        {
            kept = _lots.GetValueOrDefault(lotId);
            if (kept is not null && now - kept.ReadUtc < Freshness && now >= kept.ReadUtc)
            {
                return kept;
            }

            if (!_reading.Add(lotId))
            {
                return kept;
            }
        }

        try
        {
            var fromUtc = FloorHour(now - Reach);
            using var turn = await writer.EnterAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var hours = await db.IncomeHours.AsNoTracking()
                .Where(h => h.LotId == lotId && h.HourStartUtc >= fromUtc)
                .Select(h => new { h.HourStartUtc, h.Income })
                .ToDictionaryAsync(h => h.HourStartUtc, h => h.Income, cancellationToken);
            var snapshot = new Snapshot(lotId, now, fromUtc, hours, []);
            lock (_lock)
            {
                _lots[lotId] = snapshot;
            }

            return snapshot;
        }
        finally
        {
            lock (_lock)
            {
                _reading.Remove(lotId);
            }
        }
    }

    // Fees of the stays that left in [fromUtc, toUtc), a part of one hour.
    private async Task<decimal> FeesAsync(Snapshot snapshot, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        if (fromUtc >= toUtc)
        {
            return 0m;
        }

        var hour = FloorHour(fromUtc);
        List<(DateTime ExitUtc, decimal Fee)>? exits;
        lock (_lock)
        {
            exits = snapshot.Exits.GetValueOrDefault(hour);
            if (exits is not null)
            {
                return Sum(exits, fromUtc, toUtc);
            }
        }

        using (await writer.EnterAsync(cancellationToken))
        {
            lock (_lock)
            {
                exits = snapshot.Exits.GetValueOrDefault(hour);
                if (exits is not null)
                {
                    return Sum(exits, fromUtc, toUtc);
                }
            }

            var hourEnd = hour.AddHours(1);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            exits = (await db.ParkingSessions.AsNoTracking()
                    // Only closed stays have an exit time; a State filter here would lure SQLite onto the State index.
                    .Where(s => s.LotId == snapshot.LotId && s.ExitUtc >= hour && s.ExitUtc < hourEnd)
                    .Select(s => new { ExitUtc = s.ExitUtc!.Value, s.Fee })
                    .ToListAsync(cancellationToken))
                .Select(e => (e.ExitUtc, e.Fee)).ToList();
            lock (_lock)
            {
                // A snapshot replaced meanwhile is no longer booked into: this hour is read again for the new one.
                snapshot.Exits[hour] = exits;
                return Sum(exits, fromUtc, toUtc);
            }
        }
    }

    private static decimal Sum(List<(DateTime ExitUtc, decimal Fee)> exits, DateTime fromUtc, DateTime toUtc)
    {
        var sum = 0m;
        foreach (var (exitUtc, fee) in exits)
        {
            if (exitUtc >= fromUtc && exitUtc < toUtc)
            {
                sum += fee;
            }
        }

        return sum;
    }

    private static DateTime FloorHour(DateTime utc) => IncomeHour.For(Guid.Empty, utc).HourStartUtc;

    private static DateTime CeilingHour(DateTime utc)
    {
        var floor = FloorHour(utc);
        return floor == utc ? floor : floor.AddHours(1);
    }

    private sealed record Snapshot(Guid LotId, DateTime ReadUtc, DateTime FromUtc, Dictionary<DateTime, decimal> Hours, Dictionary<DateTime, List<(DateTime ExitUtc, decimal Fee)>> Exits);
}
