using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

/// <summary>The real store: a SQLite file on disk, migrated, written and read back through fresh contexts.</summary>
public sealed class SqliteStoreTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _folder = new();
    private readonly PersonalDataProtector _protector;
    private readonly string _connectionString;

    public SqliteStoreTests()
    {
        _protector = new PersonalDataProtector(DataProtectionProvider.Create(new DirectoryInfo(_folder.File("keys"))));
        _connectionString = $"Data Source={_folder.File("parking.db")}";
    }

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        db.Lots.Add(Lot);
        await db.SaveChangesAsync();
    }

    private static readonly SmartParking.Domain.Lots.Lot Lot = SmartParking.Domain.Lots.Lot.Open(
        "store", "存储测试车场", null, SmartParking.Domain.Lots.LotKind.Community, "Asia/Shanghai", LotPolicy.Create(100, 500m, 100m, 72), DateTime.UtcNow);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Owner_WithVehicleAndBalance_RoundTripsThroughTheFile()
    {
        var owner = Owner.Register(Lot.Id, "李四", ChineseIdNumber.Parse("310115199003072549"), MobileNumber.Parse("13912345678"), Now, "lisi");
        owner.AddVehicle(PlateNumber.Parse("沪B12345"), VehicleType.Small, Now, approved: true);
        owner.TopUp(88.50m, Now);
        await using (var db = NewContext())
        {
            db.Owners.Add(owner);
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var loaded = await read.Owners.Include(o => o.Vehicles).SingleAsync(o => o.UserName == "lisi");

        Assert.Equal(88.50m, loaded.Balance);
        Assert.Equal("310115199003072549", loaded.IdNumber);
        Assert.Equal("13912345678", loaded.Mobile);
        Assert.Equal(PlateNumber.Parse("沪B12345"), Assert.Single(loaded.Vehicles).Plate);
        Assert.Equal(DateTimeKind.Utc, loaded.CreatedUtc.Kind);
        Assert.Equal(Now, loaded.CreatedUtc);
    }

    [Fact]
    public async Task IdNumberAndMobile_AreEncryptedInTheFile()
    {
        await using (var db = NewContext())
        {
            db.Owners.Add(Owner.Register(Lot.Id, "王五", ChineseIdNumber.Parse("110105198001011238"), MobileNumber.Parse("13800138000"), Now));
            await db.SaveChangesAsync();
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT IdNumber || '|' || Mobile FROM Owners";
        var raw = (string)(await command.ExecuteScalarAsync())!;

        Assert.DoesNotContain("110105198001011238", raw);
        Assert.DoesNotContain("13800138000", raw);
    }

    [Fact]
    public async Task SecondOpenStay_ForTheSamePlate_IsRejectedByTheDatabase()
    {
        var rule = FeeRule.DemoRules(Now)[0].For(Lot.Id);
        var plate = PlateNumber.Parse("NU123456");
        await using (var db = NewContext())
        {
            db.FeeRules.Add(rule);
            db.ParkingSessions.Add(ParkingSession.Enter(Lot.Id, plate, VehicleType.Small, CustomerClass.Visitor, null, rule, Now, false));
            await db.SaveChangesAsync();
        }

        await using var second = NewContext();
        second.ParkingSessions.Add(ParkingSession.Enter(Lot.Id, plate, VehicleType.Small, CustomerClass.Visitor, null, rule, Now.AddMinutes(5), false));

        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
        await using var check = NewContext();
        Assert.Equal(1, await check.ParkingSessions.CountAsync(s => s.Plate == plate));
    }

    [Fact]
    public async Task ClosedStay_KeepsItsFee_AndAllowsTheNextEntry()
    {
        var rule = FeeRule.DemoRules(Now)[1].For(Lot.Id);
        var plate = PlateNumber.Parse("NU123456");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        await using (var db = NewContext())
        {
            db.FeeRules.Add(rule);
            var stay = ParkingSession.Enter(Lot.Id, plate, VehicleType.Truck, CustomerClass.Visitor, null, rule, Now, false);
            db.ParkingSessions.Add(stay);
            stay.Exit(Now.AddMinutes(76), rule, zone);
            db.ParkingSessions.Add(ParkingSession.Enter(Lot.Id, plate, VehicleType.Truck, CustomerClass.Visitor, null, rule, Now.AddHours(3), false));
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var stays = await read.ParkingSessions.Where(s => s.Plate == plate).OrderBy(s => s.EntryUtc).ToListAsync();

        Assert.Equal(2, stays.Count);
        Assert.Equal(20m, stays[0].Fee);
        Assert.Equal(SessionState.Closed, stays[0].State);
        Assert.Equal(PaymentState.Unpaid, stays[0].Payment);
        Assert.Equal(SessionState.Inside, stays[1].State);
    }

    [Fact]
    public async Task FeeRule_WithSegments_RoundTrips()
    {
        var rule = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true,
            [new TimeSegment(new TimeOnly(22, 0), new TimeOnly(7, 0), 1m)], perVisitCap: 120m, version: 2, createdUtc: Now).For(Lot.Id);
        await using (var db = NewContext())
        {
            db.FeeRules.Add(rule);
            await db.SaveChangesAsync();
        }

        await using var read = NewContext();
        var loaded = await read.FeeRules.SingleAsync(r => r.Id == rule.Id);

        Assert.Equal(new TimeSegment(new TimeOnly(22, 0), new TimeOnly(7, 0), 1m), Assert.Single(loaded.Segments));
        Assert.Equal(120m, loaded.PerVisitCap);
        Assert.Equal(
            rule.Apply(new DateTime(2026, 1, 1, 21, 0, 0), new DateTime(2026, 1, 2, 1, 0, 0)).Total,
            loaded.Apply(new DateTime(2026, 1, 1, 21, 0, 0), new DateTime(2026, 1, 2, 1, 0, 0)).Total);
    }

    [Fact]
    public async Task Connections_RunInWalMode_WithABusyTimeout()
    {
        await using var db = NewContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();

        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync())!);
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(5000L, (long)(await command.ExecuteScalarAsync())!);
    }

    private SqliteParkingDbContext NewContext() => new(
        (DbContextOptions<SqliteParkingDbContext>)new DbContextOptionsBuilder<SqliteParkingDbContext>().UseParkingSqlite(_connectionString).Options,
        _protector);
}
