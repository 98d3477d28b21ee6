using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Domain.Recognition;
using SmartParking.Web.Common;

namespace SmartParking.Web.Recognition;

/// <summary>
/// The camera photo of a multipart request (field <c>image</c>, JPEG or PNG, at most 10 MB): read once, with a 400
/// or 413 problem naming the field for everything else.
/// </summary>
public static class PhotoUpload
{
    public const int MaxImageBytes = 10 * 1024 * 1024;
    public const string Field = "image";
    private const int MultipartOverhead = 64 * 1024;

    public static async Task<(byte[]? Photo, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxImageBytes + MultipartOverhead)
        {
            return (null, TooLarge());
        }

        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Refused("Photo.NotMultipart"));
        }

        IFormCollection form;
        try
        {
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
            {
                MultipartBodyLengthLimit = MaxImageBytes + MultipartOverhead,
                ValueCountLimit = 16,
            }));
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge());
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return (null, Refused("Photo.MalformedMultipart"));
        }

        var file = form.Files.GetFile(Field);
        if (file is null)
        {
            return (null, Refused("Photo.Missing"));
        }

        if (file.Length > MaxImageBytes)
        {
            return (null, TooLarge());
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        return (bytes, null);
    }

    /// <summary>The recognizer turned the photo down: not an image, too large, or recognition is down.</summary>
    public static ProblemHttpResult Rejected(RecognitionStatus status) => status switch
    {
        RecognitionStatus.NotAnImage => Refused("Photo.NotAnImage"),
        RecognitionStatus.TooLarge => TooLarge(),
        _ => ApiFailure.Of("Recognition.Unavailable").ToProblem(),
    };

    private static ProblemHttpResult TooLarge() => ApiFailure.Of("Photo.TooLarge", MaxImageBytes / 1024 / 1024).About(Field).ToProblem();

    private static ProblemHttpResult Refused(string code) => ApiFailure.Of(code).About(Field).ToProblem();
}
