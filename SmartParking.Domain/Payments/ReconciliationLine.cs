namespace SmartParking.Domain.Payments;

public enum ReconciliationResult
{
    Matched,

    /// <summary>The provider's bill has it; our ledger does not.</summary>
    MissingOnOurSide,

    /// <summary>Our ledger has it; the provider's bill does not.</summary>
    MissingOnTheirs,

    AmountDiffers,
}

/// <summary>One payment or refund of one day, compared between the provider's bill and our ledger.</summary>
public sealed class ReconciliationLine
{
    public const int MaxResolutionLength = 200;

    private ReconciliationLine()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    /// <summary>The lot-local day the bill covers.</summary>
    public DateOnly Day { get; private set; }

    public PaymentChannel Channel { get; private set; }

    public BillLineKind LineKind { get; private set; }

    /// <summary>Our order number, or for a refund our refund number.</summary>
    public string Reference { get; private set; } = "";

    public decimal? OurAmount { get; private set; }

    public decimal? TheirAmount { get; private set; }

    public ReconciliationResult Result { get; private set; }

    public DateTime CheckedUtc { get; private set; }

    public string? ResolvedBy { get; private set; }

    public DateTime? ResolvedUtc { get; private set; }

    public string? Resolution { get; private set; }

    public bool IsDifference => Result != ReconciliationResult.Matched;

    public static ReconciliationLine Compare(Guid lotId, DateOnly day, PaymentChannel channel, BillLineKind kind, string reference, decimal? ours, decimal? theirs, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        LotId = lotId,
        Day = day,
        Channel = channel,
        LineKind = kind,
        Reference = reference,
        OurAmount = ours,
        TheirAmount = theirs,
        Result = ours is null ? ReconciliationResult.MissingOnOurSide
            : theirs is null ? ReconciliationResult.MissingOnTheirs
            : ours == theirs ? ReconciliationResult.Matched
            : ReconciliationResult.AmountDiffers,
        CheckedUtc = nowUtc,
    };

    public void Resolve(string by, string resolution, DateTime nowUtc)
    {
        if (!IsDifference || ResolvedUtc is not null)
        {
            throw new Common.DomainException("Reconciliation.NothingToResolve");
        }

        if (string.IsNullOrWhiteSpace(resolution))
        {
            throw new Common.DomainException("Reconciliation.ResolutionMissing");
        }

        ResolvedBy = by;
        ResolvedUtc = nowUtc;
        var trimmed = resolution.Trim();
        Resolution = trimmed.Length <= MaxResolutionLength ? trimmed : trimmed[..MaxResolutionLength];
    }
}
