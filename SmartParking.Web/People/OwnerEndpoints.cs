using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;

namespace SmartParking.Web.People;

/// <summary>An owner's account over the API: the owner's own, or any owner's for an admin.</summary>
public static class OwnerEndpoints
{
    internal static void Map(RouteGroupBuilder people)
    {
        people.MapGet("/me", MineAsync)
            .RequireAuthorization(Policies.Owner)
            .WithSummary("The calling owner's balance, vehicles, recent stays and inbox");
        people.MapGet("/owners/{id:guid}", OneAsync)
            .RequireAuthorization()
            .WithSummary("One owner's account: admins, or the owner themself");
    }

    private static async Task<Results<Ok<OwnerSummary>, ProblemHttpResult>> MineAsync(
        ClaimsPrincipal caller, OwnerAccount account, CancellationToken cancellationToken) =>
        await account.OwnerIdOfAsync(caller.Identity?.Name, cancellationToken) is { } id && await account.SummaryAsync(id, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();

    private static async Task<Results<Ok<OwnerSummary>, ProblemHttpResult>> OneAsync(
        Guid id, ClaimsPrincipal caller, OwnerAccount account, CancellationToken cancellationToken)
    {
        // An owner may read only their own record; asking for someone else's id is refused, not "not found".
        if (!caller.IsInRole(Roles.Admin) && await account.OwnerIdOfAsync(caller.Identity?.Name, cancellationToken) != id)
        {
            return ApiFailure.Of("Owner.OnlyOwnAccount").ToProblem();
        }

        return await account.SummaryAsync(id, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : ApiFailure.Of("Owner.NotFound").ToProblem();
    }
}
