using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Infrastructure.Devices;

/// <summary>How many bays the sensors say are free: of all the lot's sensors, those heard lately and reporting free.</summary>
public sealed record BayCount(int Free, int Total, int Stale);

public enum BayReportStatus
{
    /// <summary>The bay now shows this state.</summary>
    Applied,

    /// <summary>Older than the state held (a late retry): the sensor was heard, the state stays.</summary>
    Older,

    /// <summary>Dated where no sensor can have been (its clock is wrong): not applied.</summary>
    Implausible,
}

/// <summary>
/// Parking-space sensors (one per bay) and their last state, kept in the database so that a restart keeps the board's
/// count. The latest report by the sensor's own time wins; a sensor unheard for ten minutes is stale and counts as
/// neither free nor trusted.
/// </summary>
public sealed class BaySensors(IDbContextFactory<ParkingDbContext> dbFactory, PlausibleTimes times, LotClock clock)
{
    public async Task<(BayReportStatus Status, Domain.Common.DomainError? Problem)> ReportAsync(
        Lot lot, string bayCode, bool occupied, DateTime? atUtc, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var at = atUtc ?? now;
        if (times.Check(lot, at) is { } implausible)
        {
            return (BayReportStatus.Implausible, implausible);
        }

        // Two reports of a bay never seen before can race to add it: the loser applies its report to the winner's row.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var bay = await db.BaySensors.FirstOrDefaultAsync(b => b.LotId == lot.Id && b.BayCode == bayCode, cancellationToken);
            var applied = true;
            if (bay is null)
            {
                db.BaySensors.Add(BaySensor.Install(lot.Id, bayCode, occupied, at, now));
            }
            else
            {
                applied = bay.Report(occupied, at, now);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (applied ? BayReportStatus.Applied : BayReportStatus.Older, null);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    public async Task<IReadOnlyList<BaySensor>> OfLotAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var bays = await db.BaySensors.AsNoTracking().Where(b => b.LotId == lotId).ToListAsync(cancellationToken);
        return bays.OrderBy(b => b.BayCode, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Null when the lot has no sensors (the board then says nothing about them).</summary>
    public async Task<BayCount?> CountAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var freshSince = clock.UtcNow - BaySensor.FreshFor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.BaySensors.AsNoTracking().Where(b => b.LotId == lotId)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Total = g.Count(),
                Free = g.Count(b => !b.Occupied && b.HeardUtc >= freshSince),
                Stale = g.Count(b => b.HeardUtc < freshSince),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return counts is null ? null : new BayCount(counts.Free, counts.Total, counts.Stale);
    }
}
