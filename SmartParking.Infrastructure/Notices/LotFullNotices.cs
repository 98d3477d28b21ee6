using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

/// <summary>Section "Notices".</summary>
public sealed class NoticeSettings
{
    /// <summary>An owner hears "lot full" at most once in this many minutes, however many visitors are turned away.</summary>
    public int LotFullMinutes { get; set; } = 60;
}

/// <summary>Queues the "lot full" notice to every owner who has not had one recently.</summary>
public sealed class LotFullNotices(IOptions<NoticeSettings> settings)
{
    public async Task<int> QueueAsync(ParkingDbContext db, DateTime nowUtc, int capacity, CancellationToken cancellationToken)
    {
        var since = nowUtc.AddMinutes(-settings.Value.LotFullMinutes);
        var recentlyTold = db.Notices.Where(n => n.Template == NoticeTemplates.LotFull && n.CreatedUtc > since).Select(n => n.OwnerId);
        var owners = await db.Owners.Where(o => !recentlyTold.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        var parameters = JsonSerializer.Serialize(new { capacity });
        foreach (var owner in owners)
        {
            db.Notices.Add(Notice.Queue(owner, NoticeChannel.Inbox, NoticeTemplates.LotFull, parameters, nowUtc));
        }

        return owners.Count;
    }
}
