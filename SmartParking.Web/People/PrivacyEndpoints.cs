using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.People;

/// <summary>
/// A person's data on request (PIPL): the export of everything about an owner or a visitor, and erasure, asked for by
/// one admin and confirmed by another. Admins only.
/// </summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/admin/people").WithTags("Privacy").RequireAuthorization(Policies.Admin).RequireLot();
        people.MapGet("/{id:guid}/export", ExportAsync)
            .WithSummary("Everything the lot holds about an owner (owner id) or a visitor (any of their registration ids) as JSON, with the list of their camera photos; audited")
            .Produces<Stream>(StatusCodes.Status200OK, "application/json");
        people.MapPost("/{id:guid}/erase", RequestAsync)
            .WithSummary("Ask for the erasure of a person's data, {\"reason\": \"...\"}; nothing happens until a second admin confirms (202)");
        people.MapGet("/erasures", PendingAsync)
            .WithSummary("Erasure requests waiting for a second admin");
        people.MapPost("/erasures/{requestId:guid}/confirm", ConfirmAsync)
            .WithSummary("A second admin confirms: names, numbers, registrations, vehicles, login and photos go; the stays keep their fee and time under a pseudonym plate");
        people.MapPost("/erasures/{requestId:guid}/withdraw", WithdrawAsync)
            .WithSummary("Withdraw a pending erasure request");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(Guid id, ClaimsPrincipal caller, RequestLot lot, PrivacyDesk desk, CancellationToken cancellationToken) =>
        await desk.ExportAsync(lot.Id, id, Actor(caller), cancellationToken) is { } json
            ? TypedResults.File(json, "application/json; charset=utf-8", $"personal-data-{id:N}.json")
            : ApiFailure.Of("Person.NotFound").ToProblem();

    private static async Task<Results<Accepted<Dictionary<string, object?>>, ProblemHttpResult>> RequestAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, PrivacyDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var reason = body.String("reason", required: true);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var row = await desk.RequestErasureAsync(lot.Id, id, reason, Actor(caller), cancellationToken);
            return TypedResults.Accepted($"/api/admin/people/erasures/{row.Id}", Json(row));
        }
        catch (DomainException ex)
        {
            return Failure(ex);
        }
    }

    private static async Task<Ok<List<Dictionary<string, object?>>>> PendingAsync(RequestLot lot, PrivacyDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok((await desk.PendingAsync(lot.Id, cancellationToken)).Select(Json).ToList());

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ConfirmAsync(
        Guid requestId, ClaimsPrincipal caller, RequestLot lot, PrivacyDesk desk, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await desk.ConfirmErasureAsync(lot.Id, requestId, Actor(caller), cancellationToken);
            var response = Json(outcome.Request);
            response["erased"] = new Dictionary<string, int>
            {
                ["registrations"] = outcome.Registrations,
                ["vehicles"] = outcome.Vehicles,
                ["stays_pseudonymised"] = outcome.Stays,
                ["photos"] = outcome.Photos,
                ["notices"] = outcome.Notices,
            };
            return TypedResults.Ok(response);
        }
        catch (DomainException ex)
        {
            return Failure(ex);
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> WithdrawAsync(
        Guid requestId, ClaimsPrincipal caller, RequestLot lot, PrivacyDesk desk, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(Json(await desk.WithdrawErasureAsync(lot.Id, requestId, Actor(caller), cancellationToken)));
        }
        catch (DomainException ex)
        {
            return Failure(ex);
        }
    }

    private static ProblemHttpResult Failure(DomainException ex) =>
        (ex.Code.StartsWith("Erasure.Reason", StringComparison.Ordinal) ? ApiFailure.From(ex).About("reason") : ApiFailure.From(ex)).ToProblem();

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "admin";

    private static Dictionary<string, object?> Json(ErasureRow row) => new()
    {
        ["id"] = row.Id,
        ["kind"] = row.Kind == Domain.People.PersonKind.Owner ? "owner" : "visitor",
        ["person_id"] = row.PersonId,
        ["person"] = row.Label,
        ["reason"] = row.Reason,
        ["requested_by"] = row.RequestedBy,
        ["requested_at"] = LotTimeParser.Iso(row.RequestedLocal),
        ["state"] = row.State.ToString().ToLowerInvariant(),
        ["decided_by"] = row.DecidedBy,
        ["decided_at"] = row.DecidedLocal is { } at ? LotTimeParser.Iso(at) : null,
    };
}
