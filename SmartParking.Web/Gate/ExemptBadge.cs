using SmartParking.Domain.Common;

namespace SmartParking.Web.Gate;

/// <summary>The reason a special vehicle's gate row gives for coming or going free (the booth shows 免费 with it); null for any other row.</summary>
public static class ExemptBadge
{
    public static string? Reason(string? reason) =>
        DomainError.TryDecode(reason, out var error) && error.Code is "Gate.Exempt" or "Gate.ExemptLeft" && error.Arguments.Count > 0
            ? error.Arguments[0]?.ToString()
            : null;
}
