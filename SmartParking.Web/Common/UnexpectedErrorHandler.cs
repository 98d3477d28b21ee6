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
                Title = "服务器内部错误 / internal error",
                Detail = "请求未完成，没有写入任何数据。请稍后重试。 / The request did not complete and nothing was written.",
                Status = StatusCodes.Status500InternalServerError,
                Extensions = { ["traceId"] = context.TraceIdentifier },
            },
        });
    }
}
