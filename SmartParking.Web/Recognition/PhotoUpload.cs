using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

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
            return (null, BadRequest(ErrorText.Get("Photo.NotMultipart")));
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
            return (null, BadRequest(ErrorText.Get("Photo.MalformedMultipart")));
        }

        var file = form.Files.GetFile(Field);
        if (file is null)
        {
            return (null, BadRequest(ErrorText.Get("Photo.Missing")));
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

    public static ProblemHttpResult BadRequest(string message) =>
        Problem(StatusCodes.Status400BadRequest, ErrorText.Get("Photo.Invalid"), message);

    public static ProblemHttpResult TooLarge(string? reason = null) =>
        Problem(StatusCodes.Status413PayloadTooLarge, ErrorText.Get("Photo.TooLarge"), reason ?? ErrorText.Get("Photo.LargerThan", MaxImageBytes / 1024 / 1024));

    private static ProblemHttpResult Problem(int status, string title, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [Field] = [message] })
        {
            Status = status,
            Title = title,
        });
}
