using System.Security.Claims;
using SmartParking.Domain.Common;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Lots;
using SmartParking.Web.Common;

namespace SmartParking.Web.Lots;

/// <summary>
/// The lot an API request works on, set by <see cref="LotScoping.RequireLot{TBuilder}"/> before the handler runs: the
/// camera key's lot, the lot named by <c>?lot=</c> or <c>X-Lot</c>, or the caller's only lot.
/// </summary>
public sealed class RequestLot
{
    private Lot? _lot;

    public Lot Lot => _lot ?? throw new InvalidOperationException("the endpoint has no RequireLot() in front of it");

    public Guid Id => Lot.Id;

    internal void Set(Lot lot) => _lot = lot;
}

public static class LotScoping
{
    public const string QueryKey = "lot";
    public const string Header = "X-Lot";

    /// <summary>
    /// Resolves the request's lot before the handler: a lot the caller may not see answers 404 exactly as one that
    /// does not exist; a caller with several lots who names none answers 400.
    /// </summary>
    public static TBuilder RequireLot<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var (lot, failure) = await ResolveAsync(http);
            if (lot is null)
            {
                return new ApiFailure(failure!).ToProblem();
            }

            http.RequestServices.GetRequiredService<RequestLot>().Set(lot);
            return await next(context);
        });

    /// <summary>
    /// After <see cref="RequireLot{TBuilder}"/>: a lot without a fee rule or a lane cannot decide about a car, so the
    /// gate answers 503 with what is missing instead of a half-made stay.
    /// </summary>
    public static TBuilder RequireLotSetUp<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            var lot = services.GetRequiredService<RequestLot>().Lot;
            if (!await services.GetRequiredService<LotSetup>().TakesCarsAsync(lot.Id, context.HttpContext.RequestAborted))
            {
                return ApiFailure.Of("Lot.NotSetUp", lot.Name).ToProblem();
            }

            return await next(context);
        });

    public static async Task<(Lot? Lot, DomainError? Failure)> ResolveAsync(HttpContext http)
    {
        var directory = http.RequestServices.GetRequiredService<LotDirectory>();
        var caller = http.User;
        var named = http.Request.Query[QueryKey].FirstOrDefault() ?? http.Request.Headers[Header].FirstOrDefault();
        var signedIn = caller.Identity?.IsAuthenticated == true;

        if (!string.IsNullOrWhiteSpace(named))
        {
            var lot = await directory.FindAsync(named, http.RequestAborted);
            return lot is not null && (!signedIn || caller.WorksIn(lot.Id))
                ? (lot, null)
                : (null, DomainError.Of("Lot.NotFound"));
        }

        var mine = signedIn
            ? await http.RequestServices.GetRequiredService<LotAccess>().LotsOfAsync(caller, http.RequestAborted)
            : await directory.AllAsync(http.RequestAborted);
        return mine switch
        {
            [var only] => (only, null),
            [] when signedIn => (null, DomainError.Of("Lot.NoneAssigned")),
            [] => (null, DomainError.Of("Lot.NotFound")),
            _ => (null, DomainError.Of("Lot.Ambiguous")),
        };
    }
}
