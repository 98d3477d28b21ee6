using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

public enum CouponIssuerKind
{
    /// <summary>A shop that gives its customers parking and settles the discounts with the office each month.</summary>
    Shop,

    /// <summary>The property office itself (a goodwill waiver, a contractor's visit).</summary>
    Office,
}

/// <summary>Who gives coupons (商户优惠) in a lot: a shop or the property office. Its merchants see only its coupons.</summary>
public sealed class CouponIssuer
{
    public const int MaxNameLength = 32;

    private CouponIssuer()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string Name { get; private set; } = "";

    public CouponIssuerKind Kind { get; private set; }

    /// <summary>A closed issuer's coupons are refused; its statements stay.</summary>
    public bool Closed { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public static CouponIssuer Create(Guid lotId, string? name, CouponIssuerKind kind, DateTime createdUtc)
    {
        var issuer = new CouponIssuer { Id = Guid.NewGuid(), LotId = lotId, CreatedUtc = createdUtc };
        issuer.Change(name, kind, closed: false);
        return issuer;
    }

    public void Change(string? name, CouponIssuerKind kind, bool closed)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new DomainException("Coupon.IssuerNameInvalid", MaxNameLength);
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Coupon.IssuerKindUnknown");
        }

        Name = trimmed;
        Kind = kind;
        Closed = closed;
    }
}
