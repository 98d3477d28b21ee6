using System.Globalization;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Web.Common;

/// <summary>
/// Times as the legacy front end sends them: lot-local without a zone (2023-10-09T13:45:30), or ISO 8601 with an
/// offset or Z. Answers in UTC for storage and formats back in lot-local.
/// </summary>
public static class LotTimeParser
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm",
    ];

    public static bool TryParseInstant(string? text, LotClock clock, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            try
            {
                utc = clock.ToUtc(local);
            }
            catch (ArgumentException)
            {
                // 0001-01-01 or 9999-12-31 has no UTC within DateTime's range: kept at the edge, for the plausibility check to refuse.
                utc = DateTime.SpecifyKind(local.Year < 5000 ? DateTime.MinValue : DateTime.MaxValue, DateTimeKind.Utc);
            }

            return true;
        }

        if (HasZone(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withZone))
        {
            utc = withZone.UtcDateTime;
            return true;
        }

        return false;
    }

    public static bool TryParseDay(string? text, out DateOnly day)
    {
        day = default;
        return !string.IsNullOrWhiteSpace(text)
            && DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    public static string Iso(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string HourMinute(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && (text[19..].Contains('+') || text[19..].Contains('-')));
}
