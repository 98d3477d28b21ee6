using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;
using SmartParking.Domain.Common;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Passes;
using SmartParking.Infrastructure.People;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Passes;

/// <summary>
/// Visitor passes: an owner invites a guest's car for a window and shares the link (owners); an admin sets what owners
/// may send — passes a month, the longest window, what an owner's balance pays for guests a month (admins).
/// </summary>
public static class VisitorPassEndpoints
{
    public static IEndpointRouteBuilder MapVisitorPassEndpoints(this IEndpointRouteBuilder app)
    {
        var owner = app.MapGroup("/api/me/visitor-passes").WithTags("Visitor passes").RequireAuthorization(Policies.Owner).RequireLot();
        owner.MapPost("", IssueAsync)
            .WithSummary("Invite a guest {plate | any_plate: true, from, to (lot-local, end exclusive), entries: single|multi, payer: guest|owner} → the pass with its code, link and QR (SVG) to share");
        owner.MapGet("", MineAsync)
            .WithSummary("The calling owner's visitor passes with their state (upcoming, active, used, expired, revoked), latest start first");
        owner.MapDelete("/{id:guid}", RevokeAsync)
            .WithSummary("Revoke one of the calling owner's passes that is not over yet");

        var admin = app.MapGroup("/api/admin").WithTags("Visitor passes").RequireAuthorization(Policies.Admin).RequireLot();
        admin.MapGet("/visitor-pass-limits", LimitsAsync)
            .WithSummary("What owners may send: passes_per_month, longest_hours, owner_pays_per_month (the default monthly limit of an owner's balance paying for guests)");
        admin.MapPut("/visitor-pass-limits", ChangeLimitsAsync)
            .WithSummary("Changes the visitor pass limits {passes_per_month, longest_hours, owner_pays_per_month}; audited");
        admin.MapPut("/owners/{id:guid}/guest-pay-limit", LimitOwnerAsync)
            .WithSummary("An owner's own monthly limit on what their balance pays for guests {per_month: yuan, or null for the lot's}; audited");
        return app;
    }

    private static async Task<Results<Created<Dictionary<string, object?>>, ProblemHttpResult>> IssueAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, VisitorPassDesk desk, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var anyPlate = body.Bool("any_plate") ?? false;
        var plate = ReadPlate(body, anyPlate);
        var from = ReadLocal(body, "from", clock);
        var to = ReadLocal(body, "to", clock);
        var entries = ReadEnum(body, "entries", "VisitorPass.EntriesUnknown", VisitorPassEntries.Single);
        var payer = ReadEnum(body, "payer", "VisitorPass.PayerUnknown", VisitorPassPayer.Guest);
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
            var pass = await desk.IssueAsync(lot.Id, ownerId, new VisitorPassDraft(plate, from!.Value, to!.Value, entries!.Value, payer!.Value), cancellationToken);
            var answer = Pass(pass, BaseUrl(request));
            answer["qr"] = QrCodes.Svg((string)answer["link"]!, QRCodeGenerator.ECCLevel.M, 4);
            return TypedResults.Created($"/api/me/visitor-passes/{pass.Id}", answer);
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(FieldOf(ex.Code)).ToProblem();
        }
    }

    private static async Task<Results<Ok<Dictionary<string, object?>[]>, ProblemHttpResult>> MineAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, VisitorPassDesk desk, CancellationToken cancellationToken) =>
        await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is { } ownerId
            ? TypedResults.Ok((await desk.PassesAsync(lot.Id, ownerId, cancellationToken)).Select(p => Pass(p, BaseUrl(request))).ToArray())
            : ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> RevokeAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, OwnerAccount account, VisitorPassDesk desk, CancellationToken cancellationToken)
    {
        if (await account.OwnerIdOfAsync(lot.Id, caller.Identity?.Name, cancellationToken) is not { } ownerId)
        {
            return ApiFailure.Of("Owner.NoOwnerRecord").ToProblem();
        }

        try
        {
            return await desk.RevokeAsync(lot.Id, ownerId, id, cancellationToken) is { } revoked
                ? TypedResults.Ok(Pass(revoked, BaseUrl(request)))
                : ApiFailure.Of("VisitorPass.NotFound").About("id").ToProblem();
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About("id").ToProblem();
        }
    }

    private static async Task<Ok<Dictionary<string, object?>>> LimitsAsync(RequestLot lot, VisitorPassDesk desk, CancellationToken cancellationToken) =>
        TypedResults.Ok(Limits(await desk.LimitsAsync(lot.Id, cancellationToken)));

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ChangeLimitsAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, VisitorPassDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var passes = body.Int("passes_per_month", required: true);
        var hours = body.Int("longest_hours", required: true);
        var pays = body.Decimal("owner_pays_per_month", required: true);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var limits = new VisitorPassLimits(passes!.Value, hours!.Value, pays!.Value);
        if (limits.Problem() is { } wrong)
        {
            return new ApiFailure(wrong.Error, wrong.Field).ToProblem();
        }

        return TypedResults.Ok(Limits(await desk.ChangeLimitsAsync(lot.Id, limits, caller.Identity?.Name ?? "admin", cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LimitOwnerAsync(
        Guid id, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, VisitorPassDesk desk, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var perMonth = body.Decimal("per_month", required: false);
        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        try
        {
            return await desk.LimitOwnerAsync(lot.Id, id, perMonth, caller.Identity?.Name ?? "admin", cancellationToken)
                ? TypedResults.NoContent()
                : ApiFailure.Of("Owner.NotFound").About("id").ToProblem();
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About("per_month").ToProblem();
        }
    }

    private static string FieldOf(string code) => code switch
    {
        "VisitorPass.EndBeforeStart" or "VisitorPass.EndInThePast" or "VisitorPass.WindowTooLong" => "to",
        "VisitorPass.OwnerCannotPay" => "payer",
        "VisitorPass.EntriesUnknown" => "entries",
        _ => "from",
    };

    private static PlateNumber? ReadPlate(JsonRequest body, bool anyPlate)
    {
        var text = body.String("plate", required: !anyPlate);
        if (text is null || body.HasError("plate"))
        {
            return null;
        }

        if (anyPlate)
        {
            body.AddError("plate", DomainError.Of("VisitorPass.PlateAndAnyPlate"));
            return null;
        }

        if (PlateNumber.TryParse(text, out var plate, out var error))
        {
            return plate;
        }

        body.AddError("plate", error);
        return null;
    }

    private static DateTime? ReadLocal(JsonRequest body, string field, LotClock clock)
    {
        var text = body.String(field, required: true);
        if (text is null || body.HasError(field))
        {
            return null;
        }

        if (LotTimeParser.TryParseInstant(text, clock, out var utc) && utc > DateTime.MinValue && utc < DateTime.MaxValue)
        {
            return clock.ToLocal(utc);
        }

        body.AddError(field, DomainError.Of("VisitorPass.TimeInvalid"));
        return null;
    }

    private static T? ReadEnum<T>(JsonRequest body, string field, string code, T fallback) where T : struct, Enum
    {
        var text = body.String(field, required: false);
        if (text is null)
        {
            return body.HasError(field) ? null : fallback;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        body.AddError(field, DomainError.Of(code));
        return null;
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>The page a guest opens from the owner's link or QR.</summary>
    public static string Link(string baseUrl, string code) => $"{baseUrl}/guest/{code}";

    private static Dictionary<string, object?> Pass(VisitorPassRow pass, string baseUrl) => new()
    {
        ["id"] = pass.Id,
        ["plate"] = pass.Plate,
        ["any_plate"] = pass.AnyPlate,
        ["from"] = LotTimeParser.Iso(pass.FromLocal),
        ["to"] = LotTimeParser.Iso(pass.ToLocal),
        ["entries"] = pass.Entries.ToString().ToLowerInvariant(),
        ["payer"] = pass.Payer.ToString().ToLowerInvariant(),
        ["state"] = pass.State.ToString().ToLowerInvariant(),
        ["times_entered"] = pass.TimesEntered,
        ["code"] = pass.Code,
        ["link"] = Link(baseUrl, pass.Code),
        ["created"] = LotTimeParser.Iso(pass.CreatedLocal),
    };

    private static Dictionary<string, object?> Limits(VisitorPassLimits limits) => new()
    {
        ["passes_per_month"] = limits.PassesPerMonth,
        ["longest_hours"] = limits.LongestHours,
        ["owner_pays_per_month"] = limits.OwnerPaysPerMonth,
    };
}
