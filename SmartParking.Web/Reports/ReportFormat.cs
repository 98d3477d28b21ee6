using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SmartParking.Web.Reports;

/// <summary>How the PDFs write times and durations: lot-local, 24-hour, the same in both languages.</summary>
public static class ReportFormat
{
    /// <summary>Yuan with two decimals and thousands separators, without the ¥ (tables carry it in the header).</summary>
    public static string Money(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Count(int count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Minute(DateTime local) => local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Duration(IStringLocalizer<ReportText> text, int minutes) =>
        minutes < 60 ? string.Format(CultureInfo.InvariantCulture, text["Duration_Minutes"], minutes)
        : minutes < 24 * 60 ? string.Format(CultureInfo.InvariantCulture, text["Duration_Hours"], minutes / 60, minutes % 60)
        : string.Format(CultureInfo.InvariantCulture, text["Duration_Days"], minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
}
