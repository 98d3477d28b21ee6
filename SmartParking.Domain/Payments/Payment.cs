using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Payments;

public enum PaymentPurpose
{
    /// <summary>A visitor's (or an unpaid) stay's fee.</summary>
    StayFee,

    /// <summary>Money on an owner's account.</summary>
    TopUp,

    /// <summary>A monthly pass an owner buys or renews.</summary>
    Pass,
}

public enum PaymentStatus
{
    /// <summary>The order is with the provider; nobody has paid yet.</summary>
    Created,

    Paid,

    /// <summary>Expired or closed before anyone paid.</summary>
    Closed,

    PartiallyRefunded,

    Refunded,
}

/// <summary>
/// One online payment order with WeChat Pay or Alipay, from creation to paid, closed or refunded. The database guards
/// each transition (a conditional update on the status), so a callback delivered ten times books it once.
/// </summary>
public sealed class Payment
{
    public const int OutTradeNoLength = 32;
    public const int MaxProviderTradeNoLength = 64;
    public const int MaxDescriptionLength = 127;

    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    /// <summary>Our order number, unique, what the provider knows it by (6–32 letters and digits for both providers).</summary>
    public string OutTradeNo { get; private set; } = null!;

    public PaymentChannel Channel { get; private set; }

    public PaymentPurpose Purpose { get; private set; }

    public decimal Amount { get; private set; }

    public decimal RefundedAmount { get; private set; }

    public PaymentStatus Status { get; private set; }

    public Guid? OwnerId { get; private set; }

    public Guid? SessionId { get; private set; }

    /// <summary>For a stay's fee: the time the fee was computed to; the car has the grace after it to leave.</summary>
    public DateTime? CoversUntilUtc { get; private set; }

    public string Description { get; private set; } = "";

    public DateTime CreatedUtc { get; private set; }

    public DateTime ExpiresUtc { get; private set; }

    public DateTime? PaidUtc { get; private set; }

    public string? ProviderTradeNo { get; private set; }

    public DateTime? ClosedUtc { get; private set; }

    /// <summary>How many times the follow-up job asked the provider; picks the next wait (1, 2, 5, 10, 30 minutes).</summary>
    public int Checks { get; private set; }

    public DateTime? NextCheckUtc { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public decimal Refundable => Status is PaymentStatus.Paid or PaymentStatus.PartiallyRefunded ? Amount - RefundedAmount : 0m;

    private static readonly TimeSpan[] CheckWaits =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)];

    public static Payment ForStay(Guid lotId, Guid sessionId, PaymentChannel channel, decimal amount, DateTime coversUntilUtc, string description, DateTime nowUtc, TimeSpan life, string createdBy) =>
        New(lotId, PaymentPurpose.StayFee, channel, amount, null, sessionId, coversUntilUtc, description, nowUtc, life, createdBy);

    public static Payment ForTopUp(Guid lotId, Guid ownerId, PaymentChannel channel, decimal amount, string description, DateTime nowUtc, TimeSpan life, string createdBy) =>
        New(lotId, PaymentPurpose.TopUp, channel, amount, ownerId, null, null, description, nowUtc, life, createdBy);

    public static Payment ForPass(Guid lotId, Guid ownerId, PaymentChannel channel, decimal amount, string description, DateTime nowUtc, TimeSpan life, string createdBy) =>
        New(lotId, PaymentPurpose.Pass, channel, amount, ownerId, null, null, description, nowUtc, life, createdBy);

    /// <summary>The next time the follow-up job asks the provider, or null when it has asked enough and only expiry is left.</summary>
    public static DateTime? NextCheckAfter(int checks, DateTime createdUtc) =>
        checks < CheckWaits.Length ? createdUtc + CheckWaits[checks] : null;

    /// <summary>
    /// Whether a verified notice belongs to this order: the provider must name our merchant and app and the order's
    /// exact amount. Anything else is refused and alerted, never booked.
    /// </summary>
    public DomainError? Mismatch(PaymentNotice notice, string merchantId, string appId)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Channel != Channel)
        {
            return DomainError.Of("Payment.ChannelMismatch", OutTradeNo);
        }

        if (!string.Equals(notice.MerchantId, merchantId, StringComparison.Ordinal))
        {
            return DomainError.Of("Payment.MerchantMismatch", OutTradeNo, notice.MerchantId);
        }

        if (!string.Equals(notice.AppId, appId, StringComparison.Ordinal))
        {
            return DomainError.Of("Payment.AppMismatch", OutTradeNo, notice.AppId);
        }

        return notice.Amount != Amount ? DomainError.Of("Payment.AmountMismatch", OutTradeNo, Amount, notice.Amount) : null;
    }

    /// <summary>
    /// The provider says the money arrived. A closed order can still be paid at the provider in the moment before it
    /// closes there; the money is real, so it is booked.
    /// </summary>
    public void MarkPaid(string? providerTradeNo, DateTime paidUtc)
    {
        if (Status is not (PaymentStatus.Created or PaymentStatus.Closed))
        {
            throw new DomainException("Payment.NotAwaitingMoney", OutTradeNo);
        }

        Status = PaymentStatus.Paid;
        PaidUtc = paidUtc;
        ProviderTradeNo = providerTradeNo is { Length: > MaxProviderTradeNoLength } ? providerTradeNo[..MaxProviderTradeNoLength] : providerTradeNo;
        NextCheckUtc = null;
    }

    public void Close(DateTime nowUtc)
    {
        if (Status != PaymentStatus.Created)
        {
            throw new DomainException("Payment.NotAwaitingMoney", OutTradeNo);
        }

        Status = PaymentStatus.Closed;
        ClosedUtc = nowUtc;
        NextCheckUtc = null;
    }

    /// <summary>The follow-up job asked the provider and heard "not paid yet".</summary>
    public void Checked()
    {
        Checks++;
        NextCheckUtc = NextCheckAfter(Checks, CreatedUtc) is { } next && next < ExpiresUtc ? next : ExpiresUtc;
    }

    public void Refunded(decimal amount)
    {
        if (amount <= 0 || amount > Refundable)
        {
            throw new DomainException("Refund.MoreThanPaid", Refundable);
        }

        RefundedAmount += amount;
        Status = RefundedAmount == Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
    }

    private static Payment New(
        Guid lotId, PaymentPurpose purpose, PaymentChannel channel, decimal amount, Guid? ownerId, Guid? sessionId, DateTime? coversUntilUtc,
        string description, DateTime nowUtc, TimeSpan life, string createdBy)
    {
        if (channel is not (PaymentChannel.WeChat or PaymentChannel.Alipay))
        {
            throw new DomainException("Payment.ChannelNotOnline");
        }

        if (amount <= 0 || !Money.IsWholeCents(amount))
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        var id = Guid.NewGuid();
        return new Payment
        {
            Id = id,
            LotId = lotId,
            // Letters and digits only, 32 long: both providers take it, and it never repeats.
            OutTradeNo = "SP" + nowUtc.ToString("yyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + id.ToString("N")[..18].ToUpperInvariant(),
            Channel = channel,
            Purpose = purpose,
            Amount = amount,
            Status = PaymentStatus.Created,
            OwnerId = ownerId,
            SessionId = sessionId,
            CoversUntilUtc = coversUntilUtc,
            Description = description.Length <= MaxDescriptionLength ? description : description[..MaxDescriptionLength],
            CreatedUtc = nowUtc,
            ExpiresUtc = nowUtc + life,
            NextCheckUtc = nowUtc + CheckWaits[0],
            CreatedBy = createdBy,
        };
    }
}
