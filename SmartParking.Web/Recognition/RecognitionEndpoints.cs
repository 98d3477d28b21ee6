using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;

namespace SmartParking.Web.Recognition;

/// <summary>POST /api/recognize (seed 000 §1–2): a camera photo in, the plate with its confidence out.</summary>
public static class RecognitionEndpoints
{
    // Keys are the seed's ("id", "confidence") plus colour, box, per-character confidences and guesses.
    public sealed record RecognizeResponse(
        string? id,
        double confidence,
        string? color,
        int[]? box,
        double[]? characters,
        GuessResponse[]? guesses,
        double elapsed_ms,
        string? reason = null);

    public sealed record GuessResponse(string id, double confidence);

    public static IEndpointRouteBuilder MapRecognitionEndpoints(this IEndpointRouteBuilder app)
    {
        var recognition = app.MapGroup("/api").WithTags("Recognition").RequireAuthorization(Policies.Camera);
        recognition.MapPost("/recognize", RecognizeAsync)
            .DisableAntiforgery()
            .WithSummary("Read the licence plate in a JPEG or PNG photo (multipart field 'image', at most 10 MB)");
        return app;
    }

    private static async Task<Results<Ok<RecognizeResponse>, UnprocessableEntity<RecognizeResponse>, ProblemHttpResult>> RecognizeAsync(
        HttpRequest request,
        IPlateRecognizer recognizer,
        CancellationToken cancellationToken)
    {
        var (bytes, problem) = await PhotoUpload.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // The caller's lot, when there is one, says which province a blurred first character most likely is.
        var local = (await Lots.LotScoping.ResolveAsync(request.HttpContext)).Lot?.LocalProvinces ?? "";
        var result = await recognizer.RecognizeAsync(bytes!, local, cancellationToken);
        var elapsed = Math.Round(result.Elapsed.TotalMilliseconds, 1);
        switch (result.Status)
        {
            case RecognitionStatus.Read:
                var plate = result.Plate!;
                return TypedResults.Ok(new RecognizeResponse(
                    plate.Plate.Value,
                    Math.Round(plate.Confidence, 4),
                    ColorName(plate.Color),
                    [plate.Box.X, plate.Box.Y, plate.Box.Width, plate.Box.Height],
                    plate.CharacterConfidences.Select(c => Math.Round(c, 4)).ToArray(),
                    plate.TopGuesses.Select(g => new GuessResponse(g.Text, Math.Round(g.Confidence, 4))).ToArray(),
                    elapsed));
            case RecognitionStatus.NoPlate:
                return TypedResults.UnprocessableEntity(new RecognizeResponse(null, 0, null, null, null, null, elapsed, result.Reason));
            default:
                return PhotoUpload.Rejected(result.Status);
        }
    }

    private static string? ColorName(PlateColor color) => color == PlateColor.Unknown ? null : color.ToString().ToLowerInvariant();
}
