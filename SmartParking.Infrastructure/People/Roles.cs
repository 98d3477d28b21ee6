namespace SmartParking.Infrastructure.People;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Guard = "Guard";
    public const string Owner = "Owner";

    /// <summary>Reports, exports and the money: no lists, no logins, no gate.</summary>
    public const string Finance = "Finance";

    /// <summary>A shop's login: gives its own coupons and reads its own statement, nothing else.</summary>
    public const string Merchant = "Merchant";

    /// <summary>Not an Identity role: the role claim a camera gets from its device key.</summary>
    public const string Device = "Device";

    public static readonly string[] All = [Admin, Guard, Owner, Finance, Merchant];
}
