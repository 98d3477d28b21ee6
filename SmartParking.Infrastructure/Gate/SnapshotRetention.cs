using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// Deletes camera photos older than Snapshots:KeepDays. The capture rows stay (what was read, what was decided); only
/// the photo goes, which is what the privacy rule is about.
/// </summary>
public sealed class SnapshotRetention(IDbContextFactory<ParkingDbContext> dbFactory, SnapshotStore snapshots, LotClock clock, IOptions<SnapshotSettings> settings)
    : IScheduledWork
{
    private const int Batch = 500;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.UtcNow.AddDays(-settings.Value.KeepDays);
        var deleted = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var old = await db.LaneCaptures.Where(c => c.TakenUtc < cutoff && c.PhotoPath != null).OrderBy(c => c.TakenUtc).Take(Batch).ToListAsync(cancellationToken);
            if (old.Count == 0)
            {
                break;
            }

            foreach (var capture in old)
            {
                snapshots.Delete(capture.PhotoPath!);
                capture.ForgetPhoto();
            }

            await db.SaveChangesAsync(cancellationToken);
            deleted += old.Count;
        }

        snapshots.PruneEmptyFolders();
        return $"删除 {deleted} 张超过 {settings.Value.KeepDays} 天的抓拍 / deleted {deleted} photos older than {settings.Value.KeepDays} days";
    }
}
