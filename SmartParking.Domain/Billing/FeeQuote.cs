namespace SmartParking.Domain.Billing;

/// <summary>
/// A stay's fee and its 24-hour windows; a stay a monthly pass covered says until when (lot-local), a special vehicle's
/// free stay says why.
/// </summary>
public sealed record FeeQuote(
    decimal Total,
    int StayMinutes,
    bool WithinFreeMinutes,
    IReadOnlyList<FeeWindow> Windows,
    bool PerVisitCapped,
    DateTime? PassCoveredUntil = null,
    string? Exemption = null)
{
    /// <summary>What each coupon on the stay took off, in the order they were taken; <see cref="Total"/> is after them.</summary>
    public IReadOnlyList<CouponLine> Coupons { get; init; } = [];

    /// <summary>The fee before coupons (equal to <see cref="Total"/> when none was given).</summary>
    public decimal? BeforeCoupons { get; init; }

    /// <summary>Whole minutes from entry to exit, as every quote counts a stay.</summary>
    public static int MinutesBetween(DateTime entry, DateTime exit) => checked((int)((exit.Ticks - entry.Ticks) / TimeSpan.TicksPerMinute));
}
