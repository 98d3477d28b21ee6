using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Reports;

public sealed record HourCount(int Hour, int Entries);

public sealed record HourOccupancy(int Hour, int Inside);

public sealed record CustomerSplit(CustomerClass CustomerClass, int Entries);

/// <summary>The numbers behind the admin console's charts, in lot-local time.</summary>
public sealed class AdminDashboard(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, IncomeLedger ledger)
{
    public const int IncomeDays = 30;

    public Task<IReadOnlyList<DayIncome>> IncomeByDayAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.LocalNow);
        return ledger.DailyAsync(lotId, today.AddDays(-(IncomeDays - 1)), today, cancellationToken);
    }

    /// <summary>Entries of today (lot-local), hour 0 to 23, hours without entries included.</summary>
    public async Task<IReadOnlyList<HourCount>> EntriesPerHourTodayAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var (fromUtc, toUtc) = clock.DayBoundsUtc(DateOnly.FromDateTime(clock.LocalNow));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.EntryUtc >= fromUtc && s.EntryUtc < toUtc)
            .Select(s => s.EntryUtc)
            .ToListAsync(cancellationToken);
        var byHour = entries.GroupBy(e => clock.ToLocal(e).Hour).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enumerable.Range(0, 24).Select(h => new HourCount(h, byHour.GetValueOrDefault(h)))];
    }

    /// <summary>Cars inside at each full hour of today (lot-local) up to now.</summary>
    public async Task<IReadOnlyList<HourOccupancy>> OccupancyTodayAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var nowUtc = clock.UtcNow;
        var (fromUtc, toUtc) = clock.DayBoundsUtc(DateOnly.FromDateTime(clock.LocalNow));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Stays that overlap today; a cancelled entry never occupied a space.
        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.EntryUtc < toUtc && (s.ExitUtc == null || s.ExitUtc >= fromUtc) && s.State != SessionState.Cancelled)
            .Select(s => new { s.EntryUtc, s.ExitUtc })
            .ToListAsync(cancellationToken);
        return [.. Enumerable.Range(0, 24)
            .Select(h => (Hour: h, At: fromUtc.AddHours(h)))
            .Where(p => p.At <= nowUtc)
            .Select(p => new HourOccupancy(p.Hour, stays.Count(s => s.EntryUtc <= p.At && (s.ExitUtc is null || s.ExitUtc > p.At))))];
    }

    /// <summary>Owner and visitor stays that entered in the last <see cref="IncomeDays"/> days.</summary>
    public async Task<IReadOnlyList<CustomerSplit>> OwnerVisitorSplitAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var fromUtc = clock.UtcNow.AddDays(-IncomeDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.EntryUtc >= fromUtc)
            .GroupBy(s => s.CustomerClass)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. Enum.GetValues<CustomerClass>().Select(c => new CustomerSplit(c, counts.FirstOrDefault(x => x.Key == c)?.Count ?? 0))];
    }
}
