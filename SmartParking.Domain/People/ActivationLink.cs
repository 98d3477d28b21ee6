using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

/// <summary>
/// A one-time link with which an owner sets the password of their login. Only the hash of its secret is kept: the
/// link itself is shown to the admin once (and sent by SMS where the lot has SMS).
/// </summary>
public sealed class ActivationLink
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);
    public const int HashLength = 64;

    private ActivationLink()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>SHA-256 of the secret in the link, as hex.</summary>
    public string SecretHash { get; private set; } = "";

    public DateTime IssuedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    public DateTime? UsedUtc { get; private set; }

    /// <summary>A newer link for the same owner makes this one void.</summary>
    public DateTime? ReplacedUtc { get; private set; }

    public string IssuedBy { get; private set; } = "";

    public static ActivationLink Issue(Guid lotId, Guid ownerId, string secretHash, string issuedBy, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        LotId = lotId,
        OwnerId = ownerId,
        SecretHash = secretHash,
        IssuedBy = issuedBy,
        IssuedUtc = nowUtc,
        ExpiresUtc = nowUtc + Lifetime,
    };

    /// <summary>Why the link can no longer be used, or null while it can.</summary>
    public DomainError? Refusal(DateTime nowUtc) =>
        UsedUtc is not null ? DomainError.Of("Activation.Used")
        : ReplacedUtc is not null ? DomainError.Of("Activation.Replaced")
        : nowUtc >= ExpiresUtc ? DomainError.Of("Activation.Expired")
        : null;

    public void Replace(DateTime nowUtc) => ReplacedUtc ??= nowUtc;
}
