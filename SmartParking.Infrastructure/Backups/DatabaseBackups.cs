using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Backups;

/// <summary>What a generation folder holds, written last (a folder without it is not a backup).</summary>
public sealed record BackupManifest(
    DateTime TakenUtc,
    DatabaseProvider Provider,
    string Database,
    long DatabaseBytes,
    string? DatabaseSha256,
    int KeyFiles,
    string KeyCheckPlain,
    string KeyCheckProtected,
    double Seconds)
{
    public const string FileName = "backup.json";
    public const string KeysFolder = "keys";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>One kept backup as the admin page lists it.</summary>
public sealed record BackupGeneration(string Name, string Path, BackupManifest Manifest);

/// <summary>
/// Takes a consistent snapshot of the live database (SQLite's online backup API, which copies every page inside one read
/// transaction while the gate goes on writing; SQL Server's own BACKUP DATABASE) together with the key ring that decrypts
/// its ID and mobile numbers, into a generation folder, and keeps the newest <see cref="StoragePlaces.Keep"/> of them.
/// </summary>
public sealed class DatabaseBackups(
    StoragePlaces places, PersonalDataProtector personalData, IDbContextFactory<ParkingDbContext> dbFactory, TimeProvider time, ILogger<DatabaseBackups> logger)
{
    public const string SqliteFileName = "smartparking.db";
    private const string Partial = ".partial";

    // The nightly job and an admin's click may meet; one snapshot at a time in this process is plenty.
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<BackupGeneration> TakeAsync(CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Take(cancellationToken), cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>A backup an admin asked for: taken the same way, and written to the lot's audit log.</summary>
    public async Task<BackupGeneration> TakeAsync(string actor, Guid lotId, CancellationToken cancellationToken = default)
    {
        var generation = await TakeAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var manifest = generation.Manifest;
        db.AuditEntries.Add(AuditEntry.Record(time.GetUtcNow().UtcDateTime, actor, "TakeBackup", $"Backup {generation.Name}", null,
            $"{manifest.Database} {manifest.DatabaseBytes} bytes | {manifest.KeyFiles} keys | {manifest.Seconds} s", lotId: lotId, plate: ""));
        await db.SaveChangesAsync(cancellationToken);
        return generation;
    }

    public IReadOnlyList<BackupGeneration> List()
    {
        if (!Directory.Exists(places.BackupsPath))
        {
            return [];
        }

        var kept = new List<BackupGeneration>();
        foreach (var folder in Directory.EnumerateDirectories(places.BackupsPath).Where(f => !Path.GetFileName(f).StartsWith('.')))
        {
            if (Read(folder) is { } manifest)
            {
                kept.Add(new BackupGeneration(Path.GetFileName(folder), folder, manifest));
            }
        }

        return kept.OrderByDescending(g => g.Manifest.TakenUtc).ThenByDescending(g => g.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The manifest of a generation folder, or null when there is none or it cannot be read.</summary>
    public static BackupManifest? Read(string folder)
    {
        try
        {
            var file = Path.Combine(folder, BackupManifest.FileName);
            return File.Exists(file) ? JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(file), BackupManifest.Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private BackupGeneration Take(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var taken = time.GetUtcNow().UtcDateTime;
        OwnerOnly.CreateFolder(places.BackupsPath);
        var name = taken.ToString("yyyyMMdd'-'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        for (var n = 2; Directory.Exists(Path.Combine(places.BackupsPath, name)); n++)
        {
            name = $"{name.Split('_')[0]}_{n}";
        }

        var partial = Path.Combine(places.BackupsPath, "." + name + Partial);
        OwnerOnly.CreateFolder(partial);
        try
        {
            // Protected before the keys are copied, so the key that protected it is in the copy.
            var plain = $"SmartParking backup {name}";
            var protectedCheck = personalData.Protect(plain);

            var (database, bytes, sha) = places.Provider == DatabaseProvider.SqlServer
                ? BackUpSqlServer(name, cancellationToken)
                : BackUpSqlite(partial);

            var keys = OwnerOnly.CreateFolder(Path.Combine(partial, BackupManifest.KeysFolder)).FullName;
            var keyFiles = 0;
            foreach (var key in Directory.Exists(places.KeysPath) ? Directory.EnumerateFiles(places.KeysPath, "*.xml") : [])
            {
                File.Copy(key, Path.Combine(keys, Path.GetFileName(key)));
                keyFiles++;
            }

            OwnerOnly.FolderAndFiles(keys);
            var manifest = new BackupManifest(taken, places.Provider, database, bytes, sha, keyFiles, plain, protectedCheck, Math.Round(watch.Elapsed.TotalSeconds, 2));
            var manifestFile = Path.Combine(partial, BackupManifest.FileName);
            File.WriteAllText(manifestFile, JsonSerializer.Serialize(manifest, BackupManifest.Json));
            OwnerOnly.File(manifestFile);

            var final = Path.Combine(places.BackupsPath, name);
            Directory.Move(partial, final);
            Prune();
            logger.LogInformation("Backup {Name} taken: {Bytes} bytes of database and {Keys} key files in {Seconds:0.00} s", name, bytes, keyFiles, watch.Elapsed.TotalSeconds);
            return new BackupGeneration(name, final, manifest);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    private (string Database, long Bytes, string Sha256) BackUpSqlite(string folder)
    {
        var target = Path.Combine(folder, SqliteFileName);
        var source = new SqliteConnectionStringBuilder(places.ConnectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString();
        using (var live = new SqliteConnection(source))
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            live.Open();
            copy.Open();
            live.BackupDatabase(copy);
            // One self-contained file: the copy needs no WAL beside it to be read or restored.
            Execute(copy, "PRAGMA journal_mode=DELETE;");
            if (IntegrityOf(copy) is not "ok" and var problem)
            {
                throw new InvalidOperationException($"The snapshot of the database failed its integrity check: {problem}");
            }
        }

        OwnerOnly.File(target);
        return (SqliteFileName, new FileInfo(target).Length, Sha256Of(target));
    }

    // SQL Server writes the file itself, on its own disk: the app asks for a copy-only backup (the DBA's own backup chain
    // is left alone) with page checksums, and has the server verify it before the generation counts.
    private (string Database, long Bytes, string? Sha256) BackUpSqlServer(string name, CancellationToken cancellationToken)
    {
        if (places.SqlServerBackupPath is not { Length: > 0 } folder)
        {
            throw new InvalidOperationException("Backups:SqlServerPath is not set: the folder, as the SQL Server sees it, where it writes the .bak file.");
        }

        var file = $"{folder.TrimEnd('/', '\\')}/smartparking-{name}.bak";
        using var connection = new SqlConnection(places.ConnectionString);
        connection.Open();
        using (var backup = new SqlCommand("DECLARE @db sysname = DB_NAME(); BACKUP DATABASE @db TO DISK = @file WITH COPY_ONLY, CHECKSUM, INIT;", connection) { CommandTimeout = 3600 })
        {
            backup.Parameters.AddWithValue("@file", file);
            backup.ExecuteNonQuery();
        }

        using (var verify = new SqlCommand("RESTORE VERIFYONLY FROM DISK = @file WITH CHECKSUM;", connection) { CommandTimeout = 3600 })
        {
            verify.Parameters.AddWithValue("@file", file);
            verify.ExecuteNonQuery();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (file, 0, null);
    }

    private void Prune()
    {
        foreach (var old in List().Skip(Math.Max(1, places.Keep)))
        {
            TryDelete(old.Path);
        }

        // A snapshot interrupted by a crash leaves its partial folder behind.
        foreach (var stale in Directory.EnumerateDirectories(places.BackupsPath, "." + "*" + Partial)
                     .Where(f => Directory.GetCreationTimeUtc(f) < time.GetUtcNow().UtcDateTime.AddDays(-1)))
        {
            TryDelete(stale);
        }
    }

    private void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not delete the backup folder {Folder}", folder);
        }
    }

    internal static string IntegrityOf(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read() && lines.Count < 5)
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }

    internal static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
