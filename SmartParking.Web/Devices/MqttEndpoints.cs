using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Devices;

/// <summary>
/// The admin checks the app's link to the MQTT broker (up or down, since when, what went wrong last) and what the lot's
/// bay sensors report.
/// </summary>
public static class MqttEndpoints
{
    public sealed record MqttStatusResponse(bool enabled, bool connected, string? broker, string? client_id, string? since, string? last_error, string? last_error_at, string? next_attempt);

    public static IEndpointRouteBuilder MapMqttEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/mqtt", (MqttLink link, LotClock clock) => TypedResults.Ok(Describe(link.State, clock)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Camera devices")
            .WithSummary("The link to the MQTT broker: enabled (Mqtt:Host set), connected, since when (lot-local), the last error and the next attempt");
        app.MapGet("/api/admin/bays", async (RequestLot lot, BaySensors bays, LotClock clock, CancellationToken cancellationToken) =>
            {
                var now = clock.UtcNow;
                var all = await bays.OfLotAsync(lot.Id, cancellationToken);
                return TypedResults.Ok(new BaysResponse(
                    all.Count(b => !b.Occupied && b.IsFresh(now)),
                    all.Count,
                    all.Count(b => !b.IsFresh(now)),
                    all.Select(b => new BayResponse(b.BayCode, b.Occupied ? "occupied" : "free", b.IsFresh(now),
                        LotTimeParser.Iso(clock.ToLocal(b.StateAtUtc)), LotTimeParser.Iso(clock.ToLocal(b.HeardUtc)))).ToArray()));
            })
            .RequireAuthorization(Policies.Admin)
            .RequireLot()
            .WithTags("Camera devices")
            .WithSummary("The lot's bay sensors: free (heard in the last 10 minutes and free) of total, stale ones, and each bay's state, its time and when last heard (lot-local)");
        return app;
    }

    public sealed record BayResponse(string bay, string state, bool fresh, string state_at, string last_heard);

    public sealed record BaysResponse(int free, int total, int stale, BayResponse[] bays);

    public static MqttStatusResponse Describe(MqttLinkState state, LotClock clock) => new(
        state.Enabled,
        state.Connected,
        state.Enabled ? state.Broker : null,
        state.Enabled ? state.ClientId : null,
        Local(state.SinceUtc, clock),
        state.LastError,
        Local(state.LastErrorUtc, clock),
        Local(state.NextAttemptUtc, clock));

    private static string? Local(DateTime? utc, LotClock clock) => utc is { } at ? LotTimeParser.Iso(clock.ToLocal(at)) : null;
}
