using SmartParking.Domain.People;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Reports;

/// <summary>The figures of the monthly and the 30-day PDF, in lot-local time; income comes from the same ledger as /api/income/daily.</summary>
public sealed class ReportQuery(
    IDbContextFactory<ParkingDbContext> dbFactory,
    IncomeLedger ledger,
    LotDirectory lots,
    LotClock clock, Payments.MoneyOverview money)
{
    public const int ThirtyDays = 30;
    public const int LongestStayCount = 10;

    public async Task<MonthlyReport> MonthlyAsync(Guid lotId, YearMonth month, CancellationToken cancellationToken = default)
    {
        var lot = await lots.GetAsync(lotId, cancellationToken);
        var generated = clock.LocalNow;
        var period = ReportPeriod.Of(month);
        var (fromUtc, toUtc) = UtcBounds(period);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var days = await ledger.DailyAsync(lotId, period.First, period.Last, cancellationToken);
        var overlapping = await OverlappingStaysAsync(db, lotId, fromUtc, toUtc, cancellationToken);
        var summary = Summary(lot, days, overlapping, fromUtc, toUtc);

        var nowUtc = clock.UtcNow;
        var longest = overlapping
            .Select(s => (Stay: s, Minutes: WholeMinutes(s.EntryUtc, s.ExitUtc ?? nowUtc)))
            .OrderByDescending(x => x.Minutes).ThenBy(x => x.Stay.EntryUtc)
            .Take(LongestStayCount)
            .Select(x => new LongStay(
                x.Stay.Plate,
                x.Stay.VehicleType,
                x.Stay.CustomerClass,
                clock.ToLocal(x.Stay.EntryUtc),
                x.Stay.ExitUtc is { } exit ? clock.ToLocal(exit) : null,
                x.Minutes,
                x.Stay.ExitUtc is null ? null : x.Stay.Fee))
            .ToList();

        return new MonthlyReport(
            lot.Name,
            month,
            Complete: toUtc <= nowUtc,
            generated,
            summary,
            days,
            longest,
            await ArrearsAsync(db, lotId, cancellationToken),
            await RulesInForceAsync(db, lotId, fromUtc, toUtc, cancellationToken),
            await money.TotalsAsync(lotId, fromUtc, toUtc, cancellationToken),
            [.. (await money.UnpaidStaysAsync(lotId, cancellationToken)).Where(u => DateOnly.FromDateTime(u.ExitLocal) >= period.First && DateOnly.FromDateTime(u.ExitLocal) <= period.Last)]);
    }

    /// <summary>The month's summary of each of these lots, in their order.</summary>
    public async Task<GroupMonthlyReport> GroupMonthlyAsync(IReadOnlyList<Domain.Lots.Lot> lotsShown, YearMonth month, CancellationToken cancellationToken = default)
    {
        var figures = new List<GroupLotFigures>(lotsShown.Count);
        var complete = true;
        foreach (var lot in lotsShown)
        {
            var report = await MonthlyAsync(lot.Id, month, cancellationToken);
            complete &= report.Complete;
            figures.Add(new GroupLotFigures(lot.Code, lot.Name, report.Summary));
        }

        return new GroupMonthlyReport(month, complete, clock.LocalNow, figures);
    }

    /// <summary>The last 30 lot-local days, today included, as the admin console's income chart shows them.</summary>
    public async Task<ThirtyDayReport> LastThirtyDaysAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var lot = await lots.GetAsync(lotId, cancellationToken);
        var generated = clock.LocalNow;
        var today = DateOnly.FromDateTime(generated);
        var period = new ReportPeriod(today.AddDays(1 - ThirtyDays), today);
        var (fromUtc, toUtc) = UtcBounds(period);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var days = await ledger.DailyAsync(lotId, period.First, period.Last, cancellationToken);
        var overlapping = await OverlappingStaysAsync(db, lotId, fromUtc, toUtc, cancellationToken);
        var summary = Summary(lot, days, overlapping, fromUtc, toUtc);
        return new ThirtyDayReport(lot.Name, period, generated, summary, days);
    }

    private (DateTime FromUtc, DateTime ToUtc) UtcBounds(ReportPeriod period) =>
        (clock.DayBoundsUtc(period.First).StartUtc, clock.DayBoundsUtc(period.Last).EndUtc);

    private ReportSummary Summary(
        Domain.Lots.Lot lot, IReadOnlyList<DayIncome> days, IReadOnlyList<Stay> overlapping, DateTime fromUtc, DateTime toUtc)
    {
        var left = overlapping
            .Where(s => s.ExitUtc >= fromUtc && s.ExitUtc < toUtc)
            .Select(s => new { s.CustomerClass, s.EntryUtc, ExitUtc = s.ExitUtc!.Value, s.Fee })
            .ToList();
        var byCustomer = Enum.GetValues<CustomerClass>()
            .Select(c => new CustomerFigures(c, left.Count(s => s.CustomerClass == c), left.Where(s => s.CustomerClass == c).Sum(s => s.Fee)))
            .ToList();
        int? average = left.Count == 0 ? null : (int)Math.Round(left.Average(s => (double)WholeMinutes(s.EntryUtc, s.ExitUtc)), MidpointRounding.AwayFromZero);
        var entries = overlapping.Count(s => s.EntryUtc >= fromUtc);
        var (peak, peakAtUtc) = Peak(overlapping, fromUtc, toUtc);

        return new ReportSummary(
            days.Sum(d => d.Income),
            days.Sum(d => d.Stays),
            entries,
            byCustomer,
            average,
            peak,
            peakAtUtc is { } at ? clock.ToLocal(at) : null,
            lot.Capacity);
    }

    /// <summary>The most cars inside at once: a sweep over entries and exits, an exit before an entry at the same instant.</summary>
    private static (int Peak, DateTime? AtUtc) Peak(IReadOnlyList<Stay> stays, DateTime fromUtc, DateTime toUtc)
    {
        var changes = stays
            .Where(s => s.ExitUtc is null || s.ExitUtc > fromUtc)
            .SelectMany(s => s.ExitUtc is { } exit && exit < toUtc
                ? new[] { (At: s.EntryUtc < fromUtc ? fromUtc : s.EntryUtc, Delta: 1), (At: exit, Delta: -1) }
                : [(At: s.EntryUtc < fromUtc ? fromUtc : s.EntryUtc, Delta: 1)])
            .OrderBy(c => c.At).ThenBy(c => c.Delta);
        var (inside, peak) = (0, 0);
        DateTime? peakAt = null;
        foreach (var (at, delta) in changes)
        {
            inside += delta;
            if (inside > peak)
            {
                (peak, peakAt) = (inside, at);
            }
        }

        return (peak, peakAt);
    }

    /// <summary>
    /// Stays that were inside at some moment of the period, including those that left exactly as it began (their
    /// fee belongs to it); a cancelled entry never occupied a space. One read serves the summary, peak and longest stays.
    /// </summary>
    private static async Task<IReadOnlyList<Stay>> OverlappingStaysAsync(ParkingDbContext db, Guid lotId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var rows = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.EntryUtc < toUtc && (s.ExitUtc == null || s.ExitUtc >= fromUtc) && s.State != SessionState.Cancelled)
            .Select(s => new { s.Plate, s.VehicleType, s.CustomerClass, s.EntryUtc, s.ExitUtc, s.Fee })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new Stay(r.Plate.Value, r.VehicleType, r.CustomerClass, r.EntryUtc, r.ExitUtc, r.Fee))];
    }

    private static async Task<IReadOnlyList<OwnerArrears>> ArrearsAsync(ParkingDbContext db, Guid lotId, CancellationToken cancellationToken)
    {
        var owners = await db.Owners.AsNoTracking()
            .Where(o => o.LotId == lotId && o.Balance < 0m)
            .Select(o => new { o.Name, o.Balance, Plates = o.Vehicles.Select(v => v.Plate).ToList() })
            .ToListAsync(cancellationToken);
        return [.. owners
            .OrderBy(o => o.Balance)
            .Select(o => new OwnerArrears(PersonName.Mask(o.Name), [.. o.Plates.Select(p => p.Value).Order(StringComparer.Ordinal)], -o.Balance))];
    }

    /// <summary>
    /// Every version that priced entries during the period. A version applies from its publication until the next;
    /// the first version also covers stays older than the rule book itself.
    /// </summary>
    private async Task<IReadOnlyList<RuleInForce>> RulesInForceAsync(ParkingDbContext db, Guid lotId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var rules = await db.FeeRules.AsNoTracking().Where(r => r.LotId == lotId).ToListAsync(cancellationToken);
        var inForce = new List<RuleInForce>();
        foreach (var chain in rules.GroupBy(r => (r.CustomerClass, r.VehicleType)).OrderBy(g => g.Key))
        {
            var versions = chain.OrderBy(r => r.Version).ToList();
            for (var i = 0; i < versions.Count; i++)
            {
                DateTime? startUtc = i == 0 ? null : versions[i].CreatedUtc;
                DateTime? endUtc = i + 1 < versions.Count ? versions[i + 1].CreatedUtc : null;
                if ((startUtc is null || startUtc < toUtc) && (endUtc is null || endUtc > fromUtc))
                {
                    inForce.Add(new RuleInForce(versions[i], startUtc is { } s ? clock.ToLocal(s) : null, endUtc is { } e ? clock.ToLocal(e) : null));
                }
            }
        }

        return inForce;
    }

    // The admin's printout leaves the office; the surname is enough to recognise an account.

    private static int WholeMinutes(DateTime entryUtc, DateTime exitUtc) => (int)((exitUtc - entryUtc).Ticks / TimeSpan.TicksPerMinute);

    private sealed record Stay(string Plate, VehicleType VehicleType, CustomerClass CustomerClass, DateTime EntryUtc, DateTime? ExitUtc, decimal Fee);
}
