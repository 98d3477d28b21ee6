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

    /// <summary>An admin of every lot: adds lots and sees them side by side.</summary>
    public const string GroupAdmin = nameof(GroupAdmin);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Booth, p => p.RequireRole(Roles.Guard, Roles.Admin));
        options.AddPolicy(Owner, p => p.RequireRole(Roles.Owner));
        options.AddPolicy(Camera, p => p.RequireRole(Roles.Guard, Roles.Admin, Roles.Device));
        options.AddPolicy(GroupAdmin, p => p.RequireRole(Roles.Admin).RequireClaim(Infrastructure.Lots.LotClaims.AllLots, "true"));
    }
}
