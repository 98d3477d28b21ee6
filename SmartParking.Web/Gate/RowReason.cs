using SmartParking.Domain.Common;

namespace SmartParking.Web.Gate;

/// <summary>What a gate row's stored reason names beside its code: the exempt vehicle's reason, the inviting owner's unit.</summary>
public static class RowReason
{
    /// <summary>The reason's first argument when its code is one of <paramref name="codes"/>; null for any other row.</summary>
    public static string? Argument(string? reason, params string[] codes) =>
        DomainError.TryDecode(reason, out var error) && codes.Contains(error.Code) && error.Arguments.Count > 0
            ? error.Arguments[0]?.ToString()
            : null;
}
