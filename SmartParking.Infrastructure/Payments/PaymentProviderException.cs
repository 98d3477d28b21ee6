namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// The provider could not be reached, refused the call, or answered something we cannot trust (an unverified signature).
/// Callers treat it as "try again later": nothing about the order is known from it.
/// </summary>
public sealed class PaymentProviderException(string message, string? providerCode = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The provider's own error code (WeChat <c>code</c>, Alipay <c>sub_code</c>) when it answered with one.</summary>
    public string? ProviderCode { get; } = providerCode;
}
