using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace SmartParking.Web.Common;

/// <summary>
/// What escaped an endpoint. On the API: a request the framework could not bind (a query value of the wrong type, a
/// missing parameter, a body of the wrong media type) answers its own 4xx naming the parameter; anything else a 500
/// without internals. Both are problem+json with the trace id. Pages fall through to /error.
/// </summary>
public sealed partial class UnexpectedErrorHandler(ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // By now the middleware has pointed the request at /error; the path the caller asked for is kept in the feature.
        var path = OriginalPath(context);
        if (exception is BadHttpRequestException badRequest)
        {
            logger.LogInformation("Bad request on {Path}: {Message}", path, badRequest.Message);
            if (!path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = badRequest.StatusCode;
                return false;
            }

            context.Response.StatusCode = badRequest.StatusCode;
            await Unbindable(badRequest).ToProblem().ExecuteAsync(context);
            return true;
        }

        logger.LogError(exception, "Unhandled error on {Method} {Path} (trace {TraceId})", context.Request.Method, path.Value, context.TraceIdentifier);
        if (!path.StartsWithSegments("/api"))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await ApiFailure.Of("Server.Unexpected").ToProblem().ExecuteAsync(context);
        return true;
    }

    public static PathString OriginalPath(HttpContext context) =>
        context.Features.Get<IExceptionHandlerPathFeature>()?.Path is { Length: > 0 } original ? new PathString(original) : context.Request.Path;

    private static ApiFailure Unbindable(BadHttpRequestException exception)
    {
        switch (exception.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return ApiFailure.Of("Api.RequestTooLarge");
            case StatusCodes.Status415UnsupportedMediaType:
                return ApiFailure.Of("Api.MediaTypeUnsupported", "application/json");
        }

        // The framework names the parameter in its (English) message: `Failed to bind parameter "int? days" from "abc".`
        var parameter = ParameterName().Match(exception.Message) is { Success: true } match ? match.Groups["name"].Value : "request";
        return ApiFailure.Invalid(new Dictionary<string, string[]> { [parameter] = [ErrorText.Get("Api.ParameterUnreadable", parameter)] });
    }

    [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex ParameterName();
}
