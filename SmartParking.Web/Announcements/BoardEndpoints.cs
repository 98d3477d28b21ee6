using SmartParking.Infrastructure.Announcements;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;
using SmartParking.Web.Lots;

namespace SmartParking.Web.Announcements;

/// <summary>What the lobby display polls: free spaces and the announcements shown now. Anonymous by design.</summary>
public static class BoardEndpoints
{
    public static IEndpointRouteBuilder MapBoardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/board", async (RequestLot lot, LotStatus status, AnnouncementBoard board, BaySensors bays, LotClock clock, CancellationToken cancellationToken) =>
            {
                var occupancy = await status.OccupancyAsync(lot.Id, cancellationToken);
                var sensed = await bays.CountAsync(lot.Id, cancellationToken);
                var items = await board.ShownNowAsync(lot.Id, cancellationToken);
                return TypedResults.Ok(new
                {
                    lot = lot.Lot.Name,
                    code = lot.Lot.Code,
                    capacity = occupancy.Capacity,
                    inside = occupancy.Inside,
                    free = occupancy.Free,
                    bay_sensors = sensed is null ? null : new { free = sensed.Free, total = sensed.Total, stale = sensed.Stale },
                    now = LotTimeParser.Iso(clock.LocalNow),
                    announcements = items.Select(i => new { id = i.Id, kind = i.Kind.ToString(), title = i.Title, html = i.Html, pinned = i.Pinned }),
                });
            })
            .AllowAnonymous()
            .RequireLot()
            .WithTags("Announcements")
            .WithSummary("The lobby board: free spaces, what the bay sensors see (null without sensors) and the announcements shown now");
        return app;
    }
}
