using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SmartParking.Web.Common;

/// <summary>Per-address limits on what anonymous callers can hammer: login (the form and the token API) and the visitor form.</summary>
public static class RateLimits
{
    public const string Login = nameof(Login);
    public const string Visitor = nameof(Visitor);

    private static readonly string[] LoginForms = ["/account/login", "/account/login/two-factor"];

    public static void Add(RateLimiterOptions options, IConfiguration configuration)
    {
        var loginPerMinute = configuration.GetValue("RateLimits:LoginPerMinute", 30);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Login, context => PerAddress(context, "login", loginPerMinute));
        var visitorsPerMinute = configuration.GetValue("RateLimits:VisitorPerMinute", 30);
        options.AddPolicy(Visitor, context => PerAddress(context, "visitor", visitorsPerMinute));

        // The login form is a page, not a route with a policy: its posts get the same allowance per address as the token API.
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            HttpMethods.IsPost(context.Request.Method) && LoginForms.Any(form => context.Request.Path.Equals(form, StringComparison.OrdinalIgnoreCase))
                ? PerAddress(context, "login", loginPerMinute)
                : RateLimitPartition.GetNoLimiter(""));
        options.OnRejected = (rejected, _) =>
        {
            var context = rejected.HttpContext;
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                // A person at the form reads how long to wait instead of a bare status page.
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = "/account/login?wait=" + seconds.ToString(CultureInfo.InvariantCulture);
            }

            return ValueTask.CompletedTask;
        };
    }

    private static RateLimitPartition<string> PerAddress(HttpContext context, string kind, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            kind + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
