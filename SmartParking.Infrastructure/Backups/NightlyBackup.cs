using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Backups;

/// <summary>The nightly generation: database and key ring, the oldest beyond Backups:Keep deleted.</summary>
public sealed class NightlyBackup(DatabaseBackups backups) : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var generation = await backups.TakeAsync(cancellationToken);
        var manifest = generation.Manifest;
        return $"备份 {generation.Name}：数据库 {manifest.DatabaseBytes / 1024} KB，{manifest.KeyFiles} 个密钥，{manifest.Seconds} 秒 / " +
               $"backup {generation.Name}: database {manifest.DatabaseBytes / 1024} KB, {manifest.KeyFiles} keys, {manifest.Seconds} s";
    }
}
