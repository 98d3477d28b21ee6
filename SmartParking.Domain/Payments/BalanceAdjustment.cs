using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Payments;

public enum AdjustmentStatus
{
    AwaitingApproval,
    Booked,
    Rejected,
}

/// <summary>A correction of an owner's balance; above the lot's limit a second person approves before it is booked.</summary>
public sealed class BalanceAdjustment
{
    public const int MaxReasonLength = 200;

    private BalanceAdjustment()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid OwnerId { get; private set; }

    public decimal Change { get; private set; }

    public string Reason { get; private set; } = "";

    public AdjustmentStatus Status { get; private set; }

    public string RequestedBy { get; private set; } = "";

    public DateTime RequestedUtc { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateTime? DecidedUtc { get; private set; }

    public static BalanceAdjustment Request(Guid lotId, Guid ownerId, decimal change, string reason, string requestedBy, DateTime nowUtc, decimal approvalAbove)
    {
        if (change == 0 || !Money.IsWholeCents(change))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Adjustment.ReasonMissing");
        }

        var trimmed = reason.Trim();
        return new BalanceAdjustment
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            OwnerId = ownerId,
            Change = change,
            Reason = trimmed.Length <= MaxReasonLength ? trimmed : trimmed[..MaxReasonLength],
            Status = Math.Abs(change) > approvalAbove ? AdjustmentStatus.AwaitingApproval : AdjustmentStatus.Booked,
            RequestedBy = requestedBy,
            RequestedUtc = nowUtc,
            DecidedUtc = Math.Abs(change) > approvalAbove ? null : nowUtc,
        };
    }

    public void Approve(string approver, DateTime nowUtc)
    {
        if (Status != AdjustmentStatus.AwaitingApproval)
        {
            throw new DomainException("Adjustment.NotAwaitingApproval");
        }

        if (string.Equals(approver, RequestedBy, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("Refund.SamePerson");
        }

        ApprovedBy = approver;
        DecidedUtc = nowUtc;
        Status = AdjustmentStatus.Booked;
    }

    public void Reject(string approver, DateTime nowUtc)
    {
        if (Status != AdjustmentStatus.AwaitingApproval)
        {
            throw new DomainException("Adjustment.NotAwaitingApproval");
        }

        ApprovedBy = approver;
        DecidedUtc = nowUtc;
        Status = AdjustmentStatus.Rejected;
    }
}
