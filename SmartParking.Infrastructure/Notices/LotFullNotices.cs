using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Lots;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

/// <summary>Queues the "lot full" notice to every owner of the lot who has not had one recently.</summary>
public sealed class LotFullNotices(IOptions<NoticeSettings> settings, NoticeDesk desk)
{
    public async Task<int> QueueAsync(ParkingDbContext db, Lot lot, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var since = nowUtc.AddMinutes(-settings.Value.LotFullMinutes);
        var recentlyTold = db.Notices.Where(n => n.Template == NoticeTemplates.LotFull && n.CreatedUtc > since).Select(n => n.OwnerId);
        var owners = await db.Owners.Where(o => o.LotId == lot.Id && !recentlyTold.Contains(o.Id)).ToListAsync(cancellationToken);
        foreach (var owner in owners)
        {
            desk.ToOwner(db, owner, NoticeTemplates.LotFull, new { capacity = lot.Capacity, lot = lot.Name }, nowUtc);
        }

        return owners.Count;
    }
}
