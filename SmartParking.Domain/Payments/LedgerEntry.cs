using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Payments;

public enum LedgerEntryKind
{
    /// <summary>Money an owner put on the account (office cash, WeChat Pay, Alipay).</summary>
    TopUp,

    /// <summary>A top-up paid back to the owner.</summary>
    TopUpRefund,

    /// <summary>A stay's fee taken from an owner's balance.</summary>
    Charge,

    /// <summary>A visitor's fee paid (booth cash, WeChat Pay, Alipay).</summary>
    StayPayment,

    /// <summary>A visitor's payment paid back.</summary>
    StayRefund,

    /// <summary>A correction of an owner's balance by Finance or an admin, with a reason.</summary>
    Adjustment,

    /// <summary>A balance brought over from before this system; no money moved here.</summary>
    CarryOver,

    /// <summary>A monthly pass sold at the office or bought online: income of its own, apart from stays' fees.</summary>
    PassSale,

    /// <summary>
    /// What a coupon took off a stay's fee when it closed: owed to the lot by the coupon's issuer and settled on its
    /// monthly statement, so it is neither a fee collected nor a balance change.
    /// </summary>
    CouponDiscount,
}

/// <summary>
/// One movement of money, never changed once written. <see cref="Amount"/> is what moved through the channel into the
/// lot's hands (negative when it went back out); <see cref="BalanceChange"/> is what it did to an owner's account. An
/// owner's balance is the sum of their entries' balance changes.
/// </summary>
public sealed class LedgerEntry
{
    public const int MaxNoteLength = 200;
    public const int MaxActorLength = 100;

    private LedgerEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public DateTime AtUtc { get; private set; }

    public LedgerEntryKind Kind { get; private set; }

    public PaymentChannel Channel { get; private set; }

    public decimal Amount { get; private set; }

    public decimal BalanceChange { get; private set; }

    public Guid? OwnerId { get; private set; }

    public Guid? SessionId { get; private set; }

    /// <summary>The online payment this entry books; unique per kind, so a payment is booked once however often it is reported.</summary>
    public Guid? PaymentId { get; private set; }

    /// <summary>The refund this entry books; unique, so a refund is booked once.</summary>
    public Guid? RefundId { get; private set; }

    /// <summary>The coupon use this entry books; unique, so a coupon's discount is booked once.</summary>
    public Guid? CouponUseId { get; private set; }

    public string Actor { get; private set; } = "";

    public string Note { get; private set; } = "";

    /// <summary>Parking income collected: fees paid by visitors and fees taken from owners' balances, less refunds of them.</summary>
    public bool IsFee => Kind is LedgerEntryKind.Charge or LedgerEntryKind.StayPayment or LedgerEntryKind.StayRefund;

    /// <summary>A payment the payer can ask a receipt for.</summary>
    public bool HasReceipt => Kind is LedgerEntryKind.TopUp or LedgerEntryKind.StayPayment;

    public static LedgerEntry TopUp(Guid lotId, Guid ownerId, PaymentChannel channel, decimal amount, DateTime atUtc, string actor, Guid? paymentId = null)
    {
        Received(channel, amount);
        return New(lotId, LedgerEntryKind.TopUp, channel, amount, amount, atUtc, actor, "", ownerId, null, paymentId, null);
    }

    public static LedgerEntry Charge(Guid lotId, Guid ownerId, Guid sessionId, decimal fee, DateTime atUtc)
    {
        if (fee <= 0 || !Money.IsWholeCents(fee))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        return New(lotId, LedgerEntryKind.Charge, PaymentChannel.Balance, fee, -fee, atUtc, "gate", "", ownerId, sessionId, null, null);
    }

    public static LedgerEntry StayPayment(Guid lotId, Guid sessionId, PaymentChannel channel, decimal amount, DateTime atUtc, string actor, Guid? paymentId = null)
    {
        Received(channel, amount);
        return New(lotId, LedgerEntryKind.StayPayment, channel, amount, 0m, atUtc, actor, "", null, sessionId, paymentId, null);
    }

    /// <summary>Money paid back on an online payment; a top-up's refund also lowers the owner's balance.</summary>
    public static LedgerEntry Refund(Payment payment, PaymentRefund refund, DateTime atUtc)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(refund);
        var topUp = payment.Purpose == PaymentPurpose.TopUp;
        return New(
            payment.LotId, topUp ? LedgerEntryKind.TopUpRefund : LedgerEntryKind.StayRefund, payment.Channel, -refund.Amount,
            topUp ? -refund.Amount : 0m, atUtc, refund.RequestedBy, refund.Reason, payment.OwnerId, payment.SessionId, payment.Id, refund.Id);
    }

    public static LedgerEntry Adjustment(Guid lotId, Guid ownerId, decimal change, DateTime atUtc, string actor, string reason)
    {
        if (change == 0 || !Money.IsWholeCents(change))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        return New(lotId, LedgerEntryKind.Adjustment, PaymentChannel.Balance, 0m, change, atUtc, actor, reason, ownerId, null, null, null);
    }

    public static LedgerEntry PassSale(
        Guid lotId, Guid? ownerId, PaymentChannel channel, decimal amount, DateTime atUtc, string actor, string note, Guid? paymentId = null)
    {
        Received(channel, amount);
        return New(lotId, LedgerEntryKind.PassSale, channel, amount, 0m, atUtc, actor, note, ownerId, null, paymentId, null);
    }

    /// <summary>A coupon's discount on a stay that closed, owed by its issuer (channel <see cref="PaymentChannel.Coupon"/>).</summary>
    public static LedgerEntry CouponDiscount(Guid lotId, Guid sessionId, Guid couponUseId, decimal amount, DateTime atUtc, string note)
    {
        if (amount <= 0 || !Money.IsWholeCents(amount))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        var entry = New(lotId, LedgerEntryKind.CouponDiscount, PaymentChannel.Coupon, amount, 0m, atUtc, "gate", note, null, sessionId, null, null);
        entry.CouponUseId = couponUseId;
        return entry;
    }

    public static LedgerEntry CarryOver(Guid lotId, Guid ownerId, decimal balance, DateTime atUtc, string actor) =>
        New(lotId, LedgerEntryKind.CarryOver, PaymentChannel.Balance, 0m, balance, atUtc, actor, "", ownerId, null, null, null);

    private static void Received(PaymentChannel channel, decimal amount)
    {
        if (channel == PaymentChannel.Balance)
        {
            throw new DomainException("Ledger.ChannelIsBalance");
        }

        if (amount <= 0 || !Money.IsWholeCents(amount))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }
    }

    private static LedgerEntry New(
        Guid lotId, LedgerEntryKind kind, PaymentChannel channel, decimal amount, decimal balanceChange, DateTime atUtc, string actor, string note,
        Guid? ownerId, Guid? sessionId, Guid? paymentId, Guid? refundId) => new()
        {
            Id = Guid.CreateVersion7(),
            LotId = lotId,
            Kind = kind,
            Channel = channel,
            Amount = amount,
            BalanceChange = balanceChange,
            AtUtc = atUtc,
            Actor = Clip(actor, MaxActorLength),
            Note = Clip(note, MaxNoteLength),
            OwnerId = ownerId,
            SessionId = sessionId,
            PaymentId = paymentId,
            RefundId = refundId,
        };

    private static string Clip(string? text, int length) => text is null ? "" : text.Length <= length ? text : text[..length];
}
