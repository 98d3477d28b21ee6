using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Notices;

public sealed record NoticeCount(NoticeChannel Channel, NoticeStatus Status, int Count);

public sealed record FailedNotice(Guid Id, NoticeChannel Channel, string Template, int Attempts, string? LastError, DateTime CreatedLocal);

/// <summary>What the admin sees of notices on their way out: how many are where, which failed and why, and a resend.</summary>
public sealed class NoticeOutbox(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public async Task<IReadOnlyList<NoticeCount>> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Notices.AsNoTracking()
                .GroupBy(n => new { n.Channel, n.Status })
                .Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => new NoticeCount(g.Channel, g.Status, g.Count))
            .OrderBy(c => c.Channel).ThenBy(c => c.Status)
            .ToList();
    }

    public async Task<IReadOnlyList<FailedNotice>> FailedAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var failed = await db.Notices.AsNoTracking()
            .Where(n => n.Status == NoticeStatus.Failed)
            .OrderByDescending(n => n.CreatedUtc)
            .Take(take)
            .ToListAsync(cancellationToken);
        return failed.Select(n => new FailedNotice(n.Id, n.Channel, n.Template, n.Attempts, n.LastError, clock.ToLocal(n.CreatedUtc))).ToList();
    }

    public async Task RetryAsync(Guid noticeId, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notice = await db.Notices.SingleAsync(n => n.Id == noticeId, cancellationToken);
        var before = $"{notice.Status} after {notice.Attempts}: {notice.LastError}";
        notice.Retry(clock.UtcNow);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "RetryNotice", $"Notice {notice.Id} {notice.Channel} {notice.Template}", before, "Pending"));
        await db.SaveChangesAsync(cancellationToken);
    }
}
