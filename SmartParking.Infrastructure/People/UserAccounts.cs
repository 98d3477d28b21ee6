using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

public sealed record UserAccountRow(string Id, string UserName, string DisplayName, string? Role, bool LockedOut, bool TwoFactor);

/// <summary>An expected refusal: Identity's error code (for the UI's own wording) and its English description.</summary>
public sealed record AccountError(string Code, string Description);

/// <summary>
/// Staff logins kept by the admin: create, change role, lock. Each operation gets its own scope, so Identity's
/// context lives as long as the operation and not as long as the admin's circuit. Every change is audited.
/// </summary>
public sealed class UserAccounts(IServiceScopeFactory scopes, IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, SignInStamps stamps)
{
    /// <summary>The roles an admin hands out here; owners get their login with their owner record.</summary>
    public static readonly string[] StaffRoles = [Roles.Admin, Roles.Guard, Roles.Finance];

    /// <summary>The logins that work in this lot: its staff, its owners and the group admins.</summary>
    public async Task<IReadOnlyList<UserAccountRow>> AllAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var staff = db.StaffLots.Where(s => s.LotId == lotId).Select(s => s.UserId);
        var owners = db.Owners.Where(o => o.LotId == lotId).Select(o => o.UserName);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.AllLots || staff.Contains(u.Id) || owners.Contains(u.UserName))
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.LockoutEnd, u.TwoFactorEnabled })
            .ToListAsync(cancellationToken);
        var roles = await db.UserRoles.AsNoTracking()
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        return [.. users
            .Select(u => new UserAccountRow(u.Id, u.UserName ?? "", u.DisplayName, roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.LockoutEnd > now, u.TwoFactorEnabled))
            .OrderBy(u => u.Role).ThenBy(u => u.UserName, StringComparer.Ordinal)];
    }

    /// <summary>A staff login that works in <paramref name="lotId"/> (the lot the admin creates it from).</summary>
    public Task<IReadOnlyList<AccountError>> CreateAsync(Guid lotId, string userName, string displayName, string password, string role, string actor) =>
        StaffRoles.Contains(role)
            ? CreateInLotAsync(lotId, userName, displayName, password, role, null, actor)
            : Task.FromResult<IReadOnlyList<AccountError>>([new AccountError("InvalidRole", $"role {role} cannot be given here")]);

    /// <summary>A shop's login, bound to its coupon issuer <paramref name="issuerId"/> of <paramref name="lotId"/> (the caller checked both).</summary>
    public Task<IReadOnlyList<AccountError>> CreateMerchantAsync(Guid lotId, Guid issuerId, string userName, string displayName, string password, string actor) =>
        CreateInLotAsync(lotId, userName, displayName, password, Roles.Merchant, issuerId, actor);

    /// <summary>The merchant logins of a lot, each with its issuer.</summary>
    public async Task<IReadOnlyList<(string UserName, Guid IssuerId)>> MerchantsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var staff = db.StaffLots.Where(s => s.LotId == lotId).Select(s => s.UserId);
        var merchants = await db.Users.AsNoTracking()
            .Where(u => u.CouponIssuerId != null && staff.Contains(u.Id))
            .Select(u => new { u.UserName, u.CouponIssuerId })
            .ToListAsync(cancellationToken);
        return [.. merchants.Select(m => (m.UserName ?? "", m.CouponIssuerId!.Value)).OrderBy(m => m.Item1, StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<AccountError>> CreateInLotAsync(
        Guid lotId, string userName, string displayName, string password, string role, Guid? issuerId, string actor)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var user = new ParkingUser { UserName = userName.Trim(), DisplayName = displayName.Trim(), CouponIssuerId = issuerId };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Errors(created);
        }

        var audit = Audit(scope, actor, "CreateUser", user, null, $"{user.UserName} {role}", lotId);
        var assignment = new Lots.StaffLot { UserId = user.Id, LotId = lotId };
        scope.ServiceProvider.GetRequiredService<ParkingDbContext>().StaffLots.Add(assignment);
        var added = await users.AddToRoleAsync(user, role);
        if (!added.Succeeded)
        {
            var db = scope.ServiceProvider.GetRequiredService<ParkingDbContext>();
            db.Entry(audit).State = EntityState.Detached;
            db.Entry(assignment).State = EntityState.Detached;
            await users.DeleteAsync(user);
            return Errors(added);
        }

        return [];
    }

    public async Task<IReadOnlyList<AccountError>> SetRoleAsync(string userId, string role, string actor)
    {
        if (!StaffRoles.Contains(role))
        {
            return [new AccountError("InvalidRole", $"role {role} cannot be given here")];
        }

        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return [new AccountError("UnknownUser", "no such user")];
        }

        var before = await users.GetRolesAsync(user);
        if (!before.All(StaffRoles.Contains))
        {
            return [new AccountError("NotStaff", "an owner's login keeps its role")];
        }

        if (user.UserName == actor && role != Roles.Admin)
        {
            return [new AccountError("OwnAdminRole", "you cannot take away your own admin role")];
        }

        var removed = await users.RemoveFromRolesAsync(user, before);
        if (!removed.Succeeded)
        {
            return Errors(removed);
        }

        // Identity's own save writes the audit entry with the new role: both or neither.
        Audit(scope, actor, "SetUserRole", user, string.Join(",", before), role);
        var added = await users.AddToRoleAsync(user, role);
        return added.Succeeded ? await SignOutElsewhereAsync(users, user) : Errors(added);
    }

    public async Task<IReadOnlyList<AccountError>> SetLockedAsync(string userId, bool locked, string actor)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return [new AccountError("UnknownUser", "no such user")];
        }

        if (locked && user.UserName == actor)
        {
            return [new AccountError("OwnLock", "you cannot lock your own login")];
        }

        var wasLocked = user.LockoutEnd > clock.UtcNow;
        if (!locked)
        {
            user.AccessFailedCount = 0;
        }

        Audit(scope, actor, locked ? "LockUser" : "UnlockUser", user, wasLocked ? "locked" : "active", locked ? "locked" : "active");
        var result = await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        return result.Succeeded ? await SignOutElsewhereAsync(users, user) : Errors(result);
    }

    /// <summary>
    /// "Sign out everywhere" for a lost phone or a shared password: every cookie and token of the user stops working,
    /// the person signs in again. Audited.
    /// </summary>
    public async Task<IReadOnlyList<AccountError>> SignOutEverywhereAsync(string userId, string actor, bool audit = true)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return [new AccountError("UnknownUser", "no such user")];
        }

        if (audit)
        {
            Audit(scope, actor, "SignOutEverywhere", user, null, null);
        }

        return await SignOutElsewhereAsync(users, user);
    }

    // A new security stamp ends every earlier sign-in: the cookie validator and the token check compare it.
    private async Task<IReadOnlyList<AccountError>> SignOutElsewhereAsync(UserManager<ParkingUser> users, ParkingUser user)
    {
        var result = await users.UpdateSecurityStampAsync(user);
        stamps.Forget(user.Id);
        return result.Succeeded ? [] : Errors(result);
    }

    // Added to the scope's context, which Identity's next save writes together with the change itself.
    private AuditEntry Audit(IServiceScope scope, string actor, string action, ParkingUser user, string? before, string? after, Guid? lotId = null)
    {
        var entry = AuditEntry.Record(clock.UtcNow, actor, action, $"User {user.UserName}", before, after, lotId: lotId);
        scope.ServiceProvider.GetRequiredService<ParkingDbContext>().AuditEntries.Add(entry);
        return entry;
    }

    private static AccountError[] Errors(IdentityResult result) =>
        [.. result.Errors.Select(e => new AccountError(e.Code, e.Description))];
}
