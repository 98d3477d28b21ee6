using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

public enum CouponDiscount
{
    /// <summary>The stay is priced as if it were this many minutes shorter.</summary>
    MinutesOff,

    /// <summary>This many yuan off the fee.</summary>
    AmountOff,

    /// <summary>This percentage off the fee.</summary>
    PercentOff,

    /// <summary>The whole fee.</summary>
    FullWaiver,
}

/// <summary>
/// A kind of coupon an issuer gives: what it takes off, when it may be used, how many exist, whether it combines with
/// others on one stay, and how many one plate may get in a day. Each use takes one of <see cref="TotalCount"/>.
/// </summary>
public sealed class CouponKind
{
    public const int MaxNameLength = 32;
    public const int MostMinutes = 24 * 60;
    public const decimal MostAmount = 1_000m;

    private CouponKind()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid IssuerId { get; private set; }

    public string Name { get; private set; } = "";

    public CouponDiscount Discount { get; private set; }

    /// <summary>Minutes, yuan or percent as <see cref="Discount"/> says; 0 for a full waiver.</summary>
    public decimal Value { get; private set; }

    public DateTime ValidFromUtc { get; private set; }

    /// <summary>The first moment the coupon is no longer valid.</summary>
    public DateTime ValidUntilUtc { get; private set; }

    /// <summary>How many coupons of this kind may be used in all; null: no limit.</summary>
    public int? TotalCount { get; private set; }

    public int Used { get; private set; }

    /// <summary>Whether it combines with other stackable coupons on one stay; otherwise it is the stay's only coupon.</summary>
    public bool Stackable { get; private set; }

    /// <summary>How many of this kind one plate may get in one lot-local day; null: no limit.</summary>
    public int? PerPlatePerDay { get; private set; }

    public bool Withdrawn { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public static CouponKind Create(
        Guid lotId, Guid issuerId, string? name, CouponDiscount discount, decimal value, DateTime validFromUtc, DateTime validUntilUtc,
        int? totalCount, bool stackable, int? perPlatePerDay, DateTime createdUtc)
    {
        var kind = new CouponKind { Id = Guid.NewGuid(), LotId = lotId, IssuerId = issuerId, CreatedUtc = createdUtc };
        kind.Change(name, discount, value, validFromUtc, validUntilUtc, totalCount, stackable, perPlatePerDay, withdrawn: false);
        return kind;
    }

    public void Change(
        string? name, CouponDiscount discount, decimal value, DateTime validFromUtc, DateTime validUntilUtc, int? totalCount, bool stackable,
        int? perPlatePerDay, bool withdrawn)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new DomainException("Coupon.NameInvalid", MaxNameLength);
        }

        var valueFits = discount switch
        {
            CouponDiscount.MinutesOff => value is >= 1 and <= MostMinutes && value == decimal.Truncate(value),
            CouponDiscount.AmountOff => value is > 0 and <= MostAmount && Money.IsWholeCents(value),
            CouponDiscount.PercentOff => value is >= 1 and <= 99 && value == decimal.Truncate(value),
            CouponDiscount.FullWaiver => value == 0,
            _ => throw new DomainException("Coupon.DiscountUnknown"),
        };
        if (!valueFits)
        {
            throw new DomainException("Coupon.ValueOutOfRange", MostMinutes, MostAmount);
        }

        if (validUntilUtc <= validFromUtc)
        {
            throw new DomainException("Coupon.ValidityEndsBeforeStart");
        }

        if (totalCount is < 1 or > 1_000_000 || totalCount < Used)
        {
            throw new DomainException("Coupon.TotalCountOutOfRange", Used);
        }

        if (perPlatePerDay is < 1 or > 100)
        {
            throw new DomainException("Coupon.PerPlatePerDayOutOfRange");
        }

        Name = trimmed;
        Discount = discount;
        Value = value;
        ValidFromUtc = validFromUtc;
        ValidUntilUtc = validUntilUtc;
        TotalCount = totalCount;
        Stackable = stackable;
        PerPlatePerDay = perPlatePerDay;
        Withdrawn = withdrawn;
    }

    public int? Left => TotalCount is { } total ? total - Used : null;

    /// <summary>
    /// Takes one coupon of this kind for a plate that already got <paramref name="plateUsesToday"/> of it today: refused
    /// when withdrawn, outside its validity, all used, or the plate had its share of the day.
    /// </summary>
    public void Take(DateTime nowUtc, int plateUsesToday)
    {
        if (Withdrawn)
        {
            throw new DomainException("Coupon.Withdrawn", Name);
        }

        if (nowUtc < ValidFromUtc)
        {
            throw new DomainException("Coupon.NotYetValid", Name);
        }

        if (nowUtc >= ValidUntilUtc)
        {
            throw new DomainException("Coupon.Expired", Name);
        }

        if (Used >= TotalCount)
        {
            throw new DomainException("Coupon.Exhausted", Name, TotalCount);
        }

        if (plateUsesToday >= PerPlatePerDay)
        {
            throw new DomainException("Coupon.PlateDailyLimit", Name, PerPlatePerDay);
        }

        Used++;
    }
}
