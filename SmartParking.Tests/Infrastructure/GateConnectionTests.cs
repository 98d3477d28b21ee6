using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

/// <summary>
/// The gate's batch rows written through its own prepared statements (decision 057) must land in the file exactly as
/// SaveChanges writes them — a stay, its events and an owner's balance read back the same by every other page — and
/// refuse what SaveChanges refuses.
/// </summary>
public sealed class GateConnectionTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 12, 7, 2, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly TempFolder _folder = new();
    private readonly PersonalDataProtector _protector;
    private readonly string _connectionString;
    private readonly GateConnection _gate = new();
    private readonly Lot _lot = Lot.Open("gateconn", "闸口连接测试", null, LotKind.Community, "Asia/Shanghai", LotPolicy.Create(100, 500m, 100m, 72), Now);
    private readonly FeeRule _rule;
    private readonly FeeRule _ownerRule;

    public GateConnectionTests()
    {
        _protector = new PersonalDataProtector(DataProtectionProvider.Create(new DirectoryInfo(_folder.File("keys"))));
        _connectionString = $"Data Source={_folder.File("parking.db")}";
        _rule = FeeRule.DemoRules(Now)[0].For(_lot.Id);
        _ownerRule = FeeRule.Create(VehicleType.Small, CustomerClass.Owner, 15, 30, 5m, 50m, true, createdUtc: Now).For(_lot.Id);
    }

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        db.Lots.Add(_lot);
        db.FeeRules.AddRange(_rule, _ownerRule);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _gate.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task StayEventsAndBalance_WrittenByTheGate_AreTheSameRowsSaveChangesWrites()
    {
        var owners = new[] { NewOwner("张三", "13912345678"), NewOwner("李四", "13812345678") };
        await using (var db = NewContext())
        {
            db.Owners.AddRange(owners);
            await db.SaveChangesAsync();
        }

        var plates = new[] { PlateNumber.Parse("京A12345"), PlateNumber.Parse("京B12345") };
        var stays = new Guid[2];
        for (var i = 0; i < 2; i++)
        {
            var viaGate = i == 0;
            await using (var db = await OpenAsync(viaGate))
            {
                var stay = ParkingSession.Enter(_lot.Id, plates[i], VehicleType.Small, CustomerClass.Owner, owners[i].Id, _ownerRule, Now, false);
                stays[i] = stay.Id;
                db.ParkingSessions.Add(stay);
                db.GateEvents.Add(GateEvent.Entered(stay, GateDecision.Open(CustomerClass.Owner, DomainError.Of("Gate.Owner")), "cam"));
                ConcurrencyStamp.Touch(db, await db.Lots.SingleAsync());
                await SaveAsync(db, viaGate);
            }

            await using (var db = await OpenAsync(viaGate))
            {
                var stay = await db.ParkingSessions.SingleAsync(s => s.Id == stays[i]);
                var owner = await db.Owners.SingleAsync(o => o.Id == owners[i].Id);
                stay.Exit(Now.AddHours(5), _ownerRule, Shanghai, TimeSpan.FromMinutes(15), "out-1");
                owner.Charge(stay.Fee);
                db.GateEvents.Add(GateEvent.Exited(stay, "cam"));
                await SaveAsync(db, viaGate);
            }
        }

        var viaGateRow = await RowAsync("ParkingSessions", stays[0]);
        var savedRow = await RowAsync("ParkingSessions", stays[1]);
        foreach (var column in viaGateRow.Keys.Except(["Id", "Plate", "OwnerId", "Stamp"]))
        {
            Assert.True(Equals(savedRow[column], viaGateRow[column]), $"{column}: {viaGateRow[column]} written by the gate, {savedRow[column]} by SaveChanges");
        }

        await using var read = NewContext();
        var written = await read.ParkingSessions.AsNoTracking().SingleAsync(s => s.Id == stays[0]);
        Assert.Equal(SessionState.Closed, written.State);
        Assert.True(written.Fee > 0m);
        Assert.Equal(DateTimeKind.Utc, written.ExitUtc!.Value.Kind);
        Assert.Equal(2, await read.GateEvents.CountAsync(e => e.SessionId == stays[0]));
        var charged = await read.Owners.AsNoTracking().SingleAsync(o => o.Id == owners[0].Id);
        Assert.Equal(100m - written.Fee, charged.Balance);
        Assert.Equal("13912345678", charged.Mobile);
    }

    [Fact]
    public async Task RowChangedByAnotherWriterSinceItWasRead_IsRefused()
    {
        var owner = NewOwner("王五", "13712345678");
        await using (var db = NewContext())
        {
            db.Owners.Add(owner);
            await db.SaveChangesAsync();
        }

        // Read before its transaction began, as a second instance on SQL Server may: another writer charges meanwhile.
        await using var gate = await OpenAsync(viaGate: true, begin: false);
        var read = await gate.Owners.SingleAsync(o => o.Id == owner.Id);
        await using (var other = NewContext())
        {
            (await other.Owners.SingleAsync(o => o.Id == owner.Id)).Charge(30m);
            await other.SaveChangesAsync();
        }

        await gate.Database.BeginTransactionAsync();
        read.Charge(10m);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SaveAsync(gate, viaGate: true));
        await gate.Database.RollbackTransactionAsync();

        await using var check = NewContext();
        Assert.Equal(70m, (await check.Owners.SingleAsync(o => o.Id == owner.Id)).Balance);
    }

    [Fact]
    public async Task SecondOpenStayOfAPlate_FailsTheBatch_AndNothingOfItIsWritten()
    {
        var plate = PlateNumber.Parse("沪C12345");
        await using (var db = NewContext())
        {
            db.ParkingSessions.Add(ParkingSession.Enter(_lot.Id, plate, VehicleType.Small, CustomerClass.Visitor, null, _rule, Now, false));
            await db.SaveChangesAsync();
        }

        await using (var gate = await OpenAsync(viaGate: true))
        {
            var other = ParkingSession.Enter(_lot.Id, PlateNumber.Parse("沪D12345"), VehicleType.Small, CustomerClass.Visitor, null, _rule, Now, false);
            gate.ParkingSessions.Add(other);
            gate.ParkingSessions.Add(ParkingSession.Enter(_lot.Id, plate, VehicleType.Small, CustomerClass.Visitor, null, _rule, Now.AddMinutes(5), false));
            await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(gate, viaGate: true));
        }

        await using var check = NewContext();
        Assert.Equal(1, await check.ParkingSessions.CountAsync());
    }

    private Owner NewOwner(string name, string mobile)
    {
        var owner = Owner.Register(_lot.Id, name, ChineseIdNumber.Parse("110105198001011238"), MobileNumber.Parse(mobile), Now);
        owner.TopUp(100m, Now);
        return owner;
    }

    private async Task<SqliteParkingDbContext> OpenAsync(bool viaGate, bool begin = true)
    {
        var db = NewContext();
        if (viaGate)
        {
            await _gate.AttachAsync(db, CancellationToken.None);
        }

        await db.Database.OpenConnectionAsync();
        if (begin)
        {
            await db.Database.BeginTransactionAsync();
        }

        return db;
    }

    private async Task SaveAsync(SqliteParkingDbContext db, bool viaGate)
    {
        if (viaGate)
        {
            db.ChangeTracker.DetectChanges();
            ConcurrencyStamp.Renew(db);
            Assert.True(await _gate.TryWriteAsync(db, CancellationToken.None), "the gate left plain rows to SaveChanges");
            db.ChangeTracker.AcceptAllChanges();
        }
        else
        {
            await db.SaveChangesAsync();
        }

        await db.Database.CommitTransactionAsync();
    }

    private async Task<Dictionary<string, object?>> RowAsync(string table, Guid id)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE Id = @id";
        command.Parameters.AddWithValue("@id", id.ToString().ToUpperInvariant());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no {table} row {id}");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    private SqliteParkingDbContext NewContext() => new(
        (DbContextOptions<SqliteParkingDbContext>)new DbContextOptionsBuilder<SqliteParkingDbContext>().UseParkingSqlite(_connectionString).Options,
        _protector);
}
