using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Gate;

/// <summary>What a guard does to a stay by hand.</summary>
public static class StayEndpoints
{
    public const int MaxReasonLength = 200;

    internal static void Map(RouteGroupBuilder booth, RouteGroupBuilder finance)
    {
        finance.MapPost("/sessions/{id:guid}/confirm-fee", ConfirmFeeAsync)
            .WithSummary("Finance or an admin accepts a fee above the lot's ceiling (Gate:FeeCeiling) for a stay still inside, up to 'fee', with a reason; the next exit read charges it. Audited");
        booth.MapPost("/sessions/{id:guid}/cancel", CancelAsync)
            .WithSummary("Cancel a stay that never happened (the car turned away), with a reason; audited");
        booth.MapPost("/sessions/{id:guid}/settle", SettleAsync)
            .WithSummary("The booth took the visitor's fee in cash; audited");
    }

    public sealed record SettledResponse(Guid session_id, string payment, decimal cost);

    public sealed record CancelledResponse(Guid session_id, string state);

    public sealed record FeeConfirmedResponse(Guid session_id, decimal confirmed_fee);

    private static async Task<Results<Ok<FeeConfirmedResponse>, ProblemHttpResult>> ConfirmFeeAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, GateKeeper gate, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var fee = body.Decimal("fee", required: true);
        if (fee is <= 0m or > 1_000_000m)
        {
            body.AddError("fee", ErrorText.Get("Stay.ConfirmedFeeOutOfRange"));
        }

        var reason = body.String("reason", required: true)?.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            body.AddError("reason", ErrorText.Get("Stay.ReasonTooLong", MaxReasonLength));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var stay = await gate.ConfirmFeeAsync(lot.Id, id, fee!.Value, GateEndpoints.Source(caller), reason!, cancellationToken);
            return stay is null
                ? ApiFailure.Of("Stay.NotFound").ToProblem()
                : TypedResults.Ok(new FeeConfirmedResponse(stay.Id, stay.FeeConfirmedUpTo!.Value));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).ToProblem();
        }
    }

    private static async Task<Results<Ok<SettledResponse>, ProblemHttpResult>> SettleAsync(
        Guid id, ClaimsPrincipal caller, RequestLot lot, GateKeeper gate, CancellationToken cancellationToken)
    {
        try
        {
            var stay = await gate.SettleInCashAsync(lot.Id, id, GateEndpoints.Source(caller), cancellationToken);
            return stay is null
                ? ApiFailure.Of("Stay.NotFound").ToProblem()
                : TypedResults.Ok(new SettledResponse(stay.Id, "paid", stay.Fee));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).ToProblem();
        }
    }

    private static async Task<Results<Ok<CancelledResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, GateKeeper gate, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var reason = body.String("reason", required: true)?.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            body.AddError("reason", ErrorText.Get("Stay.ReasonTooLong", MaxReasonLength));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var stay = await gate.CancelAsync(lot.Id, id, GateEndpoints.Source(caller), reason!, cancellationToken);
            return stay is null
                ? ApiFailure.Of("Stay.NotFound").ToProblem()
                : TypedResults.Ok(new CancelledResponse(stay.Id, "cancelled"));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).ToProblem();
        }
    }
}
