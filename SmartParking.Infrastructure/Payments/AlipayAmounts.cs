using System.Globalization;

namespace SmartParking.Infrastructure.Payments;

/// <summary>Alipay counts in yuan as text with two decimals ("5.00").</summary>
public static class AlipayAmounts
{
    public static string Format(decimal yuan)
    {
        if (yuan < 0 || decimal.Round(yuan, 2) != yuan)
        {
            throw new ArgumentOutOfRangeException(nameof(yuan), yuan, "An amount for Alipay must be whole fen and not negative.");
        }

        return yuan.ToString("0.00", CultureInfo.InvariantCulture);
    }

    public static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
