using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using SmartParking.Infrastructure.People;

namespace SmartParking.Web.People;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token, so a link on another site cannot log a guard out.
        app.MapPost("/account/logout", async (SignInManager<ParkingUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
