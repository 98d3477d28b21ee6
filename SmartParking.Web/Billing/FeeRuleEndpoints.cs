using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Billing;
using SmartParking.Infrastructure.Common;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Billing;

/// <summary>Fee rules for integrators: the rules in force, and a first rule or a new version of one (admins).</summary>
public static class FeeRuleEndpoints
{
    public sealed record SegmentBody(string start, string end, decimal unitFee);

    /// <summary>Request of POST /api/admin/fee-rules (documentation only; the body is read by <see cref="JsonRequest"/>).</summary>
    public sealed record FeeRuleBody(
        string vehicleType, string customerClass, int freeMinutes, int unitMinutes, decimal unitFee, decimal dailyCap,
        bool deductFreeMinutes, decimal? perVisitCap, SegmentBody[]? segments, int basedOnVersion, string reason,
        string? holidayPricing, decimal? holidayUnitFee, bool? weekendsAreHolidays);

    public sealed record FeeRuleResponse(
        Guid id, string vehicleType, string customerClass, int version, int freeMinutes, int unitMinutes, decimal unitFee,
        decimal dailyCap, bool deductFreeMinutes, decimal? perVisitCap, SegmentBody[] segments, string since,
        string holidayPricing, decimal? holidayUnitFee, bool weekendsAreHolidays);

    public static IEndpointRouteBuilder MapFeeRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/admin/fee-rules").WithTags("Fee rules").RequireAuthorization(Policies.Admin).RequireLot();
        rules.MapGet("", InForceAsync)
            .WithSummary("The rules in force: the newest version of each vehicle type × customer class");
        rules.MapPost("", PublishAsync)
            .WithSummary("The first rule of a kind (basedOnVersion 0) or its next version (basedOnVersion = the version in force); every rule change is audited with its reason")
            .Accepts<FeeRuleBody>("application/json");
        return app;
    }

    private static async Task<Ok<FeeRuleResponse[]>> InForceAsync(RequestLot lot, FeeRuleVersions versions, LotClock clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(RulesInForce.Of(await versions.AllAsync(lot.Id, cancellationToken)).Select(r => Describe(r, clock)).ToArray());

    private static async Task<Results<Created<FeeRuleResponse>, ProblemHttpResult>> PublishAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, FeeRuleVersions versions, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var typeText = body.String("vehicleType", required: true);
        var classText = body.String("customerClass", required: true);
        var freeMinutes = body.Int("freeMinutes", required: true);
        var unitMinutes = body.Int("unitMinutes", required: true);
        var unitFee = body.Decimal("unitFee", required: true);
        var dailyCap = body.Decimal("dailyCap", required: true);
        var deduct = body.Bool("deductFreeMinutes") ?? false;
        var perVisitCap = body.Decimal("perVisitCap", required: false);
        var basedOn = body.Int("basedOnVersion", required: false) ?? 0;
        var reason = body.String("reason", required: true);
        var segments = ReadSegments(body);
        var holidayText = body.String("holidayPricing", required: false);
        var holidayUnitFee = body.Decimal("holidayUnitFee", required: false);
        var weekends = body.Bool("weekendsAreHolidays") ?? false;
        var holidayPricing = HolidayPricing.Same;
        if (holidayText is not null && !(Enum.TryParse(holidayText.Trim().Replace("_", ""), ignoreCase: true, out holidayPricing)
            && Enum.IsDefined(holidayPricing) && !char.IsDigit(holidayText.Trim()[0])))
        {
            body.AddError("holidayPricing", DomainError.Of("FeeRule.HolidayPricingUnknown"));
        }

        var vehicleType = default(VehicleType);
        var customerClass = default(CustomerClass);
        if (typeText is not null && !lot.Lot.TryFindVehicleType(typeText, out vehicleType))
        {
            body.AddError("vehicleType", DomainError.Of("FeeRule.VehicleTypeUnknown"));
        }

        if (classText is not null && !TryParseCustomer(classText, out customerClass))
        {
            body.AddError("customerClass", DomainError.Of("FeeRule.CustomerClassUnknown"));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var draft = new FeeRuleDraft(vehicleType, customerClass, freeMinutes!.Value, unitMinutes!.Value, unitFee!.Value, dailyCap!.Value, deduct, perVisitCap, segments,
            new HolidayRate(holidayPricing, holidayUnitFee, weekends));
        try
        {
            var published = await versions.PublishAsync(lot.Id, draft, basedOn, caller.Identity?.Name ?? "admin", reason!, cancellationToken);
            return TypedResults.Created($"/api/admin/fee-rules/{published.Rule.Id}", Describe(published.Rule, clock));
        }
        catch (DomainException ex)
        {
            return ApiFailure.From(ex).About(FieldOf(ex.Error)).ToProblem();
        }
    }

    private static List<TimeSegment> ReadSegments(JsonRequest body)
    {
        var segments = new List<TimeSegment>();
        foreach (var (item, index) in (body.Objects("segments") ?? []).Select((item, index) => (item, index)))
        {
            var start = item.String("start", required: true);
            var end = item.String("end", required: true);
            var fee = item.Decimal("unitFee", required: true);
            if (start is not null && !TryTime(start, out _))
            {
                item.AddError("start", DomainError.Of("FeeRule.SegmentTime"));
            }

            if (end is not null && !TryTime(end, out _))
            {
                item.AddError("end", DomainError.Of("FeeRule.SegmentTime"));
            }

            if (!item.IsValid)
            {
                body.TakeErrorsOf(item, $"segments[{index}]");
                continue;
            }

            TryTime(start!, out var from);
            TryTime(end!, out var to);
            segments.Add(new TimeSegment(from, to, fee!.Value));
        }

        return segments;
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    // The booth and the legacy API speak Chinese; integrators often send the English names.
    private static bool TryParseCustomer(string text, out CustomerClass customerClass)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "visitor" or "访客":
                customerClass = CustomerClass.Visitor;
                return true;
            case "owner" or "业主":
                customerClass = CustomerClass.Owner;
                return true;
            default:
                customerClass = default;
                return false;
        }
    }

    private static string FieldOf(DomainError error) => error.Code switch
    {
        "FeeRule.FreeMinutesNegative" or "FeeRule.FreeMinutesOverADay" => "freeMinutes",
        "FeeRule.UnitUnderAMinute" => "unitMinutes",
        "FeeRule.ChangeReasonRequired" => "reason",
        "FeeRule.SegmentEmpty" or "FeeRule.SegmentsOverlap" => "segments",
        "FeeRule.HolidayUnitFeeMissing" => "holidayUnitFee",
        "FeeRule.AmountNegative" or "FeeRule.AmountBeyondCents" when error.Arguments is [DomainError amount, ..] => amount.Code switch
        {
            "FeeRule.UnitFee" => "unitFee",
            "FeeRule.DailyCap" => "dailyCap",
            "FeeRule.PerVisitCap" => "perVisitCap",
            "FeeRule.HolidayUnitFee" => "holidayUnitFee",
            _ => "segments",
        },
        _ => "basedOnVersion",
    };

    private static FeeRuleResponse Describe(FeeRule rule, LotClock clock) => new(
        rule.Id, VehicleTypes.Name(rule.VehicleType), rule.CustomerClass.ToString().ToLowerInvariant(), rule.Version,
        rule.FreeMinutes, rule.UnitMinutes, rule.UnitFee, rule.DailyCap, rule.DeductFreeMinutes, rule.PerVisitCap,
        [.. rule.Segments.Select(s => new SegmentBody(s.Start.ToString("HH\\:mm", CultureInfo.InvariantCulture), s.End.ToString("HH\\:mm", CultureInfo.InvariantCulture), s.UnitFee))],
        LotTimeParser.Iso(clock.ToLocal(rule.CreatedUtc)),
        Wire(rule.HolidayPricing), rule.HolidayUnitFee, rule.WeekendsAreHolidays);

    private static string Wire(HolidayPricing pricing) => pricing switch
    {
        HolidayPricing.OwnUnitFee => "own_unit_fee",
        HolidayPricing.Free => "free",
        _ => "same",
    };
}
