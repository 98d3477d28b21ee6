using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;

namespace SmartParking.Infrastructure.Lots;

/// <summary>The claims that say where a caller works: one per lot, or the group admin's "every lot".</summary>
public static class LotClaims
{
    public const string Lot = "sp:lot";
    public const string AllLots = "sp:all-lots";

    public static bool WorksInEveryLot(this ClaimsPrincipal user) => user.HasClaim(AllLots, "true");

    public static bool WorksIn(this ClaimsPrincipal user, Guid lotId) =>
        user.WorksInEveryLot() || user.HasClaim(Lot, lotId.ToString());
}

/// <summary>
/// Puts the lots into the login's cookie or token when it is issued: staff assignments, owner memberships, or every
/// lot for a group admin. Identity re-issues them when the security stamp is checked, so a new assignment arrives
/// with the next sign-in at the latest.
/// </summary>
public sealed class ParkingClaimsFactory(
    UserManager<ParkingUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    IDbContextFactory<ParkingDbContext> dbFactory)
    : UserClaimsPrincipalFactory<ParkingUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ParkingUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.AllLots)
        {
            identity.AddClaim(new Claim(LotClaims.AllLots, "true"));
            return identity;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var lots = await db.StaffLots.Where(s => s.UserId == user.Id).Select(s => s.LotId)
            .Concat(db.Owners.Where(o => o.UserName == user.UserName && o.DeactivatedUtc == null).Select(o => o.LotId))
            .Distinct()
            .ToListAsync();
        identity.AddClaims(lots.Select(id => new Claim(LotClaims.Lot, id.ToString())));
        if (user.CouponIssuerId is { } issuer)
        {
            identity.AddClaim(new Claim(Billing.MerchantClaims.Issuer, issuer.ToString()));
        }

        return identity;
    }
}

/// <summary>Which lots a caller may work in, as lots.</summary>
public sealed class LotAccess(LotDirectory directory)
{
    public async Task<IReadOnlyList<Lot>> LotsOfAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var all = await directory.AllAsync(cancellationToken);
        return user.WorksInEveryLot() ? all : [.. all.Where(l => user.WorksIn(l.Id))];
    }
}
