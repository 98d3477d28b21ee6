using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Passes;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Passes;

/// <summary>
/// Monthly passes over the API: products (admins), passes sold at the office for cash (Admin or Finance). Times are
/// lot-local; a pass's <c>ends</c> is the first moment it no longer covers.
/// </summary>
public static class PassEndpoints
{
    public static IEndpointRouteBuilder MapPassEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/admin/pass-products").WithTags("Monthly passes").RequireAuthorization(Policies.Admin).RequireLot();
        products.MapGet("", async (RequestLot lot, PassDesk desk, CancellationToken ct) =>
                TypedResults.Ok((await desk.ProductsAsync(lot.Id, ct)).Select(r => Product(r.Product, r.ValidNow)).ToArray()))
            .WithSummary("The lot's pass products, each with the passes of it valid now (admins)");
        products.MapPost("", AddProductAsync)
            .WithSummary("Add a pass product {name, vehicle_types, period: calendar_month|30_days|quarter|year, price, max_plates, sold_online, online_from_day, max_passes, counts_against_free_spaces} (admins, audited)");
        products.MapPut("/{id:guid}", ChangeProductAsync)
            .WithSummary("Change a pass product (same fields, and withdrawn); passes already sold keep their time and price (admins, audited)");

        var office = app.MapGroup("/api/admin/passes").WithTags("Monthly passes").RequireAuthorization(Policies.Finance).RequireLot();
        office.MapGet("", async (RequestLot lot, PassDesk desk, CancellationToken ct) =>
                TypedResults.Ok((await desk.PassesAsync(lot.Id, cancellationToken: ct)).Select(Pass).ToArray()))
            .WithSummary("The lot's passes, latest end first (Admin, Finance)");
        office.MapPost("", SellAsync)
            .WithSummary("Sell a pass for cash at the office {product_id, plates, from: yyyy-MM-dd, to: last day (optional: one period), price (optional)}: a ledger entry and an audit entry (Admin, Finance)");
        return app;
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> AddProductAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, PassDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var draft = ReadDraft(body);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var product = await desk.AddProductAsync(lot.Id, draft!, Actor(caller), cancellationToken);
            return TypedResults.Created($"/api/admin/pass-products/{product.Id}", Product(product, 0));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ProductField(ex.Code)).ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ChangeProductAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, PassDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var draft = ReadDraft(body);
        var withdrawn = body.Bool("withdrawn") ?? false;
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            return TypedResults.Ok(Product(await desk.ChangeProductAsync(lot.Id, id, draft!, withdrawn, Actor(caller), cancellationToken), null));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Code == "Pass.ProductNotFound" ? "id" : ProductField(ex.Code)).ToProblem();
        }
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> SellAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, PassDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var productId = ReadGuid(body, "product_id");
        var plates = ReadPlates(body);
        var from = ReadDay(body, "from", required: true);
        var to = ReadDay(body, "to", required: false);
        var price = body.Decimal("price", required: false);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var sold = await desk.SellAtOfficeAsync(lot.Id, productId!.Value, plates!, from!.Value, to, price, Actor(caller), cancellationToken);
            return TypedResults.Created($"/api/admin/passes/{sold.Id}", Pass(sold));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(SaleField(ex.Code)).ToProblem();
        }
    }

    internal static PassProductDraft? ReadDraft(JsonRequest body)
    {
        var name = body.String("name", required: true);
        var types = new List<VehicleType>();
        if (body.Array("vehicle_types") is { } items)
        {
            foreach (var item in items)
            {
                try
                {
                    types.Add(VehicleType.Named(item.ValueKind == System.Text.Json.JsonValueKind.String ? item.GetString() : null));
                }
                catch (DomainException ex)
                {
                    body.AddError("vehicle_types", ex.Error);
                }
            }
        }
        else if (!body.HasError("vehicle_types"))
        {
            body.AddError("vehicle_types", ErrorText.Get("Api.FieldRequired", "vehicle_types"));
        }

        var periodText = body.String("period", required: true);
        PassPeriod? period = periodText is null ? null : ParsePeriod(periodText);
        if (periodText is not null && period is null)
        {
            body.AddError("period", DomainError.Of("Pass.PeriodUnknown"));
        }

        var price = body.Decimal("price", required: true);
        var maxPlates = body.Int("max_plates", required: false) ?? 1;
        var soldOnline = body.Bool("sold_online") ?? false;
        var fromDay = body.Int("online_from_day", required: false);
        var maxPasses = body.Int("max_passes", required: false);
        var counts = body.Bool("counts_against_free_spaces") ?? true;
        return body.IsValid ? new PassProductDraft(name!, types, period!.Value, price!.Value, maxPlates, soldOnline, fromDay, maxPasses, counts) : null;
    }

    internal static PassPeriod? ParsePeriod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "calendar_month" or "month" => PassPeriod.CalendarMonth,
        "30_days" or "thirty_days" => PassPeriod.ThirtyDays,
        "quarter" => PassPeriod.Quarter,
        "year" => PassPeriod.Year,
        _ => null,
    };

    internal static string PeriodName(PassPeriod period) => period switch
    {
        PassPeriod.CalendarMonth => "calendar_month",
        PassPeriod.ThirtyDays => "30_days",
        PassPeriod.Quarter => "quarter",
        _ => "year",
    };

    internal static Guid? ReadGuid(JsonRequest body, string name)
    {
        var text = body.String(name, required: true);
        if (text is null)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        body.AddError(name, DomainError.Of("Pass.ProductNotFound"));
        return null;
    }

    internal static List<PlateNumber>? ReadPlates(JsonRequest body)
    {
        var plates = new List<PlateNumber>();
        var items = body.Array("plates");
        if (items is null)
        {
            // One plate may also come as "plate".
            if (body.String("plate", required: false) is { } single)
            {
                items = [System.Text.Json.JsonSerializer.SerializeToElement(single)];
            }
            else
            {
                if (!body.HasError("plates"))
                {
                    body.AddError("plates", DomainError.Of("Pass.PlateMissing"));
                }

                return null;
            }
        }

        foreach (var item in items)
        {
            var text = item.ValueKind == System.Text.Json.JsonValueKind.String ? item.GetString() : null;
            if (PlateNumber.TryParse(text, out var plate, out var error))
            {
                plates.Add(plate);
            }
            else
            {
                body.AddError("plates", error);
            }
        }

        if (plates.Count == 0 && !body.HasError("plates"))
        {
            body.AddError("plates", DomainError.Of("Pass.PlateMissing"));
        }

        return plates;
    }

    private static DateOnly? ReadDay(JsonRequest body, string name, bool required)
    {
        var text = body.String(name, required);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        body.AddError(name, DomainError.Of("Pass.DayInvalid"));
        return null;
    }

    private static string ProductField(string code) => code switch
    {
        "Pass.NameInvalid" or "Pass.NameTaken" => "name",
        "Pass.VehicleTypesMissing" => "vehicle_types",
        "Pass.PeriodUnknown" => "period",
        "Pass.PriceInvalid" => "price",
        "Pass.MaxPlatesOutOfRange" => "max_plates",
        "Pass.WindowDayOutOfRange" => "online_from_day",
        "Pass.MaxPassesOutOfRange" => "max_passes",
        _ => "name",
    };

    internal static string SaleField(string code) => code switch
    {
        "Pass.PlateMissing" or "Pass.PlateTwice" or "Pass.TooManyPlates" or "Pass.Overlaps" or "Pass.PlateNotOwn" => "plates",
        "Pass.EndBeforeStart" or "Pass.TooLong" => "to",
        "Pass.StartImplausible" => "from",
        "Pass.PriceInvalid" => "price",
        _ => "product_id",
    };

    internal static Dictionary<string, object?> Product(PassProduct p, int? validNow) => new()
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["vehicle_types"] = p.VehicleTypes.Select(VehicleTypes.Name).ToArray(),
        ["period"] = PeriodName(p.Period),
        ["price"] = p.Price,
        ["max_plates"] = p.MaxPlates,
        ["sold_online"] = p.SoldOnline,
        ["online_from_day"] = p.OnlineFromDay,
        ["max_passes"] = p.MaxPasses,
        ["counts_against_free_spaces"] = p.CountsAgainstFreeSpaces,
        ["withdrawn"] = p.Withdrawn,
        ["valid_now"] = validNow,
    };

    internal static Dictionary<string, object?> Pass(PassRow p) => new()
    {
        ["id"] = p.Id,
        ["product_id"] = p.ProductId,
        ["product"] = p.ProductName,
        ["plates"] = p.Plates.ToArray(),
        ["starts"] = LotTimeParser.Iso(p.StartLocal),
        ["ends"] = LotTimeParser.Iso(p.EndLocal),
        ["price"] = p.Price,
        ["sale"] = p.Sale == PassSale.Office ? "office" : "online",
        ["state"] = p.State == PassState.Valid ? "valid" : "awaiting_payment",
        ["valid_now"] = p.ValidNow,
        ["sold_by"] = p.SoldBy,
        ["sold_at"] = LotTimeParser.Iso(p.SoldLocal),
    };

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "unknown";
}
