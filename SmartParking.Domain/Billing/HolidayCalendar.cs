using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

/// <summary>What a marked day is: a public holiday, or a weekend day that is worked (调休) in exchange for one.</summary>
public enum CalendarDayKind
{
    Holiday,
    WorkingDay,
}

/// <summary>One day of a lot's holiday calendar, as the admin entered or imported it.</summary>
public sealed class CalendarDay
{
    public const int MaxNameLength = 40;

    // The calendar prices stays; a day far from now is a typing mistake, not a plan.
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    private CalendarDay()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public DateOnly Date { get; private set; }

    public CalendarDayKind Kind { get; private set; }

    /// <summary>The holiday's name (国庆节) or why a weekend day is worked (国庆节调休).</summary>
    public string Name { get; private set; } = "";

    public static CalendarDay Mark(Guid lotId, DateOnly date, CalendarDayKind kind, string name)
    {
        if (date.Year is < FirstYear or > LastYear)
        {
            throw new DomainException("Calendar.DateOutOfRange", FirstYear, LastYear);
        }

        if (kind == CalendarDayKind.WorkingDay && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            throw new DomainException("Calendar.WorkingDayNotWeekend", date.ToString("yyyy-MM-dd"));
        }

        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            throw new DomainException("Calendar.NameInvalid", MaxNameLength);
        }

        return new CalendarDay { Id = Guid.NewGuid(), LotId = lotId, Date = date, Kind = kind, Name = trimmed };
    }
}

/// <summary>
/// Which days a lot's fee rules price as holidays: the public holidays marked in its calendar and, for a rule that says
/// so, Saturdays and Sundays that are not worked.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, CalendarDayKind> _days;

    public HolidayCalendar(IEnumerable<CalendarDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        _days = days.GroupBy(d => d.Date).ToDictionary(g => g.Key, g => g.Last().Kind);
    }

    public static HolidayCalendar None { get; } = new([]);

    public bool IsHoliday(DateOnly date, bool weekendsToo) =>
        _days.TryGetValue(date, out var kind)
            ? kind == CalendarDayKind.Holiday
            : weekendsToo && date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}

/// <summary>How a fee rule prices units that start on a holiday.</summary>
public enum HolidayPricing
{
    /// <summary>As any other day: the calendar is not asked.</summary>
    Same,

    /// <summary>At the rule's holiday unit fee (segments do not apply on holidays).</summary>
    OwnUnitFee,

    /// <summary>Free: units that start on a holiday cost nothing.</summary>
    Free,
}

/// <summary>A fee rule's holiday terms.</summary>
public sealed record HolidayRate(HolidayPricing Pricing, decimal? UnitFee = null, bool WeekendsToo = false)
{
    public static HolidayRate Same { get; } = new(HolidayPricing.Same);
}
