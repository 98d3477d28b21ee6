using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

/// <summary>
/// The recurring overstay check: a car inside longer than its class's thresholds gets one warning per threshold —
/// the owner in the inbox (and SMS/WeChat when chosen), a registered visitor by SMS.
/// </summary>
public sealed class OverstayWarnings(IDbContextFactory<ParkingDbContext> dbFactory, NoticeDesk desk, LotClock clock, IOptions<NoticeSettings> settings)
    : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var owner = settings.Value.OverstayOwnerHours;
        var visitor = settings.Value.OverstayVisitorHours;
        var shortest = owner.Concat(visitor).Where(h => h > 0).DefaultIfEmpty(int.MaxValue / 2).Min();
        var since = now.AddHours(-shortest);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(ParkingSession.IsOpen).Where(s => s.EntryUtc <= since)
            .Select(s => new { s.Id, s.LotId, s.Plate, s.EntryUtc, s.CustomerClass, s.OwnerId })
            .ToListAsync(cancellationToken);
        var ids = stays.Select(s => s.Id).ToList();
        var warned = (await db.OverstayWarnings.AsNoTracking().Where(w => ids.Contains(w.SessionId)).Select(w => new { w.SessionId, w.ThresholdHours }).ToListAsync(cancellationToken))
            .ToLookup(w => w.SessionId, w => w.ThresholdHours);

        var sent = 0;
        foreach (var stay in stays)
        {
            var thresholds = stay.CustomerClass == CustomerClass.Owner ? owner : visitor;
            var due = OverstayWarning.Due(stay.EntryUtc, now, thresholds, warned[stay.Id].ToList());
            if (due.Count == 0)
            {
                continue;
            }

            foreach (var hours in due)
            {
                db.OverstayWarnings.Add(OverstayWarning.Record(stay.Id, hours, now));
            }

            var parameters = new
            {
                plate = stay.Plate.Value,
                since = clock.ToLocal(stay.EntryUtc).ToString("yyyy-MM-dd HH:mm"),
                hours = due[^1],
            };
            if (stay.OwnerId is { } ownerId)
            {
                await desk.ToOwnerAsync(db, ownerId, NoticeTemplates.Overstay, parameters, now, cancellationToken);
            }
            else if (await NoticeDesk.VisitorOfAsync(db, stay.LotId, stay.Plate, stay.EntryUtc, cancellationToken) is var visitorId && visitorId != Guid.Empty)
            {
                desk.ToVisitor(db, stay.LotId, visitorId, NoticeTemplates.Overstay, parameters, now);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                sent++;
            }
            catch (DbUpdateException)
            {
                // Another instance warned about this stay first (unique stay + threshold): its warning stands.
                db.ChangeTracker.Clear();
            }
        }

        return $"{stays.Count} 辆超过最短阈值，发出 {sent} 条超时提醒 / {stays.Count} over the shortest threshold, {sent} warnings";
    }
}
