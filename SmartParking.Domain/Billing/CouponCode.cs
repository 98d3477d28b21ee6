using System.Security.Cryptography;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

/// <summary>
/// One coupon a merchant hands out as a code or QR: good for one use, so a photo of a QR already used is worth nothing
/// and the shop's screen shows a new one after each use.
/// </summary>
public sealed class CouponCode
{
    public const int Length = 10;

    // No 0/O, 1/I/L: a guard may type it from a phone's screen.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private CouponCode()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid IssuerId { get; private set; }

    public Guid KindId { get; private set; }

    public string Code { get; private set; } = "";

    public DateTime IssuedUtc { get; private set; }

    public string IssuedBy { get; private set; } = "";

    public DateTime? UsedUtc { get; private set; }

    public static CouponCode Issue(CouponKind kind, DateTime nowUtc, string issuedBy)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return new CouponCode
        {
            Id = Guid.NewGuid(),
            LotId = kind.LotId,
            IssuerId = kind.IssuerId,
            KindId = kind.Id,
            Code = RandomNumberGenerator.GetString(Alphabet, Length),
            IssuedUtc = nowUtc,
            IssuedBy = issuedBy.Length <= 100 ? issuedBy : issuedBy[..100],
        };
    }

    /// <summary>The path of the page a shop's QR opens on the visitor's phone; the code follows it.</summary>
    public const string LinkPath = "coupon/";

    /// <summary>
    /// What a guard types or a scanner reads, made comparable: trimmed, upper case, without spaces or dashes. A scanner
    /// at the booth reads the QR's whole link, so the code is taken from after its <see cref="LinkPath"/>.
    /// </summary>
    public static string Normalise(string? text)
    {
        var read = text ?? "";
        var link = read.LastIndexOf("/" + LinkPath, StringComparison.OrdinalIgnoreCase);
        if (link >= 0)
        {
            read = read[(link + LinkPath.Length + 1)..];
            var end = read.IndexOfAny(['?', '#', '/']);
            read = end >= 0 ? read[..end] : read;
        }

        return new(read.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
    }

    public void Redeem(DateTime nowUtc)
    {
        if (UsedUtc is not null)
        {
            throw new DomainException("Coupon.CodeUsed");
        }

        UsedUtc = nowUtc;
    }
}
