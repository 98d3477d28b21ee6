using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Billing;

/// <summary>One line of an imported calendar that could not be taken, with its number (1-based).</summary>
public sealed record CalendarImportError(int Line, DomainError Error);

/// <summary>What an import did: days marked (new or changed) or, when any line was wrong, nothing and why.</summary>
public sealed record CalendarImport(int Marked, IReadOnlyList<CalendarImportError> Errors);

/// <summary>
/// A lot's calendar of holidays and worked weekend days: edited by its admins (audited), imported from a list, and read
/// by the gate and the pay page for the days a stay covers when its rule prices holidays.
/// </summary>
public sealed class HolidayCalendars(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public const int MaxImportLines = 400;

    public async Task<IReadOnlyList<CalendarDay>> OfYearAsync(Guid lotId, int year, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(Math.Clamp(year, CalendarDay.FirstYear, CalendarDay.LastYear), 1, 1);
        var last = first.AddYears(1).AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CalendarDays.AsNoTracking()
            .Where(d => d.LotId == lotId && d.Date >= first && d.Date <= last)
            .OrderBy(d => d.Date)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The days a stay from <paramref name="fromUtc"/> to <paramref name="toUtc"/> covers, in the lot's dates.</summary>
    public Task<HolidayCalendar> ForStayAsync(ParkingDbContext db, Guid lotId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        BetweenAsync(db, lotId, DateOnly.FromDateTime(clock.ToLocal(fromUtc)), DateOnly.FromDateTime(clock.ToLocal(toUtc)), cancellationToken);

    /// <summary>The lot's marked days from <paramref name="first"/> to <paramref name="last"/> (lot dates), for a stay typed in by hand.</summary>
    public async Task<HolidayCalendar> BetweenAsync(Guid lotId, DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await BetweenAsync(db, lotId, first, last, cancellationToken);
    }

    private static async Task<HolidayCalendar> BetweenAsync(ParkingDbContext db, Guid lotId, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        new(await db.CalendarDays.AsNoTracking()
            .Where(d => d.LotId == lotId && d.Date >= first && d.Date <= last)
            .ToListAsync(cancellationToken));

    /// <summary>The calendar a stay is priced with under <paramref name="rule"/>: none (and no query) when the rule does not price holidays.</summary>
    public async Task<HolidayCalendar?> ForRuleAsync(ParkingDbContext db, FeeRule rule, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default) =>
        rule.PricesHolidays ? await ForStayAsync(db, rule.LotId, fromUtc, toUtc, cancellationToken) : null;

    public async Task<HolidayCalendar?> ForRuleAsync(FeeRule rule, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        if (!rule.PricesHolidays)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ForStayAsync(db, rule.LotId, fromUtc, toUtc, cancellationToken);
    }

    /// <summary>Marks a day (replacing what it was); throws the domain's exception for a day that cannot be marked.</summary>
    public async Task<CalendarDay> MarkAsync(Guid lotId, DateOnly date, CalendarDayKind kind, string name, string actor, CancellationToken cancellationToken = default)
    {
        var day = CalendarDay.Mark(lotId, date, kind, name);
        await ReplaceAsync(lotId, [day], actor, cancellationToken);
        return day;
    }

    /// <summary>Takes the day out of the calendar; false when it was not in it.</summary>
    public async Task<bool> UnmarkAsync(Guid lotId, DateOnly date, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var day = await db.CalendarDays.FirstOrDefaultAsync(d => d.LotId == lotId && d.Date == date, cancellationToken);
        if (day is null)
        {
            return false;
        }

        db.CalendarDays.Remove(day);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "UnmarkCalendarDay", Subject(date), Describe(day), null, lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Marks every day of a list, one per line: <c>2026-10-01,holiday,国庆节</c> or <c>2026-10-10,workday,国庆节调休</c>
    /// (also 假/休 and 班). All or nothing: one wrong line marks no day, and every wrong line is named.
    /// </summary>
    public async Task<CalendarImport> ImportAsync(Guid lotId, string text, string actor, CancellationToken cancellationToken = default)
    {
        var lines = (text ?? "").Split('\n').Select(l => l.Trim().TrimEnd('\r')).ToList();
        var days = new List<CalendarDay>();
        var errors = new List<CalendarImportError>();
        if (lines.Count(l => l.Length > 0) > MaxImportLines)
        {
            return new CalendarImport(0, [new CalendarImportError(MaxImportLines + 1, DomainError.Of("Calendar.ImportTooLong", MaxImportLines))]);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#') || (i == 0 && line.StartsWith("date", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var parts = line.Split([',', '\t', '，'], 3);
            if (parts.Length < 3 || !DateOnly.TryParseExact(parts[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(new CalendarImportError(i + 1, DomainError.Of("Calendar.ImportLineInvalid")));
                continue;
            }

            if (ParseKind(parts[1].Trim()) is not { } kind)
            {
                errors.Add(new CalendarImportError(i + 1, DomainError.Of("Calendar.ImportKindInvalid", parts[1].Trim())));
                continue;
            }

            try
            {
                var day = CalendarDay.Mark(lotId, date, kind, parts[2]);
                if (days.Any(d => d.Date == date))
                {
                    errors.Add(new CalendarImportError(i + 1, DomainError.Of("Calendar.ImportDateTwice", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
                    continue;
                }

                days.Add(day);
            }
            catch (DomainException ex)
            {
                errors.Add(new CalendarImportError(i + 1, ex.Error));
            }
        }

        if (errors.Count > 0 || days.Count == 0)
        {
            return new CalendarImport(0, errors.Count > 0 ? errors : [new CalendarImportError(1, DomainError.Of("Calendar.ImportEmpty"))]);
        }

        await ReplaceAsync(lotId, days, actor, cancellationToken);
        return new CalendarImport(days.Count, []);
    }

    /// <summary>The public holidays and worked weekend days of 2026 as the State Council announced them.</summary>
    public static IEnumerable<(DateOnly Date, CalendarDayKind Kind, string Name)> China2026()
    {
        static IEnumerable<(DateOnly, CalendarDayKind, string)> Holidays(string name, int month, int from, int to) =>
            Enumerable.Range(from, to - from + 1).Select(d => (new DateOnly(2026, month, d), CalendarDayKind.Holiday, name));
        static (DateOnly, CalendarDayKind, string) Worked(string name, int month, int day) => (new DateOnly(2026, month, day), CalendarDayKind.WorkingDay, name + "调休");
        return
        [
            .. Holidays("元旦", 1, 1, 3), Worked("元旦", 1, 4),
            Worked("春节", 2, 14), .. Holidays("春节", 2, 15, 23), Worked("春节", 2, 28),
            .. Holidays("清明节", 4, 4, 6),
            .. Holidays("劳动节", 5, 1, 5), Worked("劳动节", 5, 9),
            .. Holidays("端午节", 6, 19, 21),
            .. Holidays("中秋节", 9, 25, 27),
            Worked("国庆节", 9, 20), .. Holidays("国庆节", 10, 1, 7), Worked("国庆节", 10, 10),
        ];
    }

    // The days replace what those dates were, in one transaction: a list is taken whole or not at all.
    private async Task ReplaceAsync(Guid lotId, IReadOnlyList<CalendarDay> days, string actor, CancellationToken cancellationToken)
    {
        var dates = days.Select(d => d.Date).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await db.CalendarDays.Where(d => d.LotId == lotId && dates.Contains(d.Date)).ToDictionaryAsync(d => d.Date, cancellationToken);
        db.CalendarDays.RemoveRange(before.Values);
        // The unique (lot, date) index must not see the old and the new row of a date at once.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var day in days)
        {
            db.CalendarDays.Add(day);
            db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "MarkCalendarDay", Subject(day.Date),
                before.TryGetValue(day.Date, out var was) ? Describe(was) : null, Describe(day), lotId: lotId));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static CalendarDayKind? ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "holiday" or "假" or "休" or "节假日" => CalendarDayKind.Holiday,
        "workday" or "workingday" or "working" or "班" or "调休" or "上班" => CalendarDayKind.WorkingDay,
        _ => null,
    };

    private static string Subject(DateOnly date) => "CalendarDay " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(CalendarDay day) => $"{day.Kind} {day.Name}";
}
