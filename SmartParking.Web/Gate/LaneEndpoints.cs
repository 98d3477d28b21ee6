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
        cameras.MapGet("/lanes/{lane}/barrier", (string lane, RequestLot lot, LaneBarrier barrier) =>
                TypedResults.Ok(new Dictionary<string, object?> { ["lane"] = lane, ["command"] = barrier.TakeOpen(lot.Id, lane) ? "open" : "none" }))
            .OnlyAtItsLane()
            .WithSummary("A barrier controller's poll: 'open' once after the fee of the car waiting at this exit was paid, or a guard opened by hand (each command is handed out once, and goes stale after 2 minutes)");
        booth.MapGet("/captures/{id:guid}/photo", PhotoAsync)
            .WithSummary("The stored photo of a lane capture (until the retention job removes it)");
    }

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
