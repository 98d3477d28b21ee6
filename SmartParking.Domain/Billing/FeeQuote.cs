namespace SmartParking.Domain.Billing;

public sealed record FeeQuote(
    decimal Total,
    int StayMinutes,
    bool WithinFreeMinutes,
    IReadOnlyList<FeeWindow> Windows,
    bool PerVisitCapped);
