using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SmartParking.Web.Common;

/// <summary>
/// Writes every problem on <c>/api</c> as application/problem+json, whatever the caller's Accept header says, with a
/// title in the request's language and the trace id a support call can quote. The framework's writer would fall back to
/// plain text for a client that accepts only HTML.
/// </summary>
public sealed class ApiProblemWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => UnexpectedErrorHandler.OriginalPath(context.HttpContext).StartsWithSegments("/api");

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ApiProblems.TitleOf(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        http.Response.ContentType = ContentType;
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(), json.Value.SerializerOptions, http.RequestAborted));
    }

    /// <summary>
    /// A status the API answered without a body (no such route, wrong method, not signed in, no right, too many
    /// requests): the problem says which, as the endpoints' own problems do.
    /// </summary>
    public static Task WriteStatusAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var failure = http.Response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => ApiFailure.Of("Api.SignInRequired"),
            StatusCodes.Status403Forbidden => ApiFailure.Of("Api.NotAllowed"),
            StatusCodes.Status404NotFound => ApiFailure.Of("Api.RouteNotFound", http.Request.Path.Value ?? ""),
            StatusCodes.Status405MethodNotAllowed => ApiFailure.Of("Api.MethodNotAllowed", http.Request.Method),
            StatusCodes.Status413PayloadTooLarge => ApiFailure.Of("Api.RequestTooLarge"),
            StatusCodes.Status415UnsupportedMediaType => ApiFailure.Of("Api.MediaTypeUnsupported", "application/json"),
            StatusCodes.Status429TooManyRequests => ApiFailure.Of("Api.TooManyRequests"),
            _ => ApiFailure.Of("Api.RequestFailed", http.Response.StatusCode),
        };
        var status = http.Response.StatusCode;
        return failure.ToProblem(status).ExecuteAsync(http);
    }
}
