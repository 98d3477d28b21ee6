using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Passes;
using SmartParking.Infrastructure.Payments;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;
using SmartParking.Web.Payments;

namespace SmartParking.Web.Passes;

/// <summary>An owner's monthly passes over the API: what can be bought now, their passes, and buying or renewing one (owners).</summary>
public static class OwnerPassEndpoints
{
    public static IEndpointRouteBuilder MapOwnerPassEndpoints(this IEndpointRouteBuilder app)
    {
        var owner = app.MapGroup("/api").WithTags("Monthly passes").RequireAuthorization(Policies.Owner).RequireLot();
        owner.MapGet("/pass-products", OffersAsync)
            .WithSummary("What the calling owner can buy now: each online pass product for each of their approved plates it covers, the period it would run if paid now and whether its buying window is open");
        owner.MapGet("/me/passes", MineAsync)
            .WithSummary("The calling owner's valid passes, latest end first");
        owner.MapPost("/me/passes", BuyAsync)
            .WithSummary("Buy or renew a pass {product_id, plate, channel: wechat|alipay, device: qr|phone} → an order with its QR or pay link; the pass is valid once paid, from then or from the current pass's end");
        return app;
    }

    private static async Task<Results<Ok<Dictionary<string, object?>[]>, ProblemHttpResult>> OffersAsync(
        ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, PassShop shop, CancellationToken cancellationToken) =>
        await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is { } ownerId
            ? TypedResults.Ok((await shop.OffersAsync(lot.Id, ownerId, cancellationToken)).Select(Offer).ToArray())
            : ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();

    private static async Task<Results<Ok<Dictionary<string, object?>[]>, ProblemHttpResult>> MineAsync(
        ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, PassDesk desk, CancellationToken cancellationToken) =>
        await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is { } ownerId
            ? TypedResults.Ok((await desk.PassesAsync(lot.Id, ownerId, cancellationToken)).Select(PassEndpoints.Pass).ToArray())
            : ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> BuyAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, PassShop shop, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var productId = PassEndpoints.ReadGuid(body, "product_id");
        var plate = ReadPlate(body);
        var channel = MoneyEndpoints.ReadChannel(body);
        var device = MoneyEndpoints.ReadDevice(body);

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        if (await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is not { } ownerId)
        {
            return ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();
        }

        try
        {
            var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
            var (offer, started) = await shop.StartAsync(
                lot.Id, ownerId, productId!.Value, plate!, channel!.Value, device!.Value, baseUrl, $"{baseUrl}/me?pass={PaymentDesk.OrderPlaceholder}",
                request.HttpContext.Connection.RemoteIpAddress?.ToString(), caller.Identity?.Name ?? "owner", cancellationToken);
            var answer = MoneyEndpoints.Payment(started.Payment, clock, started.Prompt);
            answer["pass"] = Offer(offer);
            return TypedResults.Created($"/api/me/payments/{started.Payment.Id}", answer);
        }
        catch (DomainException ex)
        {
            var field = ex.Code switch
            {
                "Pass.PlateNotOwn" or "Pass.TypeNotCovered" or "Pass.Overlaps" => "plate",
                "Payment.ChannelOff" or "Payment.ProviderUnavailable" => "channel",
                _ => "product_id",
            };
            return ApiFailure.From(ex).About(field).ToProblem();
        }
    }

    private static PlateNumber? ReadPlate(JsonRequest body)
    {
        var text = body.String("plate", required: true);
        if (text is null)
        {
            return null;
        }

        if (PlateNumber.TryParse(text, out var plate, out var error))
        {
            return plate;
        }

        body.AddError("plate", error);
        return null;
    }

    private static Dictionary<string, object?> Offer(PassOffer offer) => new()
    {
        ["product_id"] = offer.Product.Id,
        ["product"] = offer.Product.Name,
        ["vehicle_types"] = offer.Product.VehicleTypes.Select(VehicleTypes.Name).ToArray(),
        ["period"] = PassEndpoints.PeriodName(offer.Product.Period),
        ["price"] = offer.Product.Price,
        ["plate"] = offer.Plate,
        ["starts"] = LotTimeParser.Iso(offer.StartLocal),
        ["ends"] = LotTimeParser.Iso(offer.EndLocal),
        ["renewal"] = offer.Renewal,
        ["window_open"] = offer.WindowOpen,
        ["online_from_day"] = offer.Product.OnlineFromDay,
    };
}
