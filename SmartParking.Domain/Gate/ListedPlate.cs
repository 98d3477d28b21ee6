using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

public enum ListKind
{
    Whitelist,
    Blacklist,

    /// <summary>A special vehicle (an ambulance, a fire engine, a utility's van) that comes and goes free: the reason is kept on each stay.</summary>
    Exempt,
}

/// <summary>A plate on the white or black list for a period, with the reason the admin gave.</summary>
public sealed class ListedPlate
{
    public const int MaxReasonLength = 200;

    private ListedPlate()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public PlateNumber Plate { get; private set; } = null!;

    public ListKind Kind { get; private set; }

    public string Reason { get; private set; } = "";

    public DateTime ValidFromUtc { get; private set; }

    /// <summary>Null: until removed.</summary>
    public DateTime? ValidUntilUtc { get; private set; }

    public static ListedPlate Add(Guid lotId, PlateNumber plate, ListKind kind, string reason, DateTime validFromUtc, DateTime? validUntilUtc)
    {
        ArgumentNullException.ThrowIfNull(plate);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            throw new DomainException("Listing.ReasonRequired", MaxReasonLength);
        }

        if (validUntilUtc <= validFromUtc)
        {
            throw new DomainException("Listing.EndsBeforeStart");
        }

        return new ListedPlate
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            Plate = plate,
            Kind = kind,
            Reason = reason.Trim(),
            ValidFromUtc = validFromUtc,
            ValidUntilUtc = validUntilUtc,
        };
    }

    public bool AppliesAt(DateTime utc) => utc >= ValidFromUtc && (ValidUntilUtc is null || utc < ValidUntilUtc);
}
