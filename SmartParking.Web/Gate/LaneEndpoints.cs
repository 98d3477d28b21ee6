using System.Security.Claims;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;
using SmartParking.Web.Recognition;

namespace SmartParking.Web.Gate;

/// <summary>
/// One call per car for a lane camera (seed 000 lets recognition and entry/exit be combined): the photo in, the gate
/// decision, the stay and the stored snapshot out.
/// </summary>
public static class LaneEndpoints
{
    public static IEndpointRouteBuilder MapLaneEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/lanes/{lane}/capture", CaptureAsync)
            .RequireAuthorization(Policies.Camera)
            .DisableAntiforgery()
            .WithTags("Gate")
            .WithSummary("A lane camera's photo (multipart field 'image'): recognise, then enter or exit by the lane's direction; a doubtful read waits for a guard (202)")
            .Produces<Dictionary<string, object?>>()
            .Produces<Dictionary<string, object?>>(StatusCodes.Status202Accepted);

        app.MapGet("/api/captures/{id:guid}/photo", PhotoAsync)
            .RequireAuthorization(Policies.Booth)
            .WithTags("Gate")
            .WithSummary("The stored photo of a lane capture (until the retention job removes it)");
        return app;
    }

    private static async Task<IResult> CaptureAsync(
        string lane, HttpRequest request, ClaimsPrincipal caller, LaneCameras cameras, LotClock clock, CancellationToken cancellationToken)
    {
        var (photo, problem) = await PhotoUpload.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await cameras.CaptureAsync(lane, photo!, GateEndpoints.Source(caller), cancellationToken);
        switch (outcome.Status)
        {
            case CaptureStatus.UnknownLane:
                return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
                {
                    ["lane"] = [ErrorText.Get("Gate.NoSuchLane", lane)],
                })
                {
                    Status = StatusCodes.Status404NotFound,
                    Title = ErrorText.Get("Gate.UnknownLane"),
                });
            case CaptureStatus.Rejected:
                return outcome.Recognition!.Status switch
                {
                    Domain.Recognition.RecognitionStatus.NotAnImage => PhotoUpload.BadRequest(outcome.Recognition.Reason ?? ErrorText.Get("Photo.NotAnImage")),
                    Domain.Recognition.RecognitionStatus.TooLarge => PhotoUpload.TooLarge(outcome.Recognition.Reason),
                    _ => TypedResults.Problem(outcome.Recognition.Reason, statusCode: StatusCodes.Status503ServiceUnavailable, title: ErrorText.Get("Recognition.Unavailable")),
                };
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
        return outcome.Status == CaptureStatus.NeedsGuard ? TypedResults.Accepted((string?)null, response) : TypedResults.Ok(response);
    }

    private static async Task<IResult> PhotoAsync(Guid id, LaneCameras cameras, SnapshotStore snapshots, CancellationToken cancellationToken)
    {
        var capture = await cameras.FindAsync(id, cancellationToken);
        var photo = capture?.PhotoPath is { } path ? snapshots.Open(path) : null;
        return photo is null
            ? TypedResults.Problem(ErrorText.Get("Gate.PhotoGone"), statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Stream(photo, capture!.PhotoType);
    }
}
