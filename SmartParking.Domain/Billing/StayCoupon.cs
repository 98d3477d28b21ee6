using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

/// <summary>A coupon as the stay carries it, enough to price the stay without reading the coupon's kind again.</summary>
public sealed record StayCoupon(Guid UseId, string Label, CouponDiscount Discount, decimal Value, bool Stackable);

/// <summary>What one coupon took off a fee (yuan), as the breakdown and the ledger show it.</summary>
public sealed record CouponLine(Guid UseId, string Label, CouponDiscount Discount, decimal Value, decimal Amount);

/// <summary>
/// Coupons on a fee, in a fixed order whatever order they were given in: minutes first (the stay priced as if that
/// much shorter), then amounts, then percentages of what is left, then waivers. No coupon takes the fee below zero.
/// </summary>
public static class StayCoupons
{
    /// <summary>The most coupons one stay carries, stackable or not.</summary>
    public const int MostPerStay = 5;

    public static FeeQuote Apply(FeeQuote quote, IReadOnlyList<StayCoupon> coupons, Func<int, decimal> feeIfShorterBy)
    {
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(feeIfShorterBy);
        if (coupons is null || coupons.Count == 0)
        {
            return quote;
        }

        var left = quote.Total;
        var lines = new List<CouponLine>();
        var minutes = 0;
        foreach (var coupon in coupons.OrderBy(c => c.Discount))
        {
            decimal taken;
            switch (coupon.Discount)
            {
                case CouponDiscount.MinutesOff:
                    minutes += (int)coupon.Value;
                    taken = left - Math.Min(left, feeIfShorterBy(minutes));
                    break;
                case CouponDiscount.AmountOff:
                    taken = Math.Min(left, coupon.Value);
                    break;
                case CouponDiscount.PercentOff:
                    taken = Math.Min(left, Money.Round(left * coupon.Value / 100m));
                    break;
                default:
                    taken = left;
                    break;
            }

            left -= taken;
            lines.Add(new CouponLine(coupon.UseId, coupon.Label, coupon.Discount, coupon.Value, taken));
        }

        return quote with { Total = left, BeforeCoupons = quote.Total, Coupons = lines };
    }

    /// <summary>Whether <paramref name="next"/> may join the coupons a stay already carries.</summary>
    public static void RequireRoomFor(IReadOnlyList<StayCoupon> carried, StayCoupon next)
    {
        ArgumentNullException.ThrowIfNull(carried);
        ArgumentNullException.ThrowIfNull(next);
        if (carried.Count > 0 && (!next.Stackable || carried.Any(c => !c.Stackable)))
        {
            throw new DomainException("Coupon.OnePerStay");
        }

        if (carried.Count >= MostPerStay)
        {
            throw new DomainException("Coupon.TooManyOnStay", MostPerStay);
        }
    }
}
