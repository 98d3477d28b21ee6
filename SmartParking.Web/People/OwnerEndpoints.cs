using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Infrastructure.People;
using SmartParking.Infrastructure.Lots;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.People;

/// <summary>An owner's account over the API: the owner's own, or any owner's for an admin.</summary>
public static class OwnerEndpoints
{
    internal static void Map(RouteGroupBuilder people)
    {
        people.MapGet("/me", MineAsync)
            .RequireAuthorization(Policies.Owner)
            .RequireLot()
            .WithSummary("The calling owner's balance, vehicles, recent stays and inbox");
        // The owner's own lot decides, so an admin of several lots needs no ?lot= here.
        people.MapGet("/owners/{id:guid}", OneAsync)
            .RequireAuthorization()
            .WithSummary("One owner's account: admins, or the owner themself");
    }

    private static async Task<Results<Ok<OwnerSummary>, ProblemHttpResult>> MineAsync(
        ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, CancellationToken cancellationToken) =>
        await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is { } id && await account.SummaryAsync(lot.Id, id, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();

    private static async Task<Results<Ok<OwnerSummary>, ProblemHttpResult>> OneAsync(
        Guid id, ClaimsPrincipal caller, OwnerAccount account, CancellationToken cancellationToken)
    {
        // An owner of a lot the caller does not work in does not exist for them.
        if (await account.LotOfAsync(id, cancellationToken) is not { } lotId || !caller.WorksIn(lotId))
        {
            return ApiFailure.Of("Owner.NotFound").ToProblem();
        }

        // An owner may read only their own record; asking for someone else's id is refused, not "not found".
        if (!caller.IsInRole(Roles.Admin) && await account.OwnerIdOfAsync(lotId, caller.Identity?.Name, cancellationToken) != id)
        {
            return ApiFailure.Of("Owner.OnlyOwnAccount").ToProblem();
        }

        return await account.SummaryAsync(lotId, id, cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : ApiFailure.Of("Owner.NotFound").ToProblem();
    }
}
