using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;

namespace SmartParking.Web.People;

/// <summary>
/// Who must sign in with a second factor: admins and finance in Production (<c>Auth:RequireTwoFactor</c> says otherwise
/// where a site decides so). Until they have set up an authenticator, such a person reaches only the account pages: a
/// page sends them to the setup, the API answers 403 <c>Auth.TwoFactorRequired</c>.
/// </summary>
public sealed class TwoFactorRule(IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>The authentication-method claim Identity writes on a sign-in that passed a second factor.</summary>
    public const string MethodClaim = "amr";
    public const string MultiFactor = "mfa";

    private static readonly string[] RolesThatNeedIt = [Roles.Admin, Roles.Finance];

    // An empty setting (Auth__RequireTwoFactor= in a compose file) means the environment's default, not an error.
    public bool Required { get; } = configuration["Auth:RequireTwoFactor"] is { Length: > 0 } setting
        ? bool.Parse(setting)
        : environment.IsProduction();

    public bool AppliesTo(ClaimsPrincipal user) => Required && RolesThatNeedIt.Any(user.IsInRole);

    public static bool Passed(ClaimsPrincipal user) => user.HasClaim(MethodClaim, MultiFactor);
}

public static class TwoFactorSetupRedirect
{
    /// <summary>Holds a signed-in admin or finance user without a second factor at the setup page.</summary>
    public static IApplicationBuilder UseTwoFactorRule(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var user = context.User;
        var rule = context.RequestServices.GetRequiredService<TwoFactorRule>();
        if (user.Identity?.IsAuthenticated != true || !rule.AppliesTo(user) || TwoFactorRule.Passed(user)
            || context.Request.Path.StartsWithSegments("/account")
            || context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            await next(context);
            return;
        }

        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await ApiFailure.Of("Auth.TwoFactorRequired").ToProblem().ExecuteAsync(context);
            return;
        }

        context.Response.Redirect(Account.AccountSecurityPage.Path + "?required=true");
    });
}
