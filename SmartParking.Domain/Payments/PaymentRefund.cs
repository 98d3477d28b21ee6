using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Payments;

public enum RefundStatus
{
    /// <summary>Asked for; a second person must approve before anything is sent.</summary>
    AwaitingApproval,

    /// <summary>Sent to the provider, which has not confirmed the money moved.</summary>
    Processing,

    Succeeded,

    Failed,

    /// <summary>The second person said no.</summary>
    Rejected,
}

/// <summary>Money paid back on an online payment; <see cref="OutRefundNo"/> is the provider's idempotency key.</summary>
public sealed class PaymentRefund
{
    public const int MaxReasonLength = 80;

    private PaymentRefund()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid PaymentId { get; private set; }

    public string OutRefundNo { get; private set; } = null!;

    public decimal Amount { get; private set; }

    public string Reason { get; private set; } = "";

    public RefundStatus Status { get; private set; }

    public string RequestedBy { get; private set; } = "";

    public DateTime RequestedUtc { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateTime? DecidedUtc { get; private set; }

    public string? ProviderRefundNo { get; private set; }

    public static PaymentRefund Request(Payment payment, decimal amount, string reason, string requestedBy, DateTime nowUtc, bool needsApproval)
    {
        ArgumentNullException.ThrowIfNull(payment);
        if (amount <= 0 || !Money.IsWholeCents(amount))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        if (amount > payment.Refundable)
        {
            throw new DomainException("Refund.MoreThanPaid", payment.Refundable);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Refund.ReasonMissing");
        }

        var id = Guid.NewGuid();
        return new PaymentRefund
        {
            Id = id,
            LotId = payment.LotId,
            PaymentId = payment.Id,
            OutRefundNo = "RF" + nowUtc.ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + id.ToString("N")[..18].ToUpperInvariant(),
            Amount = amount,
            Reason = reason.Trim().Length <= MaxReasonLength ? reason.Trim() : reason.Trim()[..MaxReasonLength],
            Status = needsApproval ? RefundStatus.AwaitingApproval : RefundStatus.Processing,
            RequestedBy = requestedBy,
            RequestedUtc = nowUtc,
        };
    }

    /// <summary>The second person; never the one who asked.</summary>
    public void Approve(string approver, DateTime nowUtc)
    {
        if (Status != RefundStatus.AwaitingApproval)
        {
            throw new DomainException("Refund.NotAwaitingApproval");
        }

        if (string.Equals(approver, RequestedBy, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("Refund.SamePerson");
        }

        ApprovedBy = approver;
        DecidedUtc = nowUtc;
        Status = RefundStatus.Processing;
    }

    public void Reject(string approver, DateTime nowUtc)
    {
        if (Status != RefundStatus.AwaitingApproval)
        {
            throw new DomainException("Refund.NotAwaitingApproval");
        }

        ApprovedBy = approver;
        DecidedUtc = nowUtc;
        Status = RefundStatus.Rejected;
    }

    public void Settle(ProviderRefund answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ProviderRefundNo = answer.ProviderRefundNo ?? ProviderRefundNo;
        Status = answer.State switch
        {
            ProviderRefundState.Succeeded => RefundStatus.Succeeded,
            ProviderRefundState.Failed => RefundStatus.Failed,
            _ => RefundStatus.Processing,
        };
    }
}
