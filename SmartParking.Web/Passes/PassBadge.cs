using SmartParking.Domain.Common;

namespace SmartParking.Web.Passes;

/// <summary>Whether a gate row's stored reason says the car came in or left on a monthly pass (the booth shows 月卡).</summary>
public static class PassBadge
{
    public static bool Shows(string? reason) =>
        DomainError.TryDecode(reason, out var error) && error.Code is "Gate.MonthlyPass" or "Gate.PassHolderLeft";
}
