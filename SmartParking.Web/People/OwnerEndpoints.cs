using System.Security.Claims;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;

namespace SmartParking.Web.People;

/// <summary>An owner's account over the API: the owner's own, or any owner's for an admin.</summary>
public static class OwnerEndpoints
{
    public static IEndpointRouteBuilder MapOwnerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", async (ClaimsPrincipal caller, OwnerAccount account, CancellationToken cancellationToken) =>
                await account.OwnerIdOfAsync(caller.Identity?.Name, cancellationToken) is { } id && await account.SummaryAsync(id, cancellationToken) is { } summary
                    ? Results.Ok(summary)
                    : Results.Problem(ErrorText.Get("Owner.NoOwnerRecord"), statusCode: StatusCodes.Status404NotFound))
            .RequireAuthorization(Policies.Owner)
            .WithTags("People")
            .WithSummary("The calling owner's balance, vehicles, recent stays and inbox");

        app.MapGet("/api/owners/{id:guid}", async (Guid id, ClaimsPrincipal caller, OwnerAccount account, CancellationToken cancellationToken) =>
            {
                // An owner may read only their own record; asking for someone else's id is refused, not "not found".
                if (!caller.IsInRole(Infrastructure.People.Roles.Admin) && await account.OwnerIdOfAsync(caller.Identity?.Name, cancellationToken) != id)
                {
                    return Results.Problem(ErrorText.Get("Owner.OnlyOwnAccount"), statusCode: StatusCodes.Status403Forbidden);
                }

                return await account.SummaryAsync(id, cancellationToken) is { } summary
                    ? Results.Ok(summary)
                    : Results.Problem(ErrorText.Get("Owner.NotFound"), statusCode: StatusCodes.Status404NotFound);
            })
            .RequireAuthorization()
            .WithTags("People")
            .WithSummary("One owner's account: admins, or the owner themself");
        return app;
    }
}
