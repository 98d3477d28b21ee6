using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Billing;

public sealed record PlateDifference(string Plate, int Stays, decimal Paid, decimal WithDraft)
{
    public decimal Difference => WithDraft - Paid;
}

public sealed record ReplayResult(
    DateTime FromUtc,
    DateTime ToUtc,
    int Stays,
    decimal IncomeNow,
    decimal IncomeWithDraft,
    IReadOnlyList<PlateDifference> PayMore,
    IReadOnlyList<PlateDifference> PayLess)
{
    public decimal Change => IncomeWithDraft - IncomeNow;
}

/// <summary>
/// "What if this draft had been in force": prices the closed stays of the last days of the draft's vehicle type and
/// customer class with the draft, against what they actually paid.
/// </summary>
public sealed class FeeRuleReplay(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, HolidayCalendars calendars)
{
    public const int Days = 30;
    public const int TopPlates = 20;

    public async Task<ReplayResult> ReplayAsync(Guid lotId, FeeRule draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var toUtc = clock.UtcNow;
        var fromUtc = toUtc.AddDays(-Days);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Only closed stays have an exit time, so no State filter is needed.
        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.ExitUtc >= fromUtc && s.ExitUtc <= toUtc
                        && s.VehicleType == draft.VehicleType && s.CustomerClass == draft.CustomerClass)
            .Select(s => new { s.Plate, s.EntryUtc, ExitUtc = s.ExitUtc!.Value, s.Fee })
            .ToListAsync(cancellationToken);

        var holidays = draft.PricesHolidays && stays.Count > 0
            ? await calendars.ForStayAsync(db, lotId, stays.Min(s => s.EntryUtc), toUtc, cancellationToken)
            : null;
        var priced = stays
            .Select(s => (Plate: s.Plate.Value, Paid: s.Fee, Draft: draft.Apply(clock.ToLocal(s.EntryUtc), clock.ToLocal(s.ExitUtc), holidays).Total))
            .ToList();
        var byPlate = priced
            .GroupBy(p => p.Plate)
            .Select(g => new PlateDifference(g.Key, g.Count(), g.Sum(p => p.Paid), g.Sum(p => p.Draft)))
            .ToList();

        return new ReplayResult(
            fromUtc,
            toUtc,
            priced.Count,
            priced.Sum(p => p.Paid),
            priced.Sum(p => p.Draft),
            [.. byPlate.Where(p => p.Difference > 0).OrderByDescending(p => p.Difference).ThenBy(p => p.Plate, StringComparer.Ordinal).Take(TopPlates)],
            [.. byPlate.Where(p => p.Difference < 0).OrderBy(p => p.Difference).ThenBy(p => p.Plate, StringComparer.Ordinal).Take(TopPlates)]);
    }
}
