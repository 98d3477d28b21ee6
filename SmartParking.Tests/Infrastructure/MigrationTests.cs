using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartParking.Infrastructure.Common;

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
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQLite migration: run tools/add-migration.sh");
    }

    [Fact]
    public void SqlServerMigrations_MatchTheModel()
    {
        using var db = new SqlServerParkingDbContext(
            new DbContextOptionsBuilder<SqlServerParkingDbContext>().UseSqlServer("Server=unused;Database=SmartParking;TrustServerCertificate=True").Options, Protector);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQL Server migration: run tools/add-migration.sh");
    }

    [Fact]
    public void SqlServerMigrations_ProduceAScript_WithTheOneOpenStayIndex()
    {
        using var db = new SqlServerParkingDbContext(
            new DbContextOptionsBuilder<SqlServerParkingDbContext>().UseSqlServer("Server=unused;Database=SmartParking;TrustServerCertificate=True").Options, Protector);

        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE TABLE [ParkingSessions]", script);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        Assert.Contains("WHERE [State] IN (N'Inside', N'AwaitingRegistration')", script);
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
}
