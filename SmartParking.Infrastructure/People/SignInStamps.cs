using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

/// <summary>
/// Whether a sign-in (a cookie or a bearer token) still stands: its user exists, is not locked and carries the
/// security stamp it was issued with. Logout, a password change, a lock, a role change and "sign out everywhere" renew
/// the stamp, so every earlier sign-in of that user falls within <see cref="CheckInterval"/> on every instance, at once
/// on the instance that made the change.
/// </summary>
public sealed class SignInStamps(IDbContextFactory<ParkingDbContext> dbFactory, IMemoryCache cache, LotClock clock, IOptions<IdentityOptions> identity, SignInSettings settings)
{
    private sealed record Current(string? Stamp, DateTimeOffset? LockoutEnd);

    public TimeSpan CheckInterval => settings.StampCheck;

    public async Task<bool> StillStandsAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (userId is null || stamp is null)
        {
            return false;
        }

        var current = await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CheckInterval > TimeSpan.Zero ? CheckInterval : TimeSpan.FromTicks(1);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new Current(u.SecurityStamp, u.LockoutEnd)).SingleOrDefaultAsync(cancellationToken);
        });
        return current is not null && current.Stamp == stamp && !(current.LockoutEnd > clock.UtcNow);
    }

    /// <summary>Drops what this instance remembers of the user, after a change that renewed their stamp.</summary>
    public void Forget(string userId) => cache.Remove(Key(userId));

    private static string Key(string userId) => "sign-in-stamp:" + userId;
}

/// <summary>How often a sign-in is checked against its user (<c>Auth:StampCheckSeconds</c>, 60).</summary>
public sealed record SignInSettings(TimeSpan StampCheck);

/// <summary>
/// Identity's cookie check, which also refuses a locked user: a lock by an admin ends the guard's open booth screen,
/// not just the next sign-in.
/// </summary>
public sealed class ParkingStampValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<ParkingUser> signIn, ILoggerFactory logger, LotClock clock)
    : SecurityStampValidator<ParkingUser>(options, signIn, logger)
{
    protected override async Task<ParkingUser?> VerifySecurityStamp(ClaimsPrincipal? principal)
    {
        var user = await base.VerifySecurityStamp(principal);
        return user is null || user.LockoutEnd > clock.UtcNow ? null : user;
    }
}
