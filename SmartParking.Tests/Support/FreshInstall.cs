namespace SmartParking.Tests.Support;

/// <summary>A property company's first day: Production, no demo, only the bootstrap admin <c>chief</c>.</summary>
public static class FreshInstall
{
    public const string Environment = "Production";
    public const string AdminUserName = "chief";
    public const string AdminPassword = "Chief-Secret-2026";

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Demo:Enabled"] = "false",
        ["Bootstrap:AdminUserName"] = AdminUserName,
        ["Bootstrap:AdminPassword"] = AdminPassword,
        // The first-day tests walk the setup; the two-factor requirement of Production is tested on its own (TwoFactorTests).
        ["Auth:RequireTwoFactor"] = "false",
    };
}
