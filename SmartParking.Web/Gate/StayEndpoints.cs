using System.Security.Claims;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;

namespace SmartParking.Web.Gate;

/// <summary>What a guard does to a stay by hand.</summary>
public static class StayEndpoints
{
    public static IEndpointRouteBuilder MapStayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions/{id:guid}/cancel", CancelAsync)
            .RequireAuthorization(Policies.Booth)
            .WithTags("Gate")
            .WithSummary("Cancel a stay that never happened (the car turned away), with a reason; audited");
        app.MapPost("/api/sessions/{id:guid}/settle", SettleAsync)
            .RequireAuthorization(Policies.Booth)
            .WithTags("Gate")
            .WithSummary("The booth took the visitor's fee in cash; audited");
        return app;
    }

    private static async Task<IResult> SettleAsync(Guid id, ClaimsPrincipal caller, GateKeeper gate, CancellationToken cancellationToken)
    {
        try
        {
            var stay = await gate.SettleInCashAsync(id, caller.Identity?.Name ?? "unknown", cancellationToken);
            return stay is null
                ? TypedResults.Problem(ErrorText.Get("Stay.NotFound"), statusCode: StatusCodes.Status404NotFound)
                : TypedResults.Ok(new { session_id = stay.Id, payment = "paid", cost = stay.Fee });
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(ErrorText.Describe(ex), statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> CancelAsync(Guid id, HttpRequest request, ClaimsPrincipal caller, GateKeeper gate, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var reason = body.String("reason", required: true)?.Trim();
        if (reason is { Length: > 200 })
        {
            body.AddError("reason", ErrorText.Get("Stay.ReasonTooLong", 200));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var stay = await gate.CancelAsync(id, caller.Identity?.Name ?? "unknown", reason!, cancellationToken);
            return stay is null
                ? TypedResults.Problem(ErrorText.Get("Stay.NotFound"), statusCode: StatusCodes.Status404NotFound)
                : TypedResults.Ok(new { session_id = stay.Id, state = "cancelled" });
        }
        catch (DomainException ex)
        {
            return TypedResults.Problem(ErrorText.Describe(ex), statusCode: StatusCodes.Status409Conflict);
        }
    }
}
