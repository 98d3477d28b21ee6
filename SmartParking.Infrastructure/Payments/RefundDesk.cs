using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Common;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Pays money back on online payments and corrects owners' balances. Above the lot's limit a second Finance or Admin
/// person approves before anything is sent or booked; every step is audited. A refund counts when the provider says
/// the money moved, and is booked once (its stamp and the ledger's unique index guard it).
/// </summary>
public sealed class RefundDesk(
    IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, PaymentDesk payments, ILogger<RefundDesk> logger)
{
    public async Task<PaymentRefund> RequestAsync(Guid lotId, Guid paymentId, decimal amount, string reason, string actor, CancellationToken cancellationToken = default)
    {
        PaymentRefund refund;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var payment = await db.Payments.FirstOrDefaultAsync(p => p.LotId == lotId && p.Id == paymentId, cancellationToken)
                ?? throw new DomainException("Payment.NotFound");

            // What is already asked for and not refused counts against what can still be refunded.
            var pending = await db.PaymentRefunds
                .Where(r => r.PaymentId == paymentId && (r.Status == RefundStatus.AwaitingApproval || r.Status == RefundStatus.Processing))
                .Select(r => r.Amount).ToListAsync(cancellationToken);
            if (amount > payment.Refundable - pending.Sum())
            {
                throw new DomainException("Refund.MoreThanPaid", payment.Refundable - pending.Sum());
            }

            var now = clock.UtcNow;
            refund = PaymentRefund.Request(payment, amount, reason, actor, now, amount > payments.Settings.RefundApprovalAbove);
            db.PaymentRefunds.Add(refund);
            db.AuditEntries.Add(AuditEntry.Record(now, actor, "RequestRefund", $"Payment {payment.OutTradeNo}", null, $"¥{amount:0.00} {refund.Status}", refund.Reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
        }

        return refund.Status == RefundStatus.Processing ? await SendAsync(refund.Id, cancellationToken) : refund;
    }

    public async Task<PaymentRefund> ApproveAsync(Guid lotId, Guid refundId, string approver, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var refund = await db.PaymentRefunds.FirstOrDefaultAsync(r => r.LotId == lotId && r.Id == refundId, cancellationToken)
                ?? throw new DomainException("Refund.NotFound");
            var now = clock.UtcNow;
            refund.Approve(approver, now);
            db.AuditEntries.Add(AuditEntry.Record(now, approver, "ApproveRefund", $"Refund {refund.OutRefundNo}", RefundStatus.AwaitingApproval.ToString(), $"¥{refund.Amount:0.00}", refund.Reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
        }

        return await SendAsync(refundId, cancellationToken);
    }

    public async Task<PaymentRefund> RejectAsync(Guid lotId, Guid refundId, string approver, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var refund = await db.PaymentRefunds.FirstOrDefaultAsync(r => r.LotId == lotId && r.Id == refundId, cancellationToken)
            ?? throw new DomainException("Refund.NotFound");
        var now = clock.UtcNow;
        refund.Reject(approver, now);
        db.AuditEntries.Add(AuditEntry.Record(now, approver, "RejectRefund", $"Refund {refund.OutRefundNo}", RefundStatus.AwaitingApproval.ToString(), RefundStatus.Rejected.ToString(), refund.Reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return refund;
    }

    /// <summary>
    /// Asks the provider (again) for a refund that is processing; <see cref="PaymentRefund.OutRefundNo"/> makes a
    /// repeated ask the same refund there. Booked when the provider says the money moved.
    /// </summary>
    public async Task<PaymentRefund> SendAsync(Guid refundId, CancellationToken cancellationToken = default)
    {
        PaymentRefund refund;
        Payment payment;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            refund = await db.PaymentRefunds.AsNoTracking().SingleAsync(r => r.Id == refundId, cancellationToken);
            payment = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, cancellationToken);
        }

        if (refund.Status != RefundStatus.Processing)
        {
            return refund;
        }

        var gateway = payments.Gateway(payment.Channel) ?? throw new DomainException("Payment.ChannelOff", payment.Channel);
        ProviderRefund answer;
        try
        {
            answer = refund.ProviderRefundNo is null
                ? await gateway.RefundAsync(payment.OutTradeNo, refund.OutRefundNo, refund.Amount, payment.Amount, refund.Reason, cancellationToken)
                : await gateway.QueryRefundAsync(payment.OutTradeNo, refund.OutRefundNo, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Unknown whether it went through: it stays processing and the follow-up asks again with the same number.
            logger.LogWarning(ex, "Refund {OutRefundNo} of {OutTradeNo}: no answer from {Channel}", refund.OutRefundNo, payment.OutTradeNo, payment.Channel);
            return refund;
        }

        return await SettleAsync(refundId, answer, cancellationToken);
    }

    /// <summary>Refunds still processing, for the follow-up job.</summary>
    public async Task<IReadOnlyList<Guid>> ProcessingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PaymentRefunds.Where(r => r.Status == RefundStatus.Processing).Select(r => r.Id).ToListAsync(cancellationToken);
    }

    private Task<PaymentRefund> SettleAsync(Guid refundId, ProviderRefund answer, CancellationToken cancellationToken) =>
        PaymentDesk.WithRetriesAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var refund = await db.PaymentRefunds.SingleAsync(r => r.Id == refundId, cancellationToken);
            if (refund.Status != RefundStatus.Processing)
            {
                return refund;
            }

            refund.Settle(answer);
            if (refund.Status == RefundStatus.Succeeded)
            {
                var payment = await db.Payments.SingleAsync(p => p.Id == refund.PaymentId, cancellationToken);
                payment.Refunded(refund.Amount);
                db.LedgerEntries.Add(LedgerEntry.Refund(payment, refund, clock.UtcNow));
                if (payment.Purpose == PaymentPurpose.TopUp)
                {
                    var owner = await db.Owners.SingleAsync(o => o.Id == payment.OwnerId, cancellationToken);
                    owner.Adjust(-refund.Amount);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return refund;
        }, cancellationToken);
}
