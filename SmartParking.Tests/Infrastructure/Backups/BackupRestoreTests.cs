using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Backups;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;
using SmartParking.Tests.Web.Backups;

namespace SmartParking.Tests.Infrastructure.Backups;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BackupRestoreTests(BackupRestoreTests.App app) : IClassFixture<BackupRestoreTests.App>, IDisposable
{
    public sealed class App() : ParkingAppFactory(new Dictionary<string, string?> { ["Backups:Keep"] = "2" });

    private readonly TempFolder _scratch = new();

    private DatabaseBackups Backups => app.Services.GetRequiredService<DatabaseBackups>();

    [Fact]
    public async Task ABackup_HoldsTheDatabaseAndTheKeyRing_OwnerOnly_AndRestoresIntoAFreshFolder()
    {
        var generation = await Backups.TakeAsync();

        Assert.True(File.Exists(Path.Combine(generation.Path, "smartparking.db")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(generation.Path, "keys"), "key-*.xml"));
        Assert.Equal("ok", Integrity(Path.Combine(generation.Path, "smartparking.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(generation.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(generation.Path, "smartparking.db")));

        var data = _scratch.File("fresh");
        var outcome = new BackupRestore(BackupUnderLoadTests.PlacesIn(data)).Restore(generation.Path);

        Assert.True(outcome.Restored, string.Join(" ", outcome.Problems));
        Assert.Equal("ok", Integrity(Path.Combine(data, "smartparking.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.All(Directory.GetFiles(Path.Combine(data, "keys")), key => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key)));
    }

    [Fact]
    public void TheLiveDataFolder_AndItsKeysAndDatabase_AreTheAppsUsersOnly()
    {
        var ownerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var ownerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        _ = app.Services.GetRequiredService<StoragePlaces>();

        Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(app.DataPath));
        Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(Path.Combine(app.DataPath, "keys")));
        Assert.All(Directory.GetFiles(Path.Combine(app.DataPath, "keys")), key => Assert.Equal(ownerOnlyFile, File.GetUnixFileMode(key)));
        Assert.Equal(ownerOnlyFile, File.GetUnixFileMode(Path.Combine(app.DataPath, "smartparking.db")));
        Assert.Equal(ownerOnlyFile, File.GetUnixFileMode(Path.Combine(app.DataPath, "hangfire.db")));
    }

    [Fact]
    public async Task OnlyTheNewestGenerations_AreKept()
    {
        var taken = new List<BackupGeneration>();
        for (var i = 0; i < 3; i++)
        {
            taken.Add(await Backups.TakeAsync());
        }

        var kept = Backups.List();

        Assert.Equal(2, kept.Count);
        Assert.Equal(taken.TakeLast(2).Select(g => g.Name).Reverse(), kept.Select(g => g.Name));
        Assert.False(Directory.Exists(taken[0].Path));
    }

    [Fact]
    public async Task ADamagedDatabase_IsRefused_AndTheTargetIsLeftAsItWas()
    {
        var copy = await CopyOfABackupAsync();
        var database = Path.Combine(copy, "smartparking.db");
        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Write))
        {
            // Page 2 onwards: the b-tree pages a table's rows hang from.
            file.Position = 4096;
            file.Write(Enumerable.Repeat((byte)0x5A, 4096 * 3).ToArray());
        }

        var data = _scratch.File("target");
        var outcome = new BackupRestore(BackupUnderLoadTests.PlacesIn(data)).Restore(copy);

        Assert.False(outcome.Restored);
        Assert.Contains(outcome.Problems, p => p.Contains("integrity_check"));
        Assert.Contains(outcome.Problems, p => p.Contains("SHA-256"));
        Assert.False(File.Exists(Path.Combine(data, "smartparking.db")));
    }

    [Fact]
    public async Task ABackupWithoutItsKeys_IsRefused_BeforeAnythingIsReplaced()
    {
        var copy = await CopyOfABackupAsync();
        Directory.Delete(Path.Combine(copy, "keys"), recursive: true);
        var data = _scratch.File("target");
        var existing = await CopyOfABackupAsync();
        Assert.True(new BackupRestore(BackupUnderLoadTests.PlacesIn(data)).Restore(existing).Restored);
        var before = File.ReadAllBytes(Path.Combine(data, "smartparking.db"));

        var outcome = new BackupRestore(BackupUnderLoadTests.PlacesIn(data)).Restore(copy);

        Assert.False(outcome.Restored);
        Assert.Contains("keys", Assert.Single(outcome.Problems));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(data, "smartparking.db")));
        Assert.Single(Directory.GetDirectories(data, BackupRestore.ReplacedPrefix + "*"));
    }

    [Fact]
    public async Task AnotherInstallationsKeys_AreRefused_TheyCannotReadTheBackupsNumbers()
    {
        var copy = await CopyOfABackupAsync();
        var keys = Path.Combine(copy, "keys");
        Directory.Delete(keys, recursive: true);
        // A ring of its own, as on another machine.
        DataProtectionProvider.Create(new DirectoryInfo(keys), b => b.SetApplicationName("SmartParking")).CreateProtector("x").Protect("x");

        var outcome = new BackupRestore(BackupUnderLoadTests.PlacesIn(_scratch.File("target"))).Restore(copy);

        Assert.False(outcome.Restored);
        Assert.Contains("cannot read", Assert.Single(outcome.Problems));
    }

    [Fact]
    public async Task ARestore_OntoTheFolderOfARunningApp_IsRefused()
    {
        var generation = await Backups.TakeAsync();
        var places = app.Services.GetRequiredService<StoragePlaces>();

        var outcome = app.Services.GetRequiredService<BackupRestore>().Restore(generation.Path);

        Assert.False(outcome.Restored);
        Assert.Contains("running", Assert.Single(outcome.Problems));
        Assert.Empty(Directory.GetDirectories(places.DataPath, BackupRestore.ReplacedPrefix + "*"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Owners.CountAsync(o => o.UserName == "owner")));
    }

    [Fact]
    public void AFolderWithoutAManifest_IsNotABackup()
    {
        var outcome = new BackupRestore(BackupUnderLoadTests.PlacesIn(_scratch.File("target"))).Restore(_scratch.Path);

        Assert.False(outcome.Restored);
        Assert.Contains("not a finished backup", Assert.Single(outcome.Problems));
    }

    private async Task<string> CopyOfABackupAsync()
    {
        var generation = await Backups.TakeAsync();
        var copy = _scratch.File(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(copy, "keys"));
        foreach (var file in Directory.GetFiles(generation.Path, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(copy, Path.GetRelativePath(generation.Path, file)));
        }

        return copy;
    }

    private static string Integrity(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }

    public void Dispose() => _scratch.Dispose();
}
