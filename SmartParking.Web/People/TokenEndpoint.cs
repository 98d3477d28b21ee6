using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;

namespace SmartParking.Web.People;

/// <summary>
/// POST /api/auth/token and /api/auth/refresh: short-lived bearer tokens for the legacy front end and scripts. An access
/// token lives <c>Auth:TokenMinutes</c> (15); the refresh token (<c>Auth:RefreshDays</c>, 7) buys a new pair as long as
/// the user's sign-ins still stand — a logout, password change, lock or role change ends both within a minute.
/// </summary>
public static class TokenEndpoint
{
    public sealed record TokenResponse(string access_token, string token_type, long expires_in, string refresh_token);

    public sealed record CallerResponse(string name, string[] roles);

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/token", IssueAsync)
            .AllowAnonymous()
            .WithSummary("Exchange a username and password (and the authenticator's code when two-factor is on) for a bearer token")
            .RequireRateLimiting(RateLimits.Login);
        auth.MapPost("/refresh", RefreshAsync)
            .AllowAnonymous()
            .WithSummary("Exchange a refresh token for a new access and refresh token")
            .RequireRateLimiting(RateLimits.Login);
        auth.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new CallerResponse(
                user.Identity?.Name ?? "",
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray())))
            .RequireAuthorization()
            .WithSummary("Who the token, cookie or device key belongs to");
        return app;
    }

    /// <summary>
    /// The bearer handler trusts any token it can decrypt until it expires; this check makes it ask whether the user's
    /// sign-ins still stand (stamp and lock), cached for at most <see cref="SignInStamps.CheckInterval"/>.
    /// </summary>
    public static async Task RefuseRevokedAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ticket = context.Options.BearerTokenProtector.Unprotect(header["Bearer ".Length..].Trim());
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())
        {
            // Unreadable or expired: the handler refuses it as it always has.
            return;
        }

        var stamps = context.HttpContext.RequestServices.GetRequiredService<SignInStamps>();
        if (!await stamps.StillStandsAsync(ticket.Principal, context.HttpContext.RequestAborted))
        {
            context.Fail("The sign-in behind this token has ended.");
            return;
        }

        // The token is decrypted and checked here already: the handler need not decrypt it a second time.
        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request,
        LoginDesk desk,
        UserManager<ParkingUser> users,
        SignInManager<ParkingUser> signIn,
        TwoFactorRule twoFactor,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var userName = body.String("username", required: true);
        var password = body.String("password", required: true);
        var code = body.String("otp", required: false);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var (outcome, wait, user) = await desk.CheckAsync(userName!, password!, code);
        if (outcome != LoginOutcome.SignedIn)
        {
            return Refusal(request.HttpContext, outcome, wait);
        }

        var principal = await signIn.CreateUserPrincipalAsync(user!);
        if (await users.GetTwoFactorEnabledAsync(user!))
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(TwoFactorRule.MethodClaim, TwoFactorRule.MultiFactor));
        }
        else if (twoFactor.AppliesTo(principal))
        {
            return ApiFailure.Of("Auth.TwoFactorRequired").ToProblem();
        }

        return TypedResults.Ok(Issue(principal, bearerOptions.Get(IdentityConstants.BearerScheme), clock));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        HttpRequest request,
        SignInStamps stamps,
        IOptionsMonitor<BearerTokenOptions> bearerOptions,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var refreshToken = body.String("refresh_token", required: true);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var ticket = options.RefreshTokenProtector.Unprotect(refreshToken);
        stamps.Forget(ticket?.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires < clock.GetUtcNow() || !await stamps.StillStandsAsync(ticket.Principal, cancellationToken))
        {
            return ApiFailure.Of("Auth.RefreshRefused").About("refresh_token").ToProblem();
        }

        return TypedResults.Ok(Issue(ticket.Principal, options, clock));
    }

    private static TokenResponse Issue(ClaimsPrincipal principal, BearerTokenOptions options, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var access = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration }, IdentityConstants.BearerScheme);
        var refresh = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.RefreshTokenExpiration }, IdentityConstants.BearerScheme);
        return new TokenResponse(
            options.BearerTokenProtector.Protect(access), "Bearer", (long)options.BearerTokenExpiration.TotalSeconds, options.RefreshTokenProtector.Protect(refresh));
    }

    private static ProblemHttpResult Refusal(HttpContext context, LoginOutcome outcome, TimeSpan wait)
    {
        if (outcome == LoginOutcome.TooManyAttempts)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (ApiFailure.Of("Auth.TooManyAttempts", seconds) with { Extensions = new Dictionary<string, object?> { ["retry_after_seconds"] = seconds } }).ToProblem();
        }

        return outcome switch
        {
            LoginOutcome.Locked => ApiFailure.Of("Auth.LockedOut").ToProblem(),
            LoginOutcome.TwoFactorNeeded => ApiFailure.Of("Auth.CodeRequired").About("otp").ToProblem(),
            LoginOutcome.WrongCode => ApiFailure.Of("Auth.WrongCode").About("otp").ToProblem(),
            _ => ApiFailure.Of("Auth.WrongPassword").ToProblem(),
        };
    }
}
