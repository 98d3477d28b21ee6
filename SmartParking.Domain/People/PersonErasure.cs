using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public enum PersonKind
{
    Owner,
    Visitor,
}

public enum ErasureState
{
    Pending,
    Confirmed,
    Withdrawn,
}

/// <summary>
/// One admin's request to erase a person's data (PIPL art. 47), which takes effect only when a second admin confirms
/// it: four eyes, because nothing brings the data back.
/// </summary>
public sealed class PersonErasure
{
    public const int MaxReasonLength = 500;

    private PersonErasure()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public PersonKind Kind { get; private set; }

    /// <summary>The owner's id, or the visitor registration's the request was made from.</summary>
    public Guid PersonId { get; private set; }

    /// <summary>Who the person was, masked (张* · 110***********1234), so the request can be checked without the data.</summary>
    public string Label { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string RequestedBy { get; private set; } = "";

    public DateTime RequestedUtc { get; private set; }

    public ErasureState State { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTime? DecidedUtc { get; private set; }

    public static PersonErasure Request(Guid lotId, PersonKind kind, Guid personId, string label, string? reason, string requestedBy, DateTime nowUtc)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            throw new DomainException("Erasure.ReasonRequired");
        }

        if (why.Length > MaxReasonLength)
        {
            throw new DomainException("Erasure.ReasonTooLong", MaxReasonLength);
        }

        return new PersonErasure
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            Kind = kind,
            PersonId = personId,
            Label = label,
            Reason = why,
            RequestedBy = requestedBy,
            RequestedUtc = nowUtc,
            State = ErasureState.Pending,
        };
    }

    /// <summary>The second admin agrees; the caller erases the data in the same transaction.</summary>
    public void Confirm(string admin, DateTime nowUtc)
    {
        RequirePending();
        if (string.Equals(admin, RequestedBy, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("Erasure.SameAdmin");
        }

        State = ErasureState.Confirmed;
        DecidedBy = admin;
        DecidedUtc = nowUtc;
    }

    public void Withdraw(string admin, DateTime nowUtc)
    {
        RequirePending();
        State = ErasureState.Withdrawn;
        DecidedBy = admin;
        DecidedUtc = nowUtc;
    }

    private void RequirePending()
    {
        if (State != ErasureState.Pending)
        {
            throw new DomainException("Erasure.NotPending", State);
        }
    }
}
