using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using Microsoft.Extensions.Localization;
using SmartParking.Infrastructure.Billing;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Reports;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Billing;

/// <summary>
/// Coupons (商户优惠) over the API: issuers and kinds (admins), a coupon given to an open stay (merchants for their own
/// issuer, guards and admins for any), one-use codes, uses and monthly statements (merchants their own; admins and
/// finance any issuer's). Times are lot-local.
/// </summary>
public static class CouponEndpoints
{
    public static IEndpointRouteBuilder MapCouponEndpoints(this IEndpointRouteBuilder app)
    {
        var issuers = app.MapGroup("/api/admin/coupon-issuers").WithTags("Coupons").RequireAuthorization(Policies.Admin).RequireLot();
        issuers.MapGet("", async (RequestLot lot, CouponDesk desk, CancellationToken ct) =>
                TypedResults.Ok((await desk.IssuersAsync(lot.Id, ct)).Select(Issuer).ToArray()))
            .WithSummary("The lot's coupon issuers: shops and the property office (admins)");
        issuers.MapPost("", AddIssuerAsync)
            .WithSummary("Add a coupon issuer {name, kind: shop|office} (admins, audited)");
        issuers.MapPost("/{id:guid}/merchants", AddMerchantAsync)
            .WithSummary("A merchant login for the issuer {user_name, password, display_name}: it works in this lot and gives and sees only this issuer's coupons (admins, audited)");
        issuers.MapPut("/{id:guid}", ChangeIssuerAsync)
            .WithSummary("Change an issuer {name, kind, closed}; a closed issuer's coupons are refused (admins, audited)");

        var kinds = app.MapGroup("/api/admin/coupon-kinds").WithTags("Coupons").RequireAuthorization(Policies.Admin).RequireLot();
        kinds.MapGet("", async (RequestLot lot, CouponDesk desk, LotClock clock, CancellationToken ct) =>
                TypedResults.Ok((await desk.KindsAsync(lot.Id, null, ct)).Select(k => Kind(k, clock)).ToArray()))
            .WithSummary("The lot's coupon kinds with how many are used and left (admins)");
        kinds.MapPost("", AddKindAsync)
            .WithSummary("Add a coupon kind {issuer_id, name, discount: minutes_off|amount_off|percent_off|full_waiver, value, valid_from, valid_to (yyyy-MM-dd, included), total_count, stackable, per_plate_per_day} (admins, audited)");
        kinds.MapPut("/{id:guid}", ChangeKindAsync)
            .WithSummary("Change a coupon kind (same fields, and withdrawn); uses already given stay (admins, audited)");

        var office = app.MapGroup("/api/admin/coupon-issuers").WithTags("Coupons").RequireAuthorization(Policies.Finance).RequireLot();
        office.MapGet("/{id:guid}/statement/{month}", async (Guid id, string month, string? format, RequestLot lot, CouponDesk desk, StatementPrinter printer, CancellationToken ct) =>
                await StatementAsync(lot.Id, id, month, format, desk, printer, ct))
            .WithSummary("An issuer's monthly statement (yyyy-MM): each discount booked on a stay that closed in the month, and the total the office settles with it; ?format=csv for a spreadsheet, ?format=pdf to print (Admin, Finance)");

        app.MapPost("/api/stays/{id:guid}/coupons", ApplyToStayAsync).WithTags("Coupons").RequireAuthorization(Policies.Coupons).RequireLot()
            .WithSummary("Give a coupon to an open stay {code} (a one-use code or QR) or {kind_id}: a merchant its own issuer's only, a guard or admin any of the lot's; answers the fee so far with the coupon (Merchant, Guard, Admin; audited)");

        var merchant = app.MapGroup("/api/merchant").WithTags("Coupons").RequireAuthorization(Policies.Merchant).RequireLot();
        merchant.MapGet("/coupon-kinds", async (ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, LotClock clock, CancellationToken ct) =>
                TypedResults.Ok((await desk.KindsAsync(lot.Id, IssuerOf(caller), ct)).Select(k => Kind(k, clock)).ToArray()))
            .WithSummary("The merchant's own coupon kinds (Merchant)");
        merchant.MapPost("/coupon-codes", IssueCodeAsync)
            .WithSummary("A new one-use code of one of the merchant's kinds {kind_id}, with its QR (SVG): a second use of it is refused (Merchant)");
        merchant.MapPost("/coupons", ApplyToPlateAsync)
            .WithSummary("Give one of the merchant's coupons {kind_id} to the car inside with {plate} (Merchant; audited)");
        merchant.MapGet("/coupon-uses", async Task<Results<Ok<Dictionary<string, object?>[]>, ProblemHttpResult>> (
                string? month, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, LotClock clock, CancellationToken ct) =>
            {
                var period = YearMonth.Of(clock.LocalNow);
                if (month is not null && !YearMonth.TryParse(month, out period))
                {
                    return JsonRequest.Problem("month", ErrorText.Get("Report.MonthUnreadable", month));
                }

                return TypedResults.Ok((await desk.UsesAsync(lot.Id, IssuerOf(caller), period, ct)).Select(Use).ToArray());
            })
            .WithSummary("The merchant's coupons given in a month (?month=yyyy-MM, default this month), with what each took off once the stay closed (Merchant)");
        merchant.MapGet("/statement/{month}", async (string month, string? format, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, StatementPrinter printer, CancellationToken ct) =>
                await StatementAsync(lot.Id, IssuerOf(caller), month, format, desk, printer, ct))
            .WithSummary("The merchant's own monthly statement (yyyy-MM); ?format=csv for a spreadsheet, ?format=pdf to print (Merchant)");
        return app;
    }

    public sealed record AppliedResponse(Guid session_id, Guid use_id, string plate, string coupon, decimal fee_so_far, decimal fee_before_coupons, string[] breakdown);

    // A merchant's login always carries its issuer; one without (an admin's mistake) gives and sees nothing.
    private static Guid IssuerOf(ClaimsPrincipal caller) => caller.IssuerOf() ?? Guid.Empty;

    private static Guid? MerchantIssuer(ClaimsPrincipal caller) =>
        caller.IsInRole(Infrastructure.People.Roles.Merchant) && !caller.IsInRole(Infrastructure.People.Roles.Admin) && !caller.IsInRole(Infrastructure.People.Roles.Guard)
            ? IssuerOf(caller)
            : null;

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> AddIssuerAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name", required: true);
        var kind = ReadIssuerKind(body);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var issuer = await desk.AddIssuerAsync(lot.Id, name, kind, Actor(caller), cancellationToken);
            return TypedResults.Created($"/api/admin/coupon-issuers/{issuer.Id}", Issuer(issuer));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Code == "Coupon.IssuerKindUnknown" ? "kind" : "name").ToProblem();
        }
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> AddMerchantAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, Infrastructure.People.UserAccounts accounts,
        IStringLocalizer<AdminText> adminText, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var userName = body.String("user_name", required: true);
        var password = body.String("password", required: true);
        var displayName = body.String("display_name", required: false);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        if (await desk.IssuerAsync(lot.Id, id, cancellationToken) is not { } issuer)
        {
            return ApiFailure.Of("Coupon.IssuerNotFound").About("id").ToProblem();
        }

        var errors = await accounts.CreateMerchantAsync(lot.Id, issuer.Id, userName!, displayName ?? issuer.Name, password!, Actor(caller));
        if (errors.Count > 0)
        {
            var first = errors[0];
            return JsonRequest.Problem(first.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "user_name", People.AccountErrorText.Describe(adminText, first));
        }

        return TypedResults.Created($"/api/admin/coupon-issuers/{issuer.Id}", new Dictionary<string, object?>
        {
            ["user_name"] = userName!.Trim(),
            ["issuer_id"] = issuer.Id,
            ["role"] = "merchant",
        });
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ChangeIssuerAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var name = body.String("name", required: true);
        var kind = ReadIssuerKind(body);
        var closed = body.Bool("closed") ?? false;
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            return TypedResults.Ok(Issuer(await desk.ChangeIssuerAsync(lot.Id, id, name, kind, closed, Actor(caller), cancellationToken)));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Code switch { "Coupon.IssuerNotFound" => "id", "Coupon.IssuerKindUnknown" => "kind", _ => "name" }).ToProblem();
        }
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> AddKindAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var draft = ReadKind(body);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var kind = await desk.AddKindAsync(lot.Id, draft!, Actor(caller), cancellationToken);
            return TypedResults.Created($"/api/admin/coupon-kinds/{kind.Id}", Kind(kind, clock));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(KindField(ex.Code)).ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ChangeKindAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var draft = ReadKind(body);
        var withdrawn = body.Bool("withdrawn") ?? false;
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            return TypedResults.Ok(Kind(await desk.ChangeKindAsync(lot.Id, id, draft!, withdrawn, Actor(caller), cancellationToken), clock));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Code == "Coupon.KindNotFound" ? "id" : KindField(ex.Code)).ToProblem();
        }
    }

    private static async Task<Results<Ok<AppliedResponse>, ProblemHttpResult>> ApplyToStayAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var (code, kindId, field) = ReadGift(body);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var applied = await desk.ApplyAsync(lot.Id, id, new CouponGift(code, kindId, MerchantIssuer(caller), Actor(caller)), cancellationToken);
            return applied is null
                ? ApiFailure.Of("Stay.NotFound").About("id").ToProblem()
                : TypedResults.Ok(Applied(applied, text));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Code == "Coupon.StayNotOpen" ? "id" : field).ToProblem();
        }
    }

    private static async Task<Results<Ok<AppliedResponse>, ProblemHttpResult>> ApplyToPlateAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        PlateNumber? plate = null;
        var plateText = body.String("plate", required: true);
        if (plateText is not null)
        {
            if (PlateNumber.TryParse(plateText, out var parsed, out var error))
            {
                plate = parsed;
            }
            else
            {
                body.AddError("plate", error);
            }
        }

        var (code, kindId, field) = ReadGift(body);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var applied = await desk.ApplyToPlateAsync(lot.Id, plate!, new CouponGift(code, kindId, IssuerOf(caller), Actor(caller)), cancellationToken);
            return applied is null
                ? ApiFailure.Of("Coupon.NoCarInside", plate!.Value).About("plate").ToProblem()
                : TypedResults.Ok(Applied(applied, text));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(ex.Code is "Coupon.StayNotOpen" or "Coupon.PlateDailyLimit" or "Coupon.OnePerStay" or "Coupon.TooManyOnStay" ? "plate" : field).ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> IssueCodeAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, CouponDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var kindId = ReadId(body, "kind_id", required: true);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            var code = await desk.IssueCodeAsync(lot.Id, IssuerOf(caller), kindId!.Value, Actor(caller), cancellationToken);
            return TypedResults.Ok(new Dictionary<string, object?>
            {
                ["id"] = code.Id,
                ["code"] = code.Code,
                ["kind_id"] = code.KindId,
                ["link"] = Link($"{request.Scheme}://{request.Host}{request.PathBase}/", code.Code),
                ["qr_svg"] = QrCodes.Svg(Link($"{request.Scheme}://{request.Host}{request.PathBase}/", code.Code), QRCoder.QRCodeGenerator.ECCLevel.M, 6),
            });
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About("kind_id").ToProblem();
        }
    }

    /// <summary>What a shop's QR holds: the page where a visitor takes the coupon on their own phone (a booth scanner reads the code from it).</summary>
    public static string Link(string baseUri, string code) => $"{baseUri}{CouponCode.LinkPath}{code}";

    private static AppliedResponse Applied(CouponApplied applied, IStringLocalizer text) => new(
        applied.Stay.Id, applied.Use.Id, applied.Stay.Plate.Value, $"{applied.IssuerName} · {applied.Kind.Name}", applied.QuoteNow.Total,
        applied.QuoteNow.BeforeCoupons ?? applied.QuoteNow.Total, [.. Passes.PassCoverText.Breakdown(text, applied.QuoteNow)]);

    /// <summary>The services a printed statement needs, asked for together.</summary>
    public sealed record StatementPrinter(IReportLayout Layout, IPdfPrinter Printer, ILogger<StatementPrinter> Logger);

    private static async Task<IResult> StatementAsync(
        Guid lotId, Guid issuerId, string month, string? format, CouponDesk desk, StatementPrinter printer, CancellationToken cancellationToken)
    {
        if (!YearMonth.TryParse(month, out var period))
        {
            return JsonRequest.Problem("month", ErrorText.Get("Report.MonthUnreadable", month));
        }

        var statement = await desk.StatementAsync(lotId, issuerId, period, cancellationToken);
        if (statement is null)
        {
            return ApiFailure.Of("Coupon.IssuerNotFound").About("id").ToProblem();
        }

        return format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" => TypedResults.Ok(new Dictionary<string, object?>
            {
                ["issuer"] = statement.Issuer.Name,
                ["month"] = period.ToString(),
                ["total"] = statement.Total,
                ["count"] = statement.Lines.Count,
                ["lines"] = statement.Lines.Select(Use).ToArray(),
            }),
            "csv" => TypedResults.File(CouponStatementCsv.Bytes(statement), "text/csv; charset=utf-8", CouponStatementCsv.FileName(statement)),
            "pdf" => await PdfAsync(statement, printer, cancellationToken),
            _ => JsonRequest.Problem("format", ErrorText.Get("Coupon.FormatUnknown")),
        };
    }

    private static async Task<IResult> PdfAsync(CouponStatement statement, StatementPrinter printer, CancellationToken cancellationToken)
    {
        try
        {
            var document = await printer.Layout.CouponStatementAsync(statement, CultureInfo.CurrentUICulture, cancellationToken);
            var pdf = await printer.Printer.PrintAsync(document, cancellationToken);
            return TypedResults.File(pdf, "application/pdf", Path.ChangeExtension(CouponStatementCsv.FileName(statement), ".pdf"));
        }
        catch (PdfPrintException ex)
        {
            printer.Logger.LogWarning(ex, "A coupon statement could not be printed");
            return new ApiFailure(ex.Error).ToProblem();
        }
    }

    private static (string? Code, Guid? KindId, string Field) ReadGift(JsonRequest body)
    {
        var code = body.String("code", required: false);
        if (code is not null)
        {
            var normal = CouponCode.Normalise(code);
            if (normal.Length != CouponCode.Length)
            {
                body.AddError("code", DomainError.Of("Coupon.CodeUnknown"));
            }

            return (normal, null, "code");
        }

        if (!body.Has("kind_id"))
        {
            body.AddError("code", DomainError.Of("Coupon.CodeOrKindMissing"));
            return (null, null, "code");
        }

        return (null, ReadId(body, "kind_id", required: true), "kind_id");
    }

    private static Guid? ReadId(JsonRequest body, string name, bool required)
    {
        var text = body.String(name, required);
        if (text is null)
        {
            return null;
        }

        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        body.AddError(name, DomainError.Of(name == "issuer_id" ? "Coupon.IssuerNotFound" : "Coupon.KindNotFound"));
        return null;
    }

    private static CouponIssuerKind ReadIssuerKind(JsonRequest body)
    {
        var text = body.String("kind", required: false);
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "shop":
                return CouponIssuerKind.Shop;
            case "office":
                return CouponIssuerKind.Office;
            default:
                body.AddError("kind", DomainError.Of("Coupon.IssuerKindUnknown"));
                return CouponIssuerKind.Shop;
        }
    }

    private static CouponKindDraft? ReadKind(JsonRequest body)
    {
        var issuerId = ReadId(body, "issuer_id", required: true);
        var name = body.String("name", required: true);
        var discountText = body.String("discount", required: true);
        CouponDiscount? discount = discountText?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "minutes_off" => CouponDiscount.MinutesOff,
            "amount_off" => CouponDiscount.AmountOff,
            "percent_off" => CouponDiscount.PercentOff,
            "full_waiver" => CouponDiscount.FullWaiver,
            _ => null,
        };
        if (discountText is not null && discount is null)
        {
            body.AddError("discount", DomainError.Of("Coupon.DiscountUnknown"));
        }

        var value = discount == CouponDiscount.FullWaiver ? body.Decimal("value", required: false) ?? 0m : body.Decimal("value", required: true);
        var from = ReadDay(body, "valid_from");
        var to = ReadDay(body, "valid_to");
        var total = body.Int("total_count", required: false);
        var stackable = body.Bool("stackable") ?? false;
        var perDay = body.Int("per_plate_per_day", required: false);
        return body.IsValid ? new CouponKindDraft(issuerId!.Value, name!, discount!.Value, value!.Value, from!.Value, to!.Value, total, stackable, perDay) : null;
    }

    private static DateOnly? ReadDay(JsonRequest body, string name)
    {
        var text = body.String(name, required: true);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        body.AddError(name, DomainError.Of("Coupon.DayInvalid"));
        return null;
    }

    private static string KindField(string code) => code switch
    {
        "Coupon.IssuerNotFound" => "issuer_id",
        "Coupon.DiscountUnknown" => "discount",
        "Coupon.ValueOutOfRange" => "value",
        "Coupon.ValidityEndsBeforeStart" => "valid_to",
        "Coupon.TotalCountOutOfRange" => "total_count",
        "Coupon.PerPlatePerDayOutOfRange" => "per_plate_per_day",
        _ => "name",
    };

    internal static string DiscountName(CouponDiscount discount) => discount switch
    {
        CouponDiscount.MinutesOff => "minutes_off",
        CouponDiscount.AmountOff => "amount_off",
        CouponDiscount.PercentOff => "percent_off",
        _ => "full_waiver",
    };

    internal static Dictionary<string, object?> Issuer(CouponIssuer i) => new()
    {
        ["id"] = i.Id,
        ["name"] = i.Name,
        ["kind"] = i.Kind == CouponIssuerKind.Office ? "office" : "shop",
        ["closed"] = i.Closed,
    };

    internal static Dictionary<string, object?> Kind(CouponKind k, LotClock clock) => new()
    {
        ["id"] = k.Id,
        ["issuer_id"] = k.IssuerId,
        ["name"] = k.Name,
        ["discount"] = DiscountName(k.Discount),
        ["value"] = k.Value,
        ["valid_from"] = clock.ToLocal(k.ValidFromUtc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["valid_to"] = clock.ToLocal(k.ValidUntilUtc).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["total_count"] = k.TotalCount,
        ["used"] = k.Used,
        ["left"] = k.Left,
        ["stackable"] = k.Stackable,
        ["per_plate_per_day"] = k.PerPlatePerDay,
        ["withdrawn"] = k.Withdrawn,
    };

    internal static Dictionary<string, object?> Use(CouponUseRow u) => new()
    {
        ["id"] = u.Id,
        ["applied_at"] = LotTimeParser.Iso(u.AppliedLocal),
        ["plate"] = u.Plate,
        ["issuer"] = u.IssuerName,
        ["coupon"] = u.KindName,
        ["by_code"] = u.ByCode,
        ["applied_by"] = u.AppliedBy,
        ["stay_open"] = u.StayOpen,
        ["discount"] = u.Discount,
        ["booked_at"] = u.BookedLocal is { } booked ? LotTimeParser.Iso(booked) : null,
    };

    private static string Actor(ClaimsPrincipal caller) => caller.Identity?.Name ?? "unknown";
}
