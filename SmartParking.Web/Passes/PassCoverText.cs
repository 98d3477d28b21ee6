using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartParking.Domain.Billing;
using SmartParking.Web.Billing;

namespace SmartParking.Web.Passes;

/// <summary>
/// A fee's breakdown line by line: why a special vehicle paid nothing, or what a monthly pass covered first, then each
/// 24-hour window priced after it, then each coupon.
/// </summary>
public static class PassCoverText
{
    public static IEnumerable<string> Breakdown(IStringLocalizer text, FeeQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (quote.Exemption is { } why)
        {
            yield return text["Exempt_Free", why].Value;
        }

        if (quote.PassCoveredUntil is { } until)
        {
            var at = until.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            yield return quote.Windows.Count == 0 ? text["Pass_CoveredWhole", at].Value : text["Pass_CoveredUntil", at].Value;
        }

        foreach (var window in quote.Windows)
        {
            yield return FeeRuleText.Describe(text, window);
        }

        foreach (var coupon in quote.Coupons)
        {
            yield return text["Coupon_Line", coupon.Label, coupon.Amount.ToString("0.00", CultureInfo.InvariantCulture)].Value;
        }
    }
}
