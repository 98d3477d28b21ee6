namespace SmartParking.Infrastructure.Payments;

/// <summary>Section "Payments": how the lot takes money. Provider secrets are in Payments:WeChat / Payments:Alipay (environment or key files).</summary>
public sealed class PaymentSettings
{
    /// <summary>How long a payment order stays open at the provider before it is closed.</summary>
    public int OrderMinutes { get; set; } = 15;

    /// <summary>After paying on the phone, the visitor has this long to drive out before the extra time is charged.</summary>
    public int GraceMinutes { get; set; } = 15;

    public decimal TopUpMinimum { get; set; } = 10m;

    public decimal TopUpMaximum { get; set; } = 5000m;

    public decimal[] TopUpPresets { get; set; } = [50m, 100m, 200m, 500m];

    /// <summary>Refunds above this amount wait for a second Finance or Admin person; 0 means every refund does.</summary>
    public decimal RefundApprovalAbove { get; set; }

    /// <summary>Balance adjustments above this amount (either way) wait for a second person.</summary>
    public decimal AdjustmentApprovalAbove { get; set; } = 100m;

    /// <summary>An owner owing more than this is held at the exit until paid or let out by a guard with a reason.</summary>
    public decimal ArrearsLimit { get; set; } = 200m;

    /// <summary>
    /// The address the providers call back on (https://park.example.com). Unset, the address the request came in on
    /// is used, which is right behind a proxy that forwards the host.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The lot-local time after which the previous day's bills are downloaded and reconciled.</summary>
    public int ReconcileAfterHour { get; set; } = 10;

    public TimeSpan Grace => TimeSpan.FromMinutes(GraceMinutes);

    public TimeSpan OrderLife => TimeSpan.FromMinutes(OrderMinutes);
}
