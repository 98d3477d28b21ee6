using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;
using SmartParking.Web.Payments;
using SmartParking.Web.Recognition;

namespace SmartParking.Web.Gate;

/// <summary>
/// One call per car for a lane camera (seed 000 lets recognition and entry/exit be combined): the photo in, the gate
/// decision, the stay and the stored snapshot out.
/// </summary>
public static class LaneEndpoints
{
    internal static void Map(RouteGroupBuilder cameras, RouteGroupBuilder booth)
    {
        cameras.MapPost("/lanes/{lane}/capture", CaptureAsync)
            .DisableAntiforgery()
            .OnlyAtItsLane()
            .WithSummary("A lane camera's photo (multipart field 'image'): recognise, then enter or exit by the lane's direction; a doubtful read waits for a guard (202)");
        cameras.MapGet("/lanes/{lane}/barrier", async (string lane, RequestLot lot, LaneBarrier barrier, ClaimsPrincipal caller, CancellationToken cancellationToken) =>
                TypedResults.Ok(new Dictionary<string, object?>
                {
                    ["lane"] = lane,
                    ["command"] = await barrier.TakeOpenAsync(lot.Id, lane, GateEndpoints.Source(caller), cancellationToken) ? "open" : "none",
                }))
            .OnlyAtItsLane()
            .WithSummary("A barrier controller's poll: 'open' once after the fee of the car waiting at this exit was paid, or a guard opened by hand (each command is handed out once, and goes stale after 2 minutes)");
        booth.MapPost("/lanes/{lane}/open", OpenByHandAsync)
            .WithSummary("A guard lifts the lane's barrier by hand ({\"reason\"} required, audited): 202 with the command; the lane's device collects it on its next heartbeat, poll or push")
            .Accepts<OpenBody>("application/json");
        booth.MapGet("/barrier-commands/{id:guid}", CommandAsync)
            .WithSummary("Whether the lane's device took an open command: waiting, opened (with when and which device) or no_answer (none took it within 3 s)");
        booth.MapGet("/captures/{id:guid}/photo", PhotoAsync)
            .WithSummary("The stored photo of a lane capture (until the retention job removes it)");
    }

    /// <summary>Request of POST /api/lanes/{lane}/open (documentation only; the body is read by <see cref="JsonRequest"/>).</summary>
    public sealed record OpenBody(string reason);

    public sealed record BarrierCommandResponse(Guid id, string lane, string cause, string actor, string? reason, string issued_at, string state, string? answered_at, string? answered_by);

    private static async Task<Results<Accepted<BarrierCommandResponse>, ProblemHttpResult>> OpenByHandAsync(
        string lane, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, LaneCameras lanes, GateKeeper gate, LotClock clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var reason = body.String("reason", required: true)?.Trim();
        if (reason is { Length: > StayEndpoints.MaxReasonLength })
        {
            body.AddError("reason", ErrorText.Get("Stay.ReasonTooLong", StayEndpoints.MaxReasonLength));
        }

        if (!body.IsValid)
        {
            return body.ToProblem();
        }

        if ((await lanes.LanesAsync(lot.Id, cancellationToken)).FirstOrDefault(l => l.Code == lane.Trim().ToLowerInvariant() && l.Enabled) is not { } known)
        {
            return ApiFailure.Of("Lane.NotFound", lane).About("lane").ToProblem();
        }

        var command = await gate.OpenByHandAsync(lot.Id, known.Code, GateEndpoints.Source(caller), reason!, cancellationToken);
        return TypedResults.Accepted($"/api/barrier-commands/{command.Id}", Describe(command, clock));
    }

    private static async Task<Results<Ok<BarrierCommandResponse>, ProblemHttpResult>> CommandAsync(Guid id, RequestLot lot, BoothLog log, LotClock clock, CancellationToken cancellationToken) =>
        await log.BarrierCommandAsync(lot.Id, id, cancellationToken) is { } command
            ? TypedResults.Ok(Describe(command, clock))
            : ApiFailure.Of("Barrier.CommandNotFound").About("id").ToProblem();

    private static BarrierCommandResponse Describe(BarrierCommand command, LotClock clock) => new(
        command.Id,
        command.LaneCode,
        command.Cause switch { BarrierCause.Hand => "hand", BarrierCause.Paid => "paid", _ => "let_out_unpaid" },
        command.Actor,
        command.Reason,
        LotTimeParser.Iso(clock.ToLocal(command.IssuedUtc)),
        command.AnswerAt(clock.UtcNow) switch { BarrierAnswer.Opened => "opened", BarrierAnswer.NoAnswer => "no_answer", _ => "waiting" },
        command.AnsweredUtc is { } answered ? LotTimeParser.Iso(clock.ToLocal(answered)) : null,
        command.AnsweredBy);

    private static async Task<Results<Ok<Dictionary<string, object?>>, Accepted<Dictionary<string, object?>>, ProblemHttpResult>> CaptureAsync(
        string lane, HttpRequest request, ClaimsPrincipal caller, RequestLot lot, LaneCameras cameras, LotClock clock, CancellationToken cancellationToken)
    {
        var (photo, problem) = await PhotoUpload.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await cameras.CaptureAsync(lot.Id, lane, photo!, GateEndpoints.Source(caller), cancellationToken);
        switch (outcome.Status)
        {
            case CaptureStatus.UnknownLane when caller.IsInRole(Infrastructure.People.Roles.Device) && await cameras.IsLaneOfAnotherLotAsync(lot.Id, lane, cancellationToken):
                // The camera's key belongs to another lot than the barrier it names: the key is wrong, not the lane.
                return ApiFailure.Of("Device.KeyOfAnotherLot", lane).ToProblem();
            case CaptureStatus.UnknownLane:
                return ApiFailure.Of("Lane.NotFound", lane).About("lane").ToProblem();
            case CaptureStatus.Rejected:
                return PhotoUpload.Rejected(outcome.Recognition!.Status);
        }

        var capture = outcome.Capture!;
        var response = GateEndpoints.Decision(outcome.Decision!);
        response["lane"] = outcome.Lane!.Code;
        response["direction"] = outcome.Lane.Direction == LaneDirection.Entry ? "entry" : "exit";
        response["id"] = capture.ReadPlate;
        response["confidence"] = Math.Round(capture.Confidence, 4);
        response["needs_guard"] = outcome.Status == CaptureStatus.NeedsGuard;
        response["guesses"] = capture.Suggestions.Select(s => new { id = s.Plate, score = Math.Round(s.Score, 3) }).ToArray();
        response["snapshot"] = new
        {
            id = capture.Id,
            url = $"/api/captures/{capture.Id}/photo",
            taken_at = LotTimeParser.Iso(clock.ToLocal(capture.TakenUtc)),
        };
        response["session"] = outcome.Session is { } stay
            ? new
            {
                session_id = stay.Id,
                id = stay.Plate.Value,
                start_time = LotTimeParser.Iso(clock.ToLocal(stay.EntryUtc)),
                end_time = stay.ExitUtc is { } exit ? LotTimeParser.Iso(clock.ToLocal(exit)) : null,
                state = stay.State.ToString(),
            }
            : null;
        response["cost"] = outcome.Fee;
        PayLinks.AddTo(response, request, lot.Lot, outcome.Session);
        return outcome.Status == CaptureStatus.NeedsGuard ? TypedResults.Accepted((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PhotoAsync(Guid id, RequestLot lot, LaneCameras cameras, SnapshotStore snapshots, CancellationToken cancellationToken)
    {
        var capture = await cameras.FindAsync(lot.Id, id, cancellationToken);
        var photo = capture?.PhotoPath is { } path ? snapshots.Open(path) : null;
        return photo is null
            ? ApiFailure.Of("Capture.PhotoGone").ToProblem()
            : TypedResults.Stream(photo, capture!.PhotoType);
    }
}
