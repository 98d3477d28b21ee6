using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Common;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Notices;

namespace SmartParking.Infrastructure.People;

/// <summary>The link as the admin sees it, once: it is not stored and cannot be shown again.</summary>
public sealed record IssuedLink(string Url, DateTime ExpiresLocal, bool SentBySms, bool ResetsLogin);

/// <summary>What the activation page shows before the owner types anything: whose link, and whether it still works.</summary>
public sealed record LinkState(string OwnerName, string? UserName, DomainError? Refusal);

/// <summary>
/// Owners' logins: the admin issues a one-time link (72 h), the owner sets a password with it; issuing one for an
/// owner who has a login is the forced reset (the old password stops working at once). Owners change their own
/// password. Each step audited; the secret itself is never written anywhere but into the link.
/// </summary>
public sealed class OwnerLogins(IServiceScopeFactory scopes, IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, IOptions<AliyunSmsSettings> sms)
{
    public const string Path = "account/activate/";

    public async Task<IssuedLink> IssueAsync(Guid lotId, Guid ownerId, Uri baseUri, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        if (!owner.IsActive)
        {
            throw new DomainException("Owner.Deactivated");
        }

        var now = clock.UtcNow;
        foreach (var earlier in await db.ActivationLinks.Where(a => a.OwnerId == ownerId && a.UsedUtc == null && a.ReplacedUtc == null).ToListAsync(cancellationToken))
        {
            earlier.Replace(now);
        }

        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var link = ActivationLink.Issue(lotId, ownerId, Hash(secret), actor, now);
        db.ActivationLinks.Add(link);
        var login = owner.UserName is null ? null : await db.Users.FirstOrDefaultAsync(u => u.UserName == owner.UserName, cancellationToken);
        if (login is not null)
        {
            // The forced reset: whoever knows the old password is out from now on, not from when the link is used.
            login.PasswordHash = null;
            login.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        var url = new Uri(baseUri, Path + secret).ToString();
        var bySms = sms.Value.Enabled;
        if (bySms)
        {
            // The SMS needs the link until it is sent; it dies with its first use or after 72 hours.
            db.Notices.Add(Notice.Queue(lotId, ownerId, NoticeChannel.Sms, NoticeTemplates.Activation,
                JsonSerializer.Serialize(new Dictionary<string, string> { ["link"] = url, ["hours"] = ((int)ActivationLink.Lifetime.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture) }), now));
        }

        db.AuditEntries.Add(AuditEntry.Record(now, actor, login is null ? "IssueActivationLink" : "ResetOwnerLogin", $"Owner {owner.Id}",
            login is null ? null : $"login {login.UserName}", $"link valid until {link.ExpiresUtc:u}{(bySms ? ", sent by SMS" : "")}", lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return new IssuedLink(url, clock.ToLocal(link.ExpiresUtc), bySms, login is not null);
    }

    /// <summary>Null when no link has this secret.</summary>
    public async Task<LinkState?> CheckAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 100)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = Hash(secret);
        var link = await db.ActivationLinks.AsNoTracking().FirstOrDefaultAsync(a => a.SecretHash == hash, cancellationToken);
        if (link is null)
        {
            return null;
        }

        var owner = await db.Owners.AsNoTracking().SingleAsync(o => o.Id == link.OwnerId, cancellationToken);
        return new LinkState(owner.Name, owner.UserName, link.Refusal(clock.UtcNow) ?? (owner.IsActive ? null : DomainError.Of("Activation.Replaced")));
    }

    /// <summary>
    /// Uses the link: a new login with the chosen name (or the owner's existing login) gets the password. The link
    /// is claimed in the same transaction that writes the login, so it works once even when opened twice at once.
    /// Returns the login's name, or what was wrong.
    /// </summary>
    public async Task<(string? UserName, IReadOnlyList<AccountError> Errors)> RedeemAsync(string secret, string? userName, string password, CancellationToken cancellationToken = default)
    {
        var state = await CheckAsync(secret, cancellationToken);
        if (state is null)
        {
            return (null, [new AccountError("Activation.Unknown", "no such link")]);
        }

        if (state.Refusal is { } refusal)
        {
            return (null, [new AccountError(refusal.Code, refusal.Code)]);
        }

        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ParkingDbContext>();
        var hash = Hash(secret);
        var link = await db.ActivationLinks.SingleAsync(a => a.SecretHash == hash, cancellationToken);
        var owner = await db.Owners.SingleAsync(o => o.Id == link.OwnerId, cancellationToken);
        var user = owner.UserName is null ? null : await users.FindByNameAsync(owner.UserName);
        var isNew = user is null;
        user ??= new ParkingUser { UserName = userName?.Trim() ?? "", DisplayName = owner.Name };

        var errors = new List<AccountError>();
        if (isNew && string.IsNullOrWhiteSpace(userName))
        {
            errors.Add(new AccountError("UserNameRequired", "a login name is required"));
        }

        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange(Errors(await validator.ValidateAsync(users, user, password)));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.UtcNow;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.ActivationLinks
            .Where(a => a.Id == link.Id && a.UsedUtc == null && a.ReplacedUtc == null && a.ExpiresUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UsedUtc, now), cancellationToken);
        if (claimed == 0)
        {
            return (null, [new AccountError("Activation.Used", "the link was used a moment ago")]);
        }

        IdentityResult result;
        if (isNew)
        {
            owner.GiveLogin(user.UserName!);
            result = await users.CreateAsync(user, password);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, Roles.Owner);
            }
        }
        else
        {
            user.AccessFailedCount = 0;
            user.LockoutEnd = null;
            result = await users.HasPasswordAsync(user) ? await users.RemovePasswordAsync(user) : IdentityResult.Success;
            if (result.Succeeded)
            {
                result = await users.AddPasswordAsync(user, password);
            }
        }

        if (!result.Succeeded)
        {
            // Nothing of it is kept, the link included: the owner corrects the name or password and tries again.
            await transaction.RollbackAsync(CancellationToken.None);
            return (null, Errors(result));
        }

        db.AuditEntries.Add(AuditEntry.Record(now, user.UserName!, isNew ? "ActivateOwnerLogin" : "ResetOwnerPassword", $"Owner {owner.Id}", null,
            $"login {user.UserName}", lotId: owner.LotId));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user.UserName, []);
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static AccountError[] Errors(IdentityResult result) =>
        [.. result.Errors.Select(e => new AccountError(e.Code, e.Description))];
}
