using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Payments;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("LedgerEntries");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Actor).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Property(e => e.Note).HasMaxLength(LedgerEntry.MaxNoteLength);
        builder.Ignore(e => e.IsFee);
        builder.Ignore(e => e.HasReceipt);
        builder.BelongsToLot();
        builder.HasOne<Owner>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ParkingSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payment>().WithMany().HasForeignKey(e => e.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PaymentRefund>().WithMany().HasForeignKey(e => e.RefundId).OnDelete(DeleteBehavior.Restrict);

        // A payment is booked once and a refund once, however often and however concurrently they are reported.
        builder.HasIndex(e => e.PaymentId, "IX_LedgerEntries_OnePerPayment").IsUnique().HasFilter("PaymentId IS NOT NULL AND RefundId IS NULL");
        builder.HasIndex(e => e.RefundId, "IX_LedgerEntries_OnePerRefund").IsUnique().HasFilter("RefundId IS NOT NULL");
        builder.HasOne<Domain.Billing.CouponUse>().WithMany().HasForeignKey(e => e.CouponUseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.CouponUseId, "IX_LedgerEntries_OnePerCouponUse").IsUnique().HasFilter("CouponUseId IS NOT NULL");
        builder.HasIndex(e => new { e.LotId, e.AtUtc });
        builder.HasIndex(e => new { e.OwnerId, e.AtUtc });
        builder.HasIndex(e => e.SessionId);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("Payments");
        builder.Property(p => p.OutTradeNo).HasMaxLength(Payment.OutTradeNoLength);
        builder.Property(p => p.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.ProviderTradeNo).HasMaxLength(Payment.MaxProviderTradeNoLength);
        builder.Property(p => p.Description).HasMaxLength(Payment.MaxDescriptionLength);
        builder.Property(p => p.CreatedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Ignore(p => p.Refundable);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();
        builder.HasOne<Owner>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ParkingSession>().WithMany().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.OutTradeNo).IsUnique();
        builder.HasIndex(p => new { p.Status, p.NextCheckUtc });
        builder.HasIndex(p => p.SessionId);
        builder.HasIndex(p => new { p.LotId, p.CreatedUtc });
    }
}

internal sealed class PaymentRefundConfiguration : IEntityTypeConfiguration<PaymentRefund>
{
    public void Configure(EntityTypeBuilder<PaymentRefund> builder)
    {
        builder.ToTable("PaymentRefunds");
        builder.Property(r => r.OutRefundNo).HasMaxLength(Payment.OutTradeNoLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(PaymentRefund.MaxReasonLength);
        builder.Property(r => r.RequestedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Property(r => r.ApprovedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Property(r => r.ProviderRefundNo).HasMaxLength(Payment.MaxProviderTradeNoLength);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();
        builder.HasOne<Payment>().WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.OutRefundNo).IsUnique();
        builder.HasIndex(r => new { r.LotId, r.Status });
    }
}

internal sealed class BalanceAdjustmentConfiguration : IEntityTypeConfiguration<BalanceAdjustment>
{
    public void Configure(EntityTypeBuilder<BalanceAdjustment> builder)
    {
        builder.ToTable("BalanceAdjustments");
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Reason).HasMaxLength(BalanceAdjustment.MaxReasonLength);
        builder.Property(a => a.RequestedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Property(a => a.ApprovedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();
        builder.HasOne<Owner>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.LotId, a.Status });
    }
}

internal sealed class MoneyAlertConfiguration : IEntityTypeConfiguration<MoneyAlert>
{
    public void Configure(EntityTypeBuilder<MoneyAlert> builder)
    {
        builder.ToTable("MoneyAlerts");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Subject).HasMaxLength(MoneyAlert.MaxTextLength);
        builder.Property(a => a.Detail).HasMaxLength(MoneyAlert.MaxTextLength);
        builder.Property(a => a.Resolution).HasMaxLength(MoneyAlert.MaxTextLength);
        builder.Property(a => a.ResolvedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.BelongsToLot();
        builder.HasIndex(a => new { a.LotId, a.ResolvedUtc });
    }
}

internal sealed class ReconciliationLineConfiguration : IEntityTypeConfiguration<ReconciliationLine>
{
    public void Configure(EntityTypeBuilder<ReconciliationLine> builder)
    {
        builder.ToTable("ReconciliationLines");
        builder.Property(l => l.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.LineKind).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.Result).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Reference).HasMaxLength(Payment.OutTradeNoLength);
        builder.Property(l => l.Resolution).HasMaxLength(ReconciliationLine.MaxResolutionLength);
        builder.Property(l => l.ResolvedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.Ignore(l => l.IsDifference);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();

        // A day checked again replaces its lines; one line per reference and kind per day and channel.
        builder.HasIndex(l => new { l.LotId, l.Day, l.Channel, l.LineKind, l.Reference }).IsUnique();
    }
}
