using Microsoft.AspNetCore.Identity;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.People;

/// <summary>What a sign-in attempt came to, for the login form and the token endpoint alike.</summary>
public enum LoginOutcome
{
    SignedIn,
    WrongPassword,
    WrongCode,
    TwoFactorNeeded,
    TooManyAttempts,
    Locked,
}

/// <summary>
/// Every password and code check goes through here: the growing waits of <see cref="LoginThrottle"/> are looked at
/// before any hashing, and an unknown name costs the same password hash as a known one, so the answer's timing does not
/// tell which user names exist.
/// </summary>
public sealed class LoginDesk(UserManager<ParkingUser> users, SignInManager<ParkingUser> signIn, LoginThrottle throttle, IHttpContextAccessor http)
{
    // A hash of a password nobody has, made once with the app's own hasher, for unknown names to be checked against.
    private static readonly ParkingUser Decoy = new() { UserName = "decoy" };
    private static string? _decoyHash;

    private string? Address => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>How long this caller still has to wait before trying <paramref name="userName"/>.</summary>
    public TimeSpan WaitFor(string userName) => throttle.WaitFor(userName, Address);

    /// <summary>The login form: a cookie when the password is right (and a second step when the user has two-factor on).</summary>
    public Task<(LoginOutcome Outcome, TimeSpan Wait)> SignInAsync(string userName, string password, bool remember) =>
        AttemptAsync(userName, password, user => signIn.PasswordSignInAsync(user, password, remember, lockoutOnFailure: false));

    /// <summary>The second step of the form, with the authenticator's code or a recovery code.</summary>
    public async Task<(LoginOutcome Outcome, TimeSpan Wait)> SignInWithCodeAsync(string code, bool remember, bool recovery)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return (LoginOutcome.WrongCode, TimeSpan.Zero);
        }

        var wait = WaitFor(user.UserName!);
        if (wait > TimeSpan.Zero)
        {
            return (LoginOutcome.TooManyAttempts, wait);
        }

        var digits = recovery ? code.Replace(" ", "", StringComparison.Ordinal) : new string([.. code.Where(char.IsAsciiDigit)]);
        var result = recovery
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(digits)
            : await signIn.TwoFactorAuthenticatorSignInAsync(digits, remember, rememberClient: false);
        return Settle(user.UserName!, result, LoginOutcome.WrongCode);
    }

    /// <summary>The token endpoint: password, and the authenticator's code when the user has two-factor on.</summary>
    public async Task<(LoginOutcome Outcome, TimeSpan Wait, ParkingUser? User)> CheckAsync(string userName, string password, string? code)
    {
        ParkingUser? found = null;
        var codeChecked = false;
        var (outcome, wait) = await AttemptAsync(userName, password, async user =>
        {
            found = user;
            var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false);
            if (!result.Succeeded || !await users.GetTwoFactorEnabledAsync(user))
            {
                return result;
            }

            if (string.IsNullOrWhiteSpace(code))
            {
                return SignInResult.TwoFactorRequired;
            }

            codeChecked = true;
            var digits = new string([.. code.Where(char.IsAsciiDigit)]);
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)
                ? SignInResult.Success
                : SignInResult.Failed;
        });
        if (outcome == LoginOutcome.WrongPassword && codeChecked)
        {
            outcome = LoginOutcome.WrongCode;
        }

        return (outcome, wait, outcome == LoginOutcome.SignedIn ? found : null);
    }

    private async Task<(LoginOutcome Outcome, TimeSpan Wait)> AttemptAsync(string userName, string password, Func<ParkingUser, Task<SignInResult>> attempt)
    {
        var wait = WaitFor(userName);
        if (wait > TimeSpan.Zero)
        {
            return (LoginOutcome.TooManyAttempts, wait);
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            _decoyHash ??= users.PasswordHasher.HashPassword(Decoy, Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(Decoy, _decoyHash, password);
            throttle.Failed(userName, Address);
            return (LoginOutcome.WrongPassword, TimeSpan.Zero);
        }

        return Settle(userName, await attempt(user), LoginOutcome.WrongPassword);
    }

    private (LoginOutcome, TimeSpan) Settle(string userName, SignInResult result, LoginOutcome wrong)
    {
        if (result.Succeeded)
        {
            throttle.Succeeded(userName, Address);
            return (LoginOutcome.SignedIn, TimeSpan.Zero);
        }

        if (result.RequiresTwoFactor)
        {
            return (LoginOutcome.TwoFactorNeeded, TimeSpan.Zero);
        }

        if (result.IsLockedOut || result.IsNotAllowed)
        {
            return (LoginOutcome.Locked, TimeSpan.Zero);
        }

        throttle.Failed(userName, Address);
        return (wrong, TimeSpan.Zero);
    }
}
