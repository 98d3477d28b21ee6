using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Data.Sqlite;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

public sealed class MigrationTests
{
    private static readonly PersonalDataProtector Protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        using var db = new SqliteParkingDbContext(
            new DbContextOptionsBuilder<SqliteParkingDbContext>().UseSqlite("Data Source=:memory:").Options, Protector);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQLite migration: run tools/regenerate-initial-migrations.sh");
    }

    [Fact]
    public void SqlServerMigrations_MatchTheModel()
    {
        using var db = new SqlServerParkingDbContext(
            new DbContextOptionsBuilder<SqlServerParkingDbContext>().UseSqlServer("Server=unused;Database=SmartParking;TrustServerCertificate=True").Options, Protector);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQL Server migration: run tools/regenerate-initial-migrations.sh");
    }

    [Fact]
    public void SqlServerMigrations_ProduceAScript_WithTheIndexesAndStampsTheGuaranteesRestOn()
    {
        using var db = new SqlServerParkingDbContext(
            new DbContextOptionsBuilder<SqlServerParkingDbContext>().UseSqlServer("Server=unused;Database=SmartParking;TrustServerCertificate=True").Options, Protector);

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE TABLE [ParkingSessions]", script);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        // What two instances on SQL Server rely on (decision 029): one open stay per lot and plate, and the stamps
        // that make the slower of two writers fail — the lot's for its last space, the stay's and the owner's for a charge.
        Assert.Contains("CREATE UNIQUE INDEX [IX_ParkingSessions_OpenPlate] ON [ParkingSessions] ([LotId], [Plate]) WHERE [State] IN (N'Inside', N'AwaitingRegistration')", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_GateEvents_LotId_Kind_Plate_AtUtc] ON [GateEvents]", script);
        foreach (var table in new[] { "Lots", "ParkingSessions", "Owners", "IncomeHours" })
        {
            var create = script[script.IndexOf($"CREATE TABLE [{table}]", StringComparison.Ordinal)..];
            Assert.Contains("[Stamp] uniqueidentifier NOT NULL", create[..create.IndexOf(");", StringComparison.Ordinal)]);
        }
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrationNames()
    {
        using var sqlite = new SqliteParkingDbContext(
            new DbContextOptionsBuilder<SqliteParkingDbContext>().UseSqlite("Data Source=:memory:").Options, Protector);
        using var sqlServer = new SqlServerParkingDbContext(
            new DbContextOptionsBuilder<SqlServerParkingDbContext>().UseSqlServer("Server=unused").Options, Protector);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[15..]);

        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public async Task Startup_OnADatabaseFromAnEarlierSchemaHistory_SaysToStartAgain_AndTouchesNothing()
    {
        using var data = new TempFolder();
        await using (var old = new SqliteConnection($"Data Source={data.File("smartparking.db")}"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            // As the app left it: in WAL mode, with the first two of the nine migrations of 2026-11-22 applied.
            command.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('20261122033827_Initial', '10.0.14'), ('20261122035324_GateFlow', '10.0.14');
                CREATE TABLE "ParkingSessions" ("Id" TEXT PRIMARY KEY);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["Storage:DataPath"] = data.Path });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => app.Services);
        Assert.Contains("20261122035324_GateFlow", error.Message);
        Assert.Contains("another schema history", error.Message);
        await using var after = new SqliteConnection($"Data Source={data.File("smartparking.db")}");
        await after.OpenAsync();
        await using var tables = after.CreateCommand();
        tables.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";
        Assert.Equal("ParkingSessions,__EFMigrationsHistory", await tables.ExecuteScalarAsync());
    }
}
