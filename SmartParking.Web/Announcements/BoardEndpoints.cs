using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.Announcements;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Web.Common;

namespace SmartParking.Web.Announcements;

/// <summary>What the lobby display polls: free spaces and the announcements shown now. Anonymous by design.</summary>
public static class BoardEndpoints
{
    public static IEndpointRouteBuilder MapBoardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/board", async (LotStatus lot, AnnouncementBoard board, LotClock clock, IOptions<LotSettings> settings, CancellationToken cancellationToken) =>
            {
                var occupancy = await lot.OccupancyAsync(cancellationToken);
                var items = await board.ShownNowAsync(cancellationToken);
                return TypedResults.Ok(new
                {
                    lot = settings.Value.Name,
                    capacity = occupancy.Capacity,
                    inside = occupancy.Inside,
                    free = occupancy.Free,
                    now = LotTimeParser.Iso(clock.LocalNow),
                    announcements = items.Select(i => new { id = i.Id, kind = i.Kind.ToString(), title = i.Title, html = i.Html, pinned = i.Pinned }),
                });
            })
            .AllowAnonymous()
            .WithTags("Announcements")
            .WithSummary("The lobby board: free spaces and the announcements shown now");
        return app;
    }
}
