namespace SmartParking.Domain.Payments;

/// <summary>How money reached the lot. Cash and balance need no provider; WeChat Pay and Alipay go through a gateway.</summary>
public enum PaymentChannel
{
    Cash,
    Balance,
    WeChat,
    Alipay,

    /// <summary>A coupon's issuer, who pays what its coupons took off on the monthly statement.</summary>
    Coupon,
}

/// <summary>Where the payer is: a QR shown on a screen or sign (Native / precreate), or a phone browser (H5 / wap.pay).</summary>
public enum PayerDevice
{
    Qr,
    Phone,
}

/// <summary>An order to place with a provider. <paramref name="OutTradeNo"/> is ours and unique; amounts in yuan.</summary>
public sealed record PaymentOrder(
    string OutTradeNo, decimal Amount, string Description, DateTime ExpiresUtc, PayerDevice Device, string NotifyUrl, string? ReturnUrl, string? PayerIp);

/// <summary>What the payer is given: the content of a QR code to scan, or the page to open on the phone.</summary>
public sealed record PaymentPrompt(string? QrContent, string? PayUrl);

public enum ProviderTradeState
{
    NotPaid,
    Paid,
    Closed,
    Refunded,
    NotFound,
}

/// <summary>The provider's answer to "what became of this order".</summary>
public sealed record ProviderTrade(string OutTradeNo, ProviderTradeState State, decimal? Amount, string? ProviderTradeNo, DateTime? PaidUtc);

public enum ProviderRefundState
{
    Succeeded,
    Processing,
    Failed,
}

/// <summary>The provider's answer to a refund; only <see cref="ProviderRefundState.Succeeded"/> moved money.</summary>
public sealed record ProviderRefund(string OutRefundNo, ProviderRefundState State, decimal Amount, string? ProviderRefundNo);

public enum BillLineKind
{
    Payment,
    Refund,
}

/// <summary>One line of the provider's daily bill, for reconciliation against the ledger.</summary>
public sealed record BillLine(BillLineKind Kind, string OutTradeNo, string? OutRefundNo, string? ProviderTradeNo, decimal Amount, DateTime AtUtc);

/// <summary>
/// A callback whose signature verified: what the provider says happened to one of our orders. The booking side checks
/// merchant, app and amount against the order before anything is booked.
/// </summary>
public sealed record PaymentNotice(
    PaymentChannel Channel, string OutTradeNo, string? ProviderTradeNo, decimal Amount, bool Paid, string MerchantId, string AppId, DateTime? PaidUtc);

/// <summary>One online payment provider (WeChat Pay API v3, Alipay open API), spoken to by our own signed client.</summary>
public interface IPaymentGateway
{
    PaymentChannel Channel { get; }

    /// <summary>The merchant (mchid / seller_id) and app (appid / app_id) a genuine callback must name.</summary>
    string MerchantId { get; }

    string AppId { get; }

    Task<PaymentPrompt> CreateOrderAsync(PaymentOrder order, CancellationToken cancellationToken = default);

    Task<ProviderTrade> QueryAsync(string outTradeNo, CancellationToken cancellationToken = default);

    Task CloseAsync(string outTradeNo, CancellationToken cancellationToken = default);

    /// <summary>Refunds part or all of a paid order; <paramref name="outRefundNo"/> is the idempotency key.</summary>
    Task<ProviderRefund> RefundAsync(string outTradeNo, string outRefundNo, decimal refund, decimal total, string reason, CancellationToken cancellationToken = default);

    Task<ProviderRefund> QueryRefundAsync(string outTradeNo, string outRefundNo, CancellationToken cancellationToken = default);

    /// <summary>The provider's bill of one lot-local day (trades and refunds).</summary>
    Task<IReadOnlyList<BillLine>> DownloadBillAsync(DateOnly day, CancellationToken cancellationToken = default);
}

public enum NoticeBooking
{
    /// <summary>The payment is booked now.</summary>
    Booked,

    /// <summary>The same notice came before; nothing new was booked (still a success to the provider).</summary>
    AlreadyBooked,

    /// <summary>No order of ours has this number.</summary>
    UnknownOrder,

    /// <summary>Merchant, app or amount do not match the order: refused, alerted, nothing booked.</summary>
    Mismatch,
}

/// <summary>Books what a verified callback says (implemented by the ledger side).</summary>
public interface IPaymentNotices
{
    Task<NoticeBooking> ReceiveAsync(PaymentNotice notice, CancellationToken cancellationToken = default);
}
