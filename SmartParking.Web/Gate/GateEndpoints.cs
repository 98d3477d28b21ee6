using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Reports;
using SmartParking.Web.Billing;
using SmartParking.Web.Common;
using SmartParking.Web.Payments;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Gate;

/// <summary>
/// The gate's API under one group: the legacy entry and exit of seed 000 (keys and shapes exactly as the existing
/// front end reads them), the lane cameras, and what a guard does to a stay by hand.
/// </summary>
public static class GateEndpoints
{
    public static IEndpointRouteBuilder MapGateEndpoints(this IEndpointRouteBuilder app)
    {
        var gate = app.MapGroup("/api").WithTags("Gate").RequireLot().RequireLotSetUp();
        var cameras = gate.MapGroup("").RequireAuthorization(Policies.Camera);
        var booth = gate.MapGroup("").RequireAuthorization(Policies.Booth);

        cameras.MapPost("/entry", EnterAsync)
            .WithSummary("A car at the entry: decide, record the stay, answer the income of the last hour, day and month")
            .OnlyAtItsLane(LaneDirection.Entry)
            .Accepts<EntryBody>("application/json");
        cameras.MapPost("/exit", ExitAsync)
            .WithSummary("A car at the exit: close its stay with the fee of the rule it entered under")
            .OnlyAtItsLane(LaneDirection.Exit)
            .Accepts<ExitBody>("application/json");
        booth.MapGet("/lot/vehicles", LotVehiclesAsync)
            .WithSummary("Cars inside now, with their entry time (HH:mm) and the current time");

        LaneEndpoints.Map(cameras, booth);
        StayEndpoints.Map(booth, gate.MapGroup("").RequireAuthorization(Policies.Finance));
        return app;
    }

    /// <summary>Request of POST /api/entry (documentation only; the body is read by <see cref="JsonRequest"/>).</summary>
    public sealed record EntryBody(string id, string? start_time, string? vehicle_type, string? plate_color);

    /// <summary>Request of POST /api/exit; <c>start_time</c> here is the exit time, <c>end_time</c> is accepted too.</summary>
    public sealed record ExitBody(string id, string? start_time, string? end_time);

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> EnterAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, GateKeeper gate, IncomeLedger ledger, LotClock clock, PlausibleTimes plausible, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var plate = ReadPlate(body, "id");
        var atUtc = ReadTime(body, clock, plausible, lot, "start_time");
        VehicleType? vehicleType = null;
        var typeText = body.String("vehicle_type", required: false);
        if (typeText is not null)
        {
            if (lot.Lot.TryFindVehicleType(typeText, out var parsed))
            {
                vehicleType = parsed;
            }
            else
            {
                body.AddError("vehicle_type", ErrorText.Get("Gate.VehicleTypeUnknown"));
            }
        }

        PlateColour? colour = null;
        if (body.String("plate_color", required: false) is { } colourText)
        {
            if (PlateColours.TryParse(colourText, out var parsedColour))
            {
                colour = parsedColour;
            }
            else
            {
                body.AddError("plate_color", ErrorText.Get("Gate.PlateColourUnknown"));
            }
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var outcome = await gate.EnterAsync(new EntryRequest(lot.Id, plate!, atUtc, vehicleType, Source(caller), PlateColour: colour), cancellationToken);
        var decision = Decision(outcome.Decision);
        if (outcome.Failure is { } failure)
        {
            // The front end reads the decision (and the stay already inside) beside the problem.
            if (outcome.Status == EntryStatus.AlreadyInside)
            {
                decision["session"] = Session(outcome.Session!, clock);
            }

            return new ApiFailure(failure) { Extensions = decision }.ToProblem();
        }

        var income = await ledger.RollingAsync(lot.Id, atUtc, cancellationToken);
        var stay = outcome.Session!;
        var response = new Dictionary<string, object?>
        {
            ["BOHI"] = income.LastHour,
            ["BODI"] = income.LastDay,
            ["BOMI"] = income.LastMonth,
        };
        foreach (var (key, value) in decision)
        {
            response[key] = value;
        }

        response["id"] = stay.Plate.Value;
        response["start_time"] = LotTimeParser.Iso(clock.ToLocal(stay.EntryUtc));
        response["vehicle_type"] = VehicleTypes.Name(stay.VehicleType);
        response["session_id"] = stay.Id;
        response["pass"] = stay.PassId is not null;
        response["event_id"] = outcome.EventId;
        response["repeated"] = outcome.Status == EntryStatus.Repeated;
        return TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ExitAsync(
        HttpRequest request, ClaimsPrincipal caller, RequestLot lot, GateKeeper gate, LaneCameras cameras, LotClock clock, PlausibleTimes plausible, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var plate = ReadPlate(body, "id");
        // The seed sends the exit time as start_time; end_time is the clearer name and wins when both are there.
        var timeField = body.Has("end_time") ? "end_time" : "start_time";
        var atUtc = ReadTime(body, clock, plausible, lot, timeField);
        // The exit lane, when the caller names it: the barrier there waits for the fee and opens when it is paid.
        var lane = body.String("lane", required: false);
        if (lane is not null && !(await cameras.LanesAsync(lot.Id, cancellationToken)).Any(l => l.Code == lane && l.Direction == LaneDirection.Exit))
        {
            body.AddError("lane", ErrorText.Get("Lane.NotFound", lane));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        var outcome = await gate.ExitAsync(new ExitRequest(lot.Id, plate!, atUtc, Source(caller), null, lane), cancellationToken);
        var failure = outcome.Status switch
        {
            ExitStatus.NotInside => ApiFailure.Of("Gate.NoOpenStay", plate!.Value).About("id"),
            ExitStatus.BeforeEntry => ApiFailure.Of("Gate.ExitBeforeEntryAt", LotTimeParser.Iso(clock.ToLocal(outcome.Session!.EntryUtc))).About(timeField),
            ExitStatus.Held => new ApiFailure(outcome.Decision!.Reason, timeField),
            _ => null,
        };
        if (failure is not null)
        {
            var beside = new Dictionary<string, object?> { ["success"] = false };
            if (outcome.Status == ExitStatus.Held)
            {
                // The camera reads the barrier's answer; the booth finds the stay by its id.
                foreach (var (key, value) in Decision(outcome.Decision!))
                {
                    beside[key] = value;
                }

                beside["session_id"] = outcome.Session!.Id;
            }

            return (failure with { Extensions = beside }).ToProblem();
        }

        var stay = outcome.Session!;
        var response = new Dictionary<string, object?>(Decision(outcome.Decision!))
        {
            ["cost"] = stay.Fee,
            ["success"] = true,
            ["id"] = stay.Plate.Value,
            ["start_time"] = LotTimeParser.Iso(clock.ToLocal(stay.EntryUtc)),
            ["end_time"] = LotTimeParser.Iso(clock.ToLocal(stay.ExitUtc!.Value)),
            ["minutes"] = (int)((stay.ExitUtc.Value - stay.EntryUtc).Ticks / TimeSpan.TicksPerMinute),
            ["customer"] = Customer(stay.CustomerClass),
            ["vehicle_type"] = VehicleTypes.Name(stay.VehicleType),
            ["payment"] = stay.Payment switch
            {
                PaymentState.Unpaid => "unpaid",
                PaymentState.DeductedFromBalance => "balance",
                PaymentState.Paid => "paid",
                _ => "none",
            },
            ["balance"] = outcome.OwnerBalance,
            ["breakdown"] = outcome.Quote is { } quote ? Passes.PassCoverText.Breakdown(text, quote).ToArray() : null,
            ["pass"] = stay.PassId is not null,
            ["exempt"] = stay.Exemption,
            ["session_id"] = stay.Id,
            ["event_id"] = outcome.EventId,
            ["repeated"] = outcome.Status == ExitStatus.Repeated,
        };
        PayLinks.AddTo(response, request, lot.Lot, stay);
        return TypedResults.Ok(response);
    }

    private static async Task<Ok<Dictionary<string, object>>> LotVehiclesAsync(RequestLot lot, IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inside = await db.ParkingSessions.AsNoTracking()
            .Where(ParkingSession.IsOpen).Where(s => s.LotId == lot.Id)
            .OrderBy(s => s.EntryUtc)
            .Select(s => new { s.Plate, s.EntryUtc, s.CustomerClass, s.State })
            .ToListAsync(cancellationToken);
        var now = LotTimeParser.HourMinute(clock.LocalNow);
        var response = new Dictionary<string, object>();
        foreach (var stay in inside)
        {
            var entered = clock.ToLocal(stay.EntryUtc);
            response[stay.Plate.Value] = new Dictionary<string, object>
            {
                ["start_time"] = LotTimeParser.HourMinute(entered),
                ["end_time"] = now,
                ["entered_at"] = LotTimeParser.Iso(entered),
                ["customer"] = Customer(stay.CustomerClass),
                ["awaiting_registration"] = stay.State == SessionState.AwaitingRegistration,
            };
        }

        return TypedResults.Ok(response);
    }

    private static PlateNumber? ReadPlate(JsonRequest body, string field)
    {
        var text = body.String(field, required: true);
        if (text is null)
        {
            return null;
        }

        if (PlateNumber.TryParse(text, out var plate, out var reason))
        {
            return plate;
        }

        body.AddError(field, reason);
        return null;
    }

    private static DateTime ReadTime(JsonRequest body, LotClock clock, PlausibleTimes plausible, RequestLot lot, string field)
    {
        var text = body.String(field, required: false);
        if (text is null)
        {
            return clock.UtcNow;
        }

        if (LotTimeParser.TryParseInstant(text, clock, out var utc))
        {
            if (plausible.Check(lot.Lot, utc) is { } implausible)
            {
                body.AddError(field, implausible);
            }

            return utc;
        }

        body.AddError(field, ErrorText.Get("Api.TimeUnreadable", text));
        return default;
    }

    internal static Dictionary<string, object?> Decision(GateDecision decision) => new()
    {
        ["gate"] = decision.Verdict switch
        {
            GateVerdict.Open => "open",
            GateVerdict.Hold => "hold",
            _ => "deny",
        },
        ["reason"] = ErrorText.Describe(decision.Reason),
        ["customer"] = Customer(decision.CustomerClass),
    };

    private static Dictionary<string, object?> Session(ParkingSession stay, LotClock clock) => new()
    {
        ["session_id"] = stay.Id,
        ["id"] = stay.Plate.Value,
        ["start_time"] = LotTimeParser.Iso(clock.ToLocal(stay.EntryUtc)),
        ["customer"] = Customer(stay.CustomerClass),
    };

    internal static string Customer(CustomerClass customer) => customer == CustomerClass.Owner ? "owner" : "visitor";

    internal static string Source(ClaimsPrincipal caller) => caller.Identity?.Name ?? "unknown";
}
