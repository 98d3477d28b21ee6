using SmartParking.Infrastructure;
using SmartParking.Infrastructure.Backups;

namespace SmartParking.Web.Backups;

/// <summary>
/// <c>dotnet SmartParking.Web.dll backup</c> and <c>… restore &lt;generation|latest&gt;</c>: the same configuration as the
/// app (environment, appsettings), so they find its data folder, database and key ring; nothing of the web app starts.
/// </summary>
public static class BackupCommands
{
    public static bool Handles(string[] args) => args is ["backup" or "restore", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        // The verb's own arguments are not configuration: a path like /var/backups would read as a switch.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.AddInfrastructure();
        await using var app = builder.Build();
        try
        {
            return args switch
            {
                ["backup"] => await BackupAsync(app.Services.GetRequiredService<DatabaseBackups>()),
                ["restore", var generation] => Restore(app.Services.GetRequiredService<BackupRestore>(), generation),
                _ => Usage(),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(DatabaseBackups backups)
    {
        var taken = await backups.TakeAsync();
        var manifest = taken.Manifest;
        Console.WriteLine($"backup {taken.Name}: {manifest.Database} ({manifest.DatabaseBytes:N0} bytes, integrity ok) and {manifest.KeyFiles} key files in {manifest.Seconds} s");
        Console.WriteLine($"  in {taken.Path}; {backups.List().Count} generations kept");
        return 0;
    }

    private static int Restore(BackupRestore restore, string generation)
    {
        var outcome = restore.Restore(generation);
        if (!outcome.Restored)
        {
            Console.Error.WriteLine($"restore refused, nothing was changed ({restore.Locate(generation)}):");
            foreach (var problem in outcome.Problems)
            {
                Console.Error.WriteLine($"  - {problem}");
            }

            return 2;
        }

        Console.WriteLine($"restored {restore.Locate(generation)}: integrity ok, its keys read its protected values.");
        Console.WriteLine($"  the replaced database and keys are in {outcome.ReplacedPath}; start the app now.");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: backup | restore <generation folder, its name in the backups folder, or latest>");
        return 64;
    }
}
