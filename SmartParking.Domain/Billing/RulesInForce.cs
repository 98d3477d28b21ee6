namespace SmartParking.Domain.Billing;

/// <summary>The one answer to "which rule is in force": the newest version for each vehicle type and customer class.</summary>
public static class RulesInForce
{
    public static IReadOnlyList<FeeRule> Of(IEnumerable<FeeRule> versions) =>
        versions.GroupBy(r => (r.VehicleType, r.CustomerClass)).Select(g => g.MaxBy(r => r.Version)!).ToList();
}
