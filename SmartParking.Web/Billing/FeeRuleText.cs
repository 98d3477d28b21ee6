using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartParking.Domain.Billing;

namespace SmartParking.Web.Billing;

/// <summary>How the fee-rule screens write money, caps and a rule's key, so the three of them say it the same way.</summary>
public static class FeeRuleText
{
    public static string Key(FeeRule rule) => Key(rule.VehicleType, rule.CustomerClass);

    public static string Key(VehicleType vehicleType, CustomerClass customerClass) => $"{vehicleType}-{customerClass}".ToLowerInvariant();

    public static string Money(decimal amount) => "¥" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Signed(decimal amount) => (amount > 0 ? "+" : amount < 0 ? "−" : "") + Money(Math.Abs(amount));

    public static string Cap(IStringLocalizer text, decimal cap) => cap == 0 ? text["FeeRule_NoCap"].Value : Money(cap);

    /// <summary>A rule's holiday terms in a few words (admin text).</summary>
    public static string Holidays(IStringLocalizer admin, FeeRule rule)
    {
        var terms = rule.HolidayPricing == HolidayPricing.OwnUnitFee && rule.HolidayUnitFee is { } fee
            ? string.Format(CultureInfo.InvariantCulture, admin["Rules_HolidayFeeShort"].Value, Money(fee))
            : admin["Rules_Holiday_" + rule.HolidayPricing].Value;
        return rule.WeekendsAreHolidays ? terms + admin["Rules_WeekendsToo"].Value : terms;
    }

    /// <summary>One 24-hour window in the reader's language, short enough for a guard to read aloud to a driver.</summary>
    public static string Describe(IStringLocalizer text, FeeWindow window)
    {
        var days = (window.End.Date - window.Start.Date).Days;
        var endDay = days switch
        {
            0 => "",
            1 => text["Window_NextDay"].Value,
            _ => string.Format(CultureInfo.InvariantCulture, text["Window_DaysLater"].Value, days),
        };
        var line = string.Format(CultureInfo.InvariantCulture, text["Window_Line"].Value,
            window.Index, window.Start, endDay, window.End, window.Minutes, window.ChargeableMinutes, window.Units, window.Charge);
        return window.Capped ? line + string.Format(CultureInfo.InvariantCulture, text["Window_Capped"].Value, window.Fee) : line;
    }
}
