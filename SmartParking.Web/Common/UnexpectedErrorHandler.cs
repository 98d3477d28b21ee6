using Microsoft.AspNetCore.Diagnostics;

namespace SmartParking.Web.Common;

/// <summary>An unexpected failure on the API becomes a problem body without internals; pages fall through to /error.</summary>
public sealed class UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Title = ErrorText.Get("Problem.500"),
                Detail = ErrorText.Get("Server.Unexpected"),
                Status = StatusCodes.Status500InternalServerError,
                Extensions = { ["traceId"] = context.TraceIdentifier, ["code"] = "Server.Unexpected" },
            },
        });
    }
}
