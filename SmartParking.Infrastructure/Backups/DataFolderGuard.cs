using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmartParking.Infrastructure.Backups;

/// <summary>
/// While the app runs it holds a shared lock on <c>&lt;data&gt;/app.lock</c>, which a restore must take exclusively: a
/// database is never swapped under a running app (instances sharing the folder share the lock). At start it also makes
/// the folder, the database files and the key ring owner-only, and says so when the key ring lies unencrypted in Production.
/// </summary>
internal sealed class DataFolderGuard(StoragePlaces places, IHostEnvironment environment, ILogger<DataFolderGuard> logger) : IHostedService
{
    public const string LockFileName = "app.lock";

    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(places.DataPath, LockFileName);
        if (!File.Exists(path))
        {
            using (File.Create(path)) { }
        }

        _lock = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        try
        {
            OwnerOnly.CreateFolder(places.DataPath);
            foreach (var file in DatabaseFiles.Of(places))
            {
                OwnerOnly.File(file);
            }

            OwnerOnly.FolderAndFiles(places.KeysPath);
            OwnerOnly.File(path);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            logger.LogWarning(e, "Could not make the data folder {Path} readable by the app's user only", places.DataPath);
        }

        if (environment.IsProduction() && places.CertificatePath is not { Length: > 0 })
        {
            logger.LogWarning(
                "The data-protection key ring in {Keys} is not encrypted at rest: anyone who reads it with a copy of the database can read ID and " +
                "mobile numbers. Set DataProtection__CertificatePath and DataProtection__CertificatePassword to a PFX certificate to encrypt it.",
                places.KeysPath);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _lock?.Dispose();
        _lock = null;
        return Task.CompletedTask;
    }
}

/// <summary>The files of the SQLite database: the file itself and its write-ahead log and shared-memory index.</summary>
internal static class DatabaseFiles
{
    public static IEnumerable<string> Of(StoragePlaces places) =>
        places.DatabaseFile is { } file ? [file, file + "-wal", file + "-shm", file + "-journal"] : [];
}
