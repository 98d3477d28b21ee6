using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace SmartParking.Web.Common;

/// <summary>Per-address limits on what anonymous callers can hammer: login and the visitor form.</summary>
public static class RateLimits
{
    public const string Login = nameof(Login);
    public const string Visitor = nameof(Visitor);

    public static void Add(RateLimiterOptions options, IConfiguration configuration)
    {
        var loginPerMinute = configuration.GetValue("RateLimits:LoginPerMinute", 30);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Login, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = loginPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        var visitorsPerMinute = configuration.GetValue("RateLimits:VisitorPerMinute", 30);
        options.AddPolicy(Visitor, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = visitorsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }
}
