using System.Globalization;
using System.Text.RegularExpressions;

namespace SmartParking.Infrastructure.Reports;

/// <summary>A lot-local calendar month, written <c>yyyy-MM</c> in routes and file names.</summary>
public readonly partial record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    // The lot's clock cannot place a day before this; earlier months can hold no stays anyway.
    public const int FirstYear = 2000;

    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public YearMonth Previous => Of(FirstDay.AddMonths(-1));

    public static YearMonth Of(DateOnly day) => new(day.Year, day.Month);

    public static YearMonth Of(DateTime local) => new(local.Year, local.Month);

    /// <summary>Exactly four digits, a dash and two digits (<c>2023-10</c>); <c>2023-1</c> and <c>2023-13</c> are refused.</summary>
    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (text is null || !Shape().IsMatch(text))
        {
            return false;
        }

        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var number = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        if (year < FirstYear || number is < 1 or > 12)
        {
            return false;
        }

        month = new YearMonth(year, number);
        return true;
    }

    public int CompareTo(YearMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public static bool operator <(YearMonth left, YearMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(YearMonth left, YearMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(YearMonth left, YearMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(YearMonth left, YearMonth right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:0000}-{Month:00}");

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
