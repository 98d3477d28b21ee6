using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

/// <summary>An authenticator app's secret as the setup screen shows it: the key to type and the otpauth link for the QR code.</summary>
public sealed record AuthenticatorSetup(string Key, string Uri);

/// <summary>
/// What a signed-in person does to their own login: change the password, set up or turn off two-factor sign-in with an
/// authenticator app, print new recovery codes. Each change is audited and renews the security stamp, which ends the
/// person's other sign-ins (the page that made the change signs the person in again).
/// </summary>
public sealed class AccountSecurity(IServiceScopeFactory scopes, LotClock clock, SignInStamps stamps)
{
    public const string Issuer = "SmartParking";

    public async Task<IReadOnlyList<AccountError>> ChangePasswordAsync(string userName, string currentPassword, string newPassword)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return [new AccountError("UnknownUser", "no such user")];
        }

        Audit(scope, userName, "ChangePassword", user);
        // Identity renews the security stamp with the password.
        return Done(user, await users.ChangePasswordAsync(user, currentPassword, newPassword));
    }

    /// <summary>
    /// The login as stored now, read apart from the caller's own context: a page that signs the person in again after a
    /// change needs the new stamp, not the copy its request loaded before the change.
    /// </summary>
    public async Task<ParkingUser?> CurrentAsync(string userName)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>().FindByNameAsync(userName);
    }

    public async Task<bool> HasTwoFactorAsync(string userName)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        return await users.FindByNameAsync(userName) is { } user && await users.GetTwoFactorEnabledAsync(user);
    }

    /// <summary>The key the person's authenticator app is to learn; made on first use and kept until two-factor is turned on or reset.</summary>
    public async Task<AuthenticatorSetup?> AuthenticatorAsync(string userName)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return null;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Not ResetAuthenticatorKeyAsync: that renews the stamp, and merely opening the setup would sign the person
            // out everywhere. Nothing trusts this key until a code from it turns two-factor on.
            key = users.GenerateNewAuthenticatorKey();
            var keys = (IUserAuthenticatorKeyStore<ParkingUser>)scope.ServiceProvider.GetRequiredService<IUserStore<ParkingUser>>();
            await keys.SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            await users.UpdateAsync(user);
        }

        var label = Uri.EscapeDataString($"{Issuer}:{user.UserName}");
        return new AuthenticatorSetup(key!, $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6");
    }

    /// <summary>Turns two-factor on once the app shows the right code; answers the recovery codes, shown once.</summary>
    public async Task<(IReadOnlyList<string> RecoveryCodes, IReadOnlyList<AccountError> Errors)> EnableTwoFactorAsync(string userName, string code)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return ([], [new AccountError("UnknownUser", "no such user")]);
        }

        var digits = new string([.. code.Where(char.IsAsciiDigit)]);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return ([], [new AccountError("WrongCode", "the code does not match the authenticator")]);
        }

        Audit(scope, userName, "EnableTwoFactor", user);
        var enabled = await users.SetTwoFactorEnabledAsync(user, true);
        if (!enabled.Succeeded)
        {
            return ([], Done(user, enabled));
        }

        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        return ([.. codes ?? []], Done(user, await users.UpdateSecurityStampAsync(user)));
    }

    /// <summary>Turns two-factor off and forgets the app's key (the person's own choice, or an admin's for a lost phone).</summary>
    public async Task<IReadOnlyList<AccountError>> DisableTwoFactorAsync(string userName, string actor)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return [new AccountError("UnknownUser", "no such user")];
        }

        Audit(scope, actor, "DisableTwoFactor", user);
        var disabled = await users.SetTwoFactorEnabledAsync(user, false);
        if (!disabled.Succeeded)
        {
            return Done(user, disabled);
        }

        // A new key: the old phone's codes no longer open anything; the reset also renews the stamp.
        return Done(user, await users.ResetAuthenticatorKeyAsync(user));
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(string userName)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        if (await users.FindByNameAsync(userName) is not { } user || !await users.GetTwoFactorEnabledAsync(user))
        {
            return [];
        }

        Audit(scope, userName, "NewRecoveryCodes", user);
        return [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
    }

    private IReadOnlyList<AccountError> Done(ParkingUser user, IdentityResult result)
    {
        stamps.Forget(user.Id);
        return [.. result.Errors.Select(e => new AccountError(e.Code, e.Description))];
    }

    // Added to the scope's context, which Identity's next save writes together with the change itself.
    private void Audit(IServiceScope scope, string actor, string action, ParkingUser user) =>
        scope.ServiceProvider.GetRequiredService<ParkingDbContext>().AuditEntries.Add(
            AuditEntry.Record(clock.UtcNow, actor, action, $"User {user.UserName}"));
}
