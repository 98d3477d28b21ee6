using System.Security.Claims;
using SmartParking.Domain.Gate;
using SmartParking.Web.Common;

namespace SmartParking.Web.Gate;

/// <summary>
/// A key issued for one lane works only there (decision 034): at another lane's capture route, or at the entry route
/// with an exit lane's key (and the other way round), the camera is told which lane its key is for. Logins and keys of
/// the whole lot pass.
/// </summary>
public static class CameraLanes
{
    public static TBuilder OnlyAtItsLane<TBuilder>(this TBuilder builder, LaneDirection? direction = null) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var refusal = Refusal(context.HttpContext, direction);
            return refusal is null ? await next(context) : refusal.ToProblem();
        });

    private static ApiFailure? Refusal(HttpContext http, LaneDirection? direction)
    {
        var keyLane = http.User.FindFirstValue(DeviceKeyAuthentication.LaneClaim);
        if (keyLane is null)
        {
            return null;
        }

        if (http.Request.RouteValues.TryGetValue("lane", out var routeLane) && routeLane is string lane)
        {
            return string.Equals(lane.Trim(), keyLane, StringComparison.OrdinalIgnoreCase)
                ? null
                : ApiFailure.Of("Device.KeyOfAnotherLane", keyLane, lane).About(DeviceKeyAuthentication.Header);
        }

        var keyDirection = http.User.FindFirstValue(DeviceKeyAuthentication.LaneDirectionClaim);
        return direction is null || string.Equals(keyDirection, direction.ToString(), StringComparison.Ordinal)
            ? null
            : ApiFailure.Of("Device.KeyOfAnotherLane", keyLane, http.Request.Path.Value ?? "").About(DeviceKeyAuthentication.Header);
    }
}
