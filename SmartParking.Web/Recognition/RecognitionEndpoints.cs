using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using SmartParking.Domain.Recognition;
using SmartParking.Web.Common;

namespace SmartParking.Web.Recognition;

/// <summary>POST /api/recognize (seed 000 §1–2): a camera photo in, the plate with its confidence out.</summary>
public static class RecognitionEndpoints
{
    public const int MaxImageBytes = 10 * 1024 * 1024;
    private const string Field = "image";

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
        app.MapPost("/api/recognize", RecognizeAsync)
            .RequireAuthorization(Policies.Camera)
            .DisableAntiforgery()
            .WithTags("Recognition")
            .WithSummary("Read the licence plate in a JPEG or PNG photo (multipart field 'image', at most 10 MB)");
        return app;
    }

    private static async Task<Results<Ok<RecognizeResponse>, UnprocessableEntity<RecognizeResponse>, ValidationProblem, ProblemHttpResult>> RecognizeAsync(
        HttpRequest request,
        IPlateRecognizer recognizer,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxImageBytes + 64 * 1024)
        {
            return TooLarge();
        }

        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return JsonRequest.Problem(Field, "需要 multipart/form-data，字段 image / multipart/form-data with a field 'image' is required");
        }

        IFormCollection form;
        try
        {
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
            {
                MultipartBodyLengthLimit = MaxImageBytes + 64 * 1024,
                ValueCountLimit = 16,
            }));
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return JsonRequest.Problem(Field, "multipart 请求格式错误 / malformed multipart body");
        }

        var file = form.Files.GetFile(Field);
        if (file is null)
        {
            return JsonRequest.Problem(Field, "缺少图片字段 image / the field 'image' is required");
        }

        if (file.Length > MaxImageBytes)
        {
            return TooLarge();
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        var result = await recognizer.RecognizeAsync(bytes, cancellationToken);
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
            case RecognitionStatus.NotAnImage:
                return JsonRequest.Problem(Field, result.Reason ?? "不是图片 / not an image");
            case RecognitionStatus.TooLarge:
                return TooLarge(result.Reason);
            default:
                return TypedResults.Problem(result.Reason, statusCode: StatusCodes.Status503ServiceUnavailable, title: "识别不可用 / recognition unavailable");
        }
    }

    private static string? ColorName(PlateColor color) => color == PlateColor.Unknown ? null : color.ToString().ToLowerInvariant();

    private static ProblemHttpResult TooLarge(string? reason = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [Field] = [reason ?? $"图片超过 {MaxImageBytes / 1024 / 1024} MB / the image is larger than {MaxImageBytes / 1024 / 1024} MB"],
        })
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "图片过大 / image too large",
        });
}
