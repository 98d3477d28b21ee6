using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Backups;

/// <summary>What a restore did, or why it refused.</summary>
public sealed record RestoreOutcome(bool Restored, IReadOnlyList<string> Problems, string? ReplacedPath)
{
    public static RestoreOutcome Refused(params IEnumerable<string> problems) => new(false, problems.ToList(), null);
}

/// <summary>
/// Puts a backup generation back as the installation's database and key ring — only once the copy is whole (SQLite's
/// integrity check and the recorded checksum) and its own key ring reads what it protected (the manifest's check value
/// and a stored ID or mobile number), and only with the app stopped. What it replaces is moved aside, never deleted.
/// </summary>
public sealed class BackupRestore(StoragePlaces places)
{
    public const string ReplacedPrefix = "replaced-";

    /// <summary>A generation by path, by name in the backups folder, or "latest".</summary>
    public string Locate(string generation)
    {
        if (generation == "latest" && Directory.Exists(places.BackupsPath))
        {
            return Directory.EnumerateDirectories(places.BackupsPath)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && File.Exists(Path.Combine(f, BackupManifest.FileName)))
                .OrderByDescending(f => DatabaseBackups.Read(f)?.TakenUtc)
                .FirstOrDefault() ?? generation;
        }

        return Directory.Exists(generation) ? Path.GetFullPath(generation) : Path.Combine(places.BackupsPath, generation);
    }

    /// <summary>Everything wrong with the generation; empty when it can be restored.</summary>
    public IReadOnlyList<string> Check(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [$"No backup at {folder}."];
        }

        if (DatabaseBackups.Read(folder) is not { } manifest)
        {
            return [$"{folder} has no readable {BackupManifest.FileName}: it is not a finished backup."];
        }

        if (manifest.Provider != DatabaseProvider.Sqlite || places.Provider != DatabaseProvider.Sqlite)
        {
            return ["A SQL Server backup is restored by the SQL Server itself (RESTORE DATABASE … FROM DISK, see the README), and its keys folder copied to DataProtection:KeysPath."];
        }

        var problems = new List<string>();
        var database = Path.Combine(folder, manifest.Database);
        var databaseReadable = File.Exists(database);
        if (!databaseReadable)
        {
            problems.Add($"The database file {manifest.Database} is missing from the backup.");
        }
        else
        {
            var integrity = Integrity(database);
            if (integrity != "ok")
            {
                databaseReadable = false;
                problems.Add($"The database in the backup is damaged (PRAGMA integrity_check: {integrity}).");
            }

            if (manifest.DatabaseSha256 is { } sha && DatabaseBackups.Sha256Of(database) != sha)
            {
                problems.Add("The database file changed since the backup was taken (its SHA-256 differs from the manifest's).");
            }
        }

        var keys = Path.Combine(folder, BackupManifest.KeysFolder);
        if (!Directory.Exists(keys) || !Directory.EnumerateFiles(keys, "*.xml").Any())
        {
            problems.Add("The backup holds no data-protection keys (keys/*.xml): without them its ID and mobile numbers cannot be read.");
            return problems;
        }

        var protector = new PersonalDataProtector(KeyRing(keys));
        if (!Reads(protector, manifest.KeyCheckProtected, manifest.KeyCheckPlain))
        {
            problems.Add("The backup's keys cannot read the value protected when it was taken (wrong or incomplete key ring, or the certificate that encrypts it is not configured).");
        }
        else if (databaseReadable && UnreadablePersonalData(database, protector) is { } column)
        {
            problems.Add($"The backup's keys cannot read the stored {column}: the key ring does not belong to this database.");
        }

        return problems;
    }

    /// <summary>Checks the generation, then swaps it in for the current database and key ring, which are moved aside.</summary>
    public RestoreOutcome Restore(string generation)
    {
        var folder = Locate(generation);
        var problems = Check(folder);
        if (problems.Count > 0)
        {
            return RestoreOutcome.Refused(problems);
        }

        var manifest = DatabaseBackups.Read(folder)!;
        OwnerOnly.CreateFolder(places.DataPath);
        FileStream running;
        try
        {
            running = new FileStream(Path.Combine(places.DataPath, DataFolderGuard.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return RestoreOutcome.Refused($"The app is running on {places.DataPath}: stop every instance first (e.g. systemctl stop smartparking), then restore.");
        }

        using (running)
        {
            var aside = Path.Combine(places.DataPath, $"{ReplacedPrefix}{DateTime.UtcNow:yyyyMMdd'-'HHmmss'Z'}");
            OwnerOnly.CreateFolder(aside);
            foreach (var file in DatabaseFiles.Of(places).Where(File.Exists))
            {
                File.Move(file, Path.Combine(aside, Path.GetFileName(file)));
            }

            if (Directory.Exists(places.KeysPath))
            {
                Directory.Move(places.KeysPath, Path.Combine(aside, BackupManifest.KeysFolder));
            }

            var target = places.DatabaseFile!;
            File.Copy(Path.Combine(folder, manifest.Database), target + ".restoring");
            File.Move(target + ".restoring", target);
            OwnerOnly.File(target);
            InWalMode(target);
            OwnerOnly.CreateFolder(places.KeysPath);
            foreach (var key in Directory.EnumerateFiles(Path.Combine(folder, BackupManifest.KeysFolder), "*.xml"))
            {
                File.Copy(key, Path.Combine(places.KeysPath, Path.GetFileName(key)));
            }

            OwnerOnly.FolderAndFiles(places.KeysPath);
            return new RestoreOutcome(true, [], aside);
        }
    }

    // The copy is kept in rollback-journal mode (one file); the app expects WAL and first opens the file read-only, where
    // it could not switch.
    private static void InWalMode(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    // The backup's own ring, never extended: a check must not write a fresh key into the backup (or pass with one).
    private IDataProtectionProvider KeyRing(string keys) =>
        DataProtectionProvider.Create(new DirectoryInfo(keys), builder =>
        {
            builder.SetApplicationName("SmartParking").DisableAutomaticKeyGeneration();
            if (places.LoadCertificate() is { } certificate)
            {
                builder.ProtectKeysWithCertificate(certificate);
            }
        });

    private static bool Reads(PersonalDataProtector protector, string stored, string expected)
    {
        try
        {
            return protector.Unprotect(stored) == expected;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    private static string Integrity(string database)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return DatabaseBackups.IntegrityOf(connection);
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }

    // One stored value of each personal-data column (owners' and visitors' ID and mobile numbers) must decrypt.
    private static string? UnreadablePersonalData(string database, PersonalDataProtector protector)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var db = new SqliteParkingDbContext(new DbContextOptionsBuilder<SqliteParkingDbContext>().UseSqlite(connectionString).Options, protector);
        var model = db.GetService<IDesignTimeModel>().Model;
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            foreach (var property in entity.GetProperties().Where(p => p.FindAnnotation(PersonalDataColumns.Annotation) is not null))
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{property.GetColumnName()}\" FROM \"{entity.GetTableName()}\" WHERE \"{property.GetColumnName()}\" <> '' LIMIT 1;";
                if (command.ExecuteScalar() is string stored)
                {
                    try
                    {
                        protector.Unprotect(stored);
                    }
                    catch (System.Security.Cryptography.CryptographicException)
                    {
                        return $"{entity.GetTableName()}.{property.GetColumnName()}";
                    }
                }
            }
        }

        return null;
    }
}
