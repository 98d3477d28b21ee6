using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Reports;

/// <summary>One stay as the records and the export show it, times lot-local.</summary>
public sealed record ParkingRecord(
    string Key,
    string Plate,
    VehicleType VehicleType,
    CustomerClass CustomerClass,
    DateTime EntryLocal,
    DateTime? ExitLocal,
    int? Minutes,
    decimal Cost,
    SessionState State,
    PaymentState Payment);

/// <summary>The stays of a span of lot-local days, keyed as the legacy front end expects (PLATE, PLATE#2, …).</summary>
public sealed class ParkingRecords(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    /// <summary>Stays that entered or left during the days, in entry order; cancelled entries are not records.</summary>
    public async Task<IReadOnlyList<ParkingRecord>> ForDaysAsync(Guid lotId, DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        var fromUtc = clock.DayBoundsUtc(first).StartUtc;
        var toUtc = clock.DayBoundsUtc(last).EndUtc;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.State != SessionState.Cancelled
                && ((s.EntryUtc >= fromUtc && s.EntryUtc < toUtc) || (s.ExitUtc >= fromUtc && s.ExitUtc < toUtc)))
            .OrderBy(s => s.EntryUtc)
            .Select(s => new { s.Plate, s.VehicleType, s.CustomerClass, s.EntryUtc, s.ExitUtc, s.Fee, s.State, s.Payment })
            .ToListAsync(cancellationToken);

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var records = new List<ParkingRecord>(stays.Count);
        foreach (var stay in stays)
        {
            var plate = stay.Plate.Value;
            var count = seen[plate] = seen.GetValueOrDefault(plate) + 1;
            records.Add(new ParkingRecord(
                count == 1 ? plate : $"{plate}#{count}",
                plate,
                stay.VehicleType,
                stay.CustomerClass,
                clock.ToLocal(stay.EntryUtc),
                stay.ExitUtc is { } exit ? clock.ToLocal(exit) : null,
                stay.ExitUtc is { } end ? (int)((end - stay.EntryUtc).Ticks / TimeSpan.TicksPerMinute) : null,
                stay.Fee,
                stay.State,
                stay.Payment));
        }

        return records;
    }
}
