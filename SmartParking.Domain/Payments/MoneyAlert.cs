namespace SmartParking.Domain.Payments;

public enum MoneyAlertKind
{
    /// <summary>An owner's kept balance differs from the sum of their ledger entries.</summary>
    BalanceMismatch,

    /// <summary>A verified callback named another merchant, app or amount than our order.</summary>
    CallbackMismatch,

    /// <summary>The provider's daily bill and our ledger disagree.</summary>
    BillDifference,
}

/// <summary>Something about money that a person must look at; shown on the admin console until resolved.</summary>
public sealed class MoneyAlert
{
    public const int MaxTextLength = 300;

    private MoneyAlert()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public DateTime RaisedUtc { get; private set; }

    public MoneyAlertKind Kind { get; private set; }

    /// <summary>What it is about (an order number, an owner id), so the same finding is raised once.</summary>
    public string Subject { get; private set; } = "";

    /// <summary>The coded reason (<see cref="Common.DomainError.Encode"/>), read in the viewer's language.</summary>
    public string Detail { get; private set; } = "";

    public DateTime? ResolvedUtc { get; private set; }

    public string? ResolvedBy { get; private set; }

    public string? Resolution { get; private set; }

    public static MoneyAlert Raise(Guid lotId, MoneyAlertKind kind, string subject, string detail, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        LotId = lotId,
        Kind = kind,
        Subject = Clip(subject),
        Detail = Clip(detail),
        RaisedUtc = nowUtc,
    };

    public void Resolve(string by, string resolution, DateTime nowUtc)
    {
        if (ResolvedUtc is not null)
        {
            throw new Common.DomainException("Alert.AlreadyResolved");
        }

        ResolvedBy = by;
        Resolution = Clip(resolution);
        ResolvedUtc = nowUtc;
    }

    private static string Clip(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength];
}
