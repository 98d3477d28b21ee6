namespace SmartParking.Infrastructure.Payments.Sandbox;

/// <summary>What the sandbox answers: status, body and headers, or a redirect for a payer's browser.</summary>
public sealed record PaymentSandboxAnswer(int Status, byte[] Body, string ContentType, IReadOnlyDictionary<string, string> Headers, string? RedirectTo = null)
{
    public static PaymentSandboxAnswer Redirect(string url) => new(302, [], "text/plain", new Dictionary<string, string>(), url);
}
