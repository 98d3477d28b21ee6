using System.Collections.Concurrent;
using System.Globalization;
using SmartParking.Domain.Payments;

namespace SmartParking.Infrastructure.Payments.Sandbox;

public enum SandboxOrderState
{
    NotPaid,
    Paid,
    Closed,
}

public sealed record SandboxRefund(string OutRefundNo, string RefundId, decimal Amount, DateTime AtUtc);

/// <summary>One order the sandbox accepted; changed under its own lock (the pay page, a close and a refund can race).</summary>
public sealed class SandboxOrder(PaymentChannel channel, string outTradeNo, decimal amount, string description, string? notifyUrl, string? returnUrl,
    DateTime createdUtc, DateTime? expiresUtc, PayerDevice device)
{
    private readonly List<SandboxRefund> _refunds = [];

    public PaymentChannel Channel { get; } = channel;

    public string OutTradeNo { get; } = outTradeNo;

    public decimal Amount { get; } = amount;

    public string Description { get; } = description;

    public string? NotifyUrl { get; } = notifyUrl;

    public string? ReturnUrl { get; } = returnUrl;

    public DateTime CreatedUtc { get; } = createdUtc;

    public DateTime? ExpiresUtc { get; } = expiresUtc;

    public PayerDevice Device { get; } = device;

    public SandboxOrderState State { get; private set; }

    public string? ProviderTradeNo { get; private set; }

    public DateTime? PaidUtc { get; private set; }

    public IReadOnlyList<SandboxRefund> Refunds
    {
        get
        {
            lock (_refunds)
            {
                return [.. _refunds];
            }
        }
    }

    public decimal Refunded => Refunds.Sum(r => r.Amount);

    /// <summary>The payer pressed Pay: false when the order was closed or had expired.</summary>
    public bool Pay(DateTime nowUtc)
    {
        lock (_refunds)
        {
            if (State == SandboxOrderState.Paid)
            {
                return true;
            }

            if (State == SandboxOrderState.Closed || ExpiresUtc < nowUtc)
            {
                return false;
            }

            State = SandboxOrderState.Paid;
            PaidUtc = nowUtc;
            ProviderTradeNo = (Channel == PaymentChannel.WeChat ? "42000" : "2026") + nowUtc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
                + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
            return true;
        }
    }

    /// <summary>False when it was paid already: a paid order cannot be closed, only refunded.</summary>
    public bool Close()
    {
        lock (_refunds)
        {
            if (State == SandboxOrderState.Paid)
            {
                return false;
            }

            State = SandboxOrderState.Closed;
            return true;
        }
    }

    /// <summary>The refund of this number, made once: asking again with the same number returns the first one (and "new" false).</summary>
    public (SandboxRefund? Refund, bool New, string? Refusal) Refund(string outRefundNo, decimal amount, DateTime nowUtc)
    {
        lock (_refunds)
        {
            var existing = _refunds.FirstOrDefault(r => r.OutRefundNo == outRefundNo);
            if (existing is not null)
            {
                return (existing, false, null);
            }

            if (State != SandboxOrderState.Paid)
            {
                return (null, false, "TRADE_NOT_PAID");
            }

            if (amount <= 0 || _refunds.Sum(r => r.Amount) + amount > Amount)
            {
                return (null, false, "NOT_ENOUGH");
            }

            var refund = new SandboxRefund(outRefundNo, "5030" + nowUtc.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + _refunds.Count, amount, nowUtc);
            _refunds.Add(refund);
            return (refund, true, null);
        }
    }
}

/// <summary>The sandbox's orders, in memory: a restart of the demo forgets them, as a fresh sandbox account would.</summary>
public sealed class PaymentSandboxOrders
{
    private readonly ConcurrentDictionary<(PaymentChannel, string), SandboxOrder> _orders = new();

    public SandboxOrder? Find(PaymentChannel channel, string outTradeNo) => _orders.GetValueOrDefault((channel, outTradeNo));

    /// <summary>Places the order, or returns the one already placed under that number (the caller compares the amount).</summary>
    public SandboxOrder Place(SandboxOrder order) => _orders.GetOrAdd((order.Channel, order.OutTradeNo), order);

    public IEnumerable<SandboxOrder> All(PaymentChannel channel) => _orders.Values.Where(o => o.Channel == channel);
}
