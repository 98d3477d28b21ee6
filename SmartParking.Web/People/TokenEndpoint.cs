using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;

namespace SmartParking.Web.People;

/// <summary>POST /api/auth/token: a bearer token for the legacy front end and scripts, from a username and password.</summary>
public static class TokenEndpoint
{
    public sealed record TokenResponse(string access_token, string token_type, long expires_in);

    public sealed record CallerResponse(string name, string[] roles);

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/token", IssueAsync)
            .AllowAnonymous()
            .WithSummary("Exchange a username and password for a bearer token")
            .RequireRateLimiting(RateLimits.Login);
        auth.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(new CallerResponse(
                user.Identity?.Name ?? "",
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray())))
            .RequireAuthorization()
            .WithSummary("Who the token, cookie or device key belongs to");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request,
        UserManager<ParkingUser> users,
        SignInManager<ParkingUser> signIn,
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
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var user = await users.FindByNameAsync(userName!);
        if (user is null)
        {
            return ApiFailure.Of("Auth.WrongPassword").ToProblem();
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return ApiFailure.Of("Auth.LockedOut").ToProblem();
        }

        if (!check.Succeeded)
        {
            return ApiFailure.Of("Auth.WrongPassword").ToProblem();
        }

        var options = bearerOptions.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var ticket = new AuthenticationTicket(
            principal,
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration },
            IdentityConstants.BearerScheme);
        var token = options.BearerTokenProtector.Protect(ticket);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (long)options.BearerTokenExpiration.TotalSeconds));
    }
}
