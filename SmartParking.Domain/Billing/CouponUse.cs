using SmartParking.Domain.People;

namespace SmartParking.Domain.Billing;

/// <summary>
/// A coupon applied to a stay: who gave it, to which plate, on which lot-local day (the per-plate daily limit counts
/// these). What it took off is known when the stay closes, as a ledger entry of its own.
/// </summary>
public sealed class CouponUse
{
    private CouponUse()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid IssuerId { get; private set; }

    public Guid KindId { get; private set; }

    public Guid SessionId { get; private set; }

    public PlateNumber Plate { get; private set; } = null!;

    /// <summary>The one-use code it came from; null when a merchant or guard applied the kind directly.</summary>
    public Guid? CodeId { get; private set; }

    public DateTime AppliedUtc { get; private set; }

    public DateOnly LocalDay { get; private set; }

    public string AppliedBy { get; private set; } = "";

    public static CouponUse Record(CouponKind kind, Guid sessionId, PlateNumber plate, Guid? codeId, DateTime nowUtc, DateOnly localDay, string appliedBy)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(plate);
        return new CouponUse
        {
            Id = Guid.NewGuid(),
            LotId = kind.LotId,
            IssuerId = kind.IssuerId,
            KindId = kind.Id,
            SessionId = sessionId,
            Plate = plate,
            CodeId = codeId,
            AppliedUtc = nowUtc,
            LocalDay = localDay,
            AppliedBy = appliedBy.Length <= 100 ? appliedBy : appliedBy[..100],
        };
    }
}
