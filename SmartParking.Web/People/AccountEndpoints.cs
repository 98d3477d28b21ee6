using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.People;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token, so a link on another site cannot log a guard out. Logging out ends
        // every sign-in of the person (a copied cookie or a token stops working too), not just this browser's cookie.
        app.MapPost("/account/logout", async (SignInManager<ParkingUser> signIn, UserAccounts accounts, ClaimsPrincipal user, [FromForm] string? returnUrl) =>
        {
            if (user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            {
                await accounts.SignOutEverywhereAsync(userId, user.Identity?.Name ?? "", audit: false);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization().ExcludeFromDescription();

        return app;
    }
}
