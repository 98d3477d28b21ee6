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
        app.MapPost("/api/auth/token", IssueAsync)
            .AllowAnonymous()
            .WithTags("Auth")
            .WithSummary("Exchange a username and password for a bearer token")
            .RequireRateLimiting(RateLimits.Login);
        app.MapGet("/api/auth/me", (ClaimsPrincipal user) => TypedResults.Ok(new CallerResponse(
                user.Identity?.Name ?? "",
                user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray())))
            .RequireAuthorization()
            .WithTags("Auth")
            .WithSummary("Who the token, cookie or device key belongs to");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
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
            return Refused(ErrorText.Get("Auth.WrongPassword"));
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password!, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            return Refused(ErrorText.Get("Auth.LockedOut"));
        }

        if (!check.Succeeded)
        {
            return Refused(ErrorText.Get("Auth.WrongPassword"));
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

    private static ProblemHttpResult Refused(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: ErrorText.Get("Auth.Refused"));
}
