using Microsoft.AspNetCore.Authorization;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.Common;

/// <summary>Who may do what; every page and endpoint group names one of these.</summary>
public static class Policies
{
    public const string Admin = nameof(Admin);
    public const string Booth = nameof(Booth);
    public const string Owner = nameof(Owner);
    public const string Camera = nameof(Camera);

    /// <summary>Anyone who works the lot: admins, guards and finance (not owners, merchants or cameras).</summary>
    public const string Staff = nameof(Staff);

    /// <summary>The money pages: the reports page and the monthly PDF (admins and finance).</summary>
    public const string Finance = nameof(Finance);

    /// <summary>The seed's report API: the booth reads today's records and income too, finance reads them all.</summary>
    public const string Reports = nameof(Reports);

    /// <summary>A shop's login: its own coupons, codes, uses and statement.</summary>
    public const string Merchant = nameof(Merchant);

    /// <summary>Who may give a coupon to a stay: a merchant (its own coupons), a guard or an admin (any of the lot's).</summary>
    public const string Coupons = nameof(Coupons);

    /// <summary>An admin of every lot: adds lots and sees them side by side.</summary>
    public const string GroupAdmin = nameof(GroupAdmin);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Booth, p => p.RequireRole(Roles.Guard, Roles.Admin));
        options.AddPolicy(Owner, p => p.RequireRole(Roles.Owner));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Admin, Roles.Guard, Roles.Finance));
        options.AddPolicy(Finance, p => p.RequireRole(Roles.Admin, Roles.Finance));
        options.AddPolicy(Reports, p => p.RequireRole(Roles.Guard, Roles.Admin, Roles.Finance));
        options.AddPolicy(Camera, p => p.RequireRole(Roles.Guard, Roles.Admin, Roles.Device));
        options.AddPolicy(Merchant, p => p.RequireRole(Roles.Merchant));
        options.AddPolicy(Coupons, p => p.RequireRole(Roles.Merchant, Roles.Guard, Roles.Admin));
        options.AddPolicy(GroupAdmin, p => p.RequireRole(Roles.Admin).RequireClaim(Infrastructure.Lots.LotClaims.AllLots, "true"));
    }
}
