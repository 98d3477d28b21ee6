using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Reports;

public sealed record RollingIncome(decimal LastHour, decimal LastDay, decimal LastMonth);

public sealed record DayIncome(DateOnly Day, decimal Income, int Stays, string State);

/// <summary>
/// Income by exit time, read from the hourly rollup; only the ragged ends of a window that does not start or end on
/// the hour are summed from the stays themselves.
/// </summary>
public sealed class IncomeLedger(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, LotDirectory lots, IncomeWindow window)
{
    public async Task<RollingIncome> RollingAsync(Guid lotId, DateTime beforeUtc, CancellationToken cancellationToken = default)
    {
        if (await window.RollingAsync(lotId, beforeUtc, cancellationToken) is { } recent)
        {
            return recent;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);

        // One read of the month's full hours and one of the current partial hour serve all three windows.
        var lastFullHourEnd = FloorHour(beforeUtc);
        var monthStart = CeilingHour(beforeUtc - TimeSpan.FromDays(30));
        var hours = await db.IncomeHours.AsNoTracking()
            .Where(h => h.LotId == lotId && h.HourStartUtc >= monthStart && h.HourStartUtc < lastFullHourEnd)
            .Select(h => new { h.HourStartUtc, h.Income })
            .ToListAsync(cancellationToken);
        var tail = await FeesAsync(db, lotId, lastFullHourEnd, beforeUtc, cancellationToken);

        async Task<decimal> WindowAsync(TimeSpan length)
        {
            var fromUtc = beforeUtc - length;
            var firstFullHour = CeilingHour(fromUtc);
            var head = await FeesAsync(db, lotId, fromUtc, firstFullHour < beforeUtc ? firstFullHour : beforeUtc, cancellationToken);
            var full = hours.Where(h => h.HourStartUtc >= firstFullHour).Sum(h => h.Income);
            return head + full + (lastFullHourEnd >= firstFullHour ? tail : 0m);
        }

        return new RollingIncome(
            await WindowAsync(TimeSpan.FromHours(1)),
            await WindowAsync(TimeSpan.FromDays(1)),
            await WindowAsync(TimeSpan.FromDays(30)));
    }

    /// <summary>Every lot-local day from <paramref name="first"/> to <paramref name="last"/> inclusive, days without income included.</summary>
    public async Task<IReadOnlyList<DayIncome>> DailyAsync(Guid lotId, DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        var fromUtc = clock.DayBoundsUtc(first).StartUtc;
        var toUtc = clock.DayBoundsUtc(last).EndUtc;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hours = await db.IncomeHours.AsNoTracking()
            .Where(h => h.LotId == lotId && h.HourStartUtc >= fromUtc && h.HourStartUtc < toUtc)
            .Select(h => new { h.HourStartUtc, h.Income, h.Stays })
            .ToListAsync(cancellationToken);
        var byDay = hours
            .GroupBy(h => DateOnly.FromDateTime(clock.ToLocal(h.HourStartUtc)))
            .ToDictionary(g => g.Key, g => (Income: g.Sum(h => h.Income), Stays: g.Sum(h => h.Stays)));

        var rating = await lots.PolicyAsync(lotId, cancellationToken);
        var days = new List<DayIncome>(last.DayNumber - first.DayNumber + 1);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var (income, stays) = byDay.GetValueOrDefault(day);
            days.Add(new DayIncome(day, income, stays, rating.RateDay(income)));
        }

        return days;
    }

    private static async Task<decimal> FeesAsync(ParkingDbContext db, Guid lotId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        if (fromUtc >= toUtc)
        {
            return 0m;
        }

        var fees = await db.ParkingSessions.AsNoTracking()
            // Only closed stays have an exit time; a State filter here would lure SQLite onto the State index.
            .Where(s => s.LotId == lotId && s.ExitUtc >= fromUtc && s.ExitUtc < toUtc)
            .Select(s => s.Fee)
            .ToListAsync(cancellationToken);
        return fees.Sum();
    }

    private static DateTime FloorHour(DateTime utc) => IncomeHour.For(Guid.Empty, utc).HourStartUtc;

    private static DateTime CeilingHour(DateTime utc)
    {
        var floor = FloorHour(utc);
        return floor == utc ? floor : floor.AddHours(1);
    }
}
