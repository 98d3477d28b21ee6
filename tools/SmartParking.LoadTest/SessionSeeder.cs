using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Common;

namespace SmartParking.LoadTest;

/// <summary>
/// Fills the app's SQLite file with closed visitor stays spread evenly over the last 300 days, priced by the demo
/// rules through the domain, with the hourly income rollup to match.
/// </summary>
internal static class SessionSeeder
{
    private const int Batch = 5_000;

    public static async Task<int> RunAsync(Options options)
    {
        var data = options.Get("data", "bench-data");
        var total = options.Int("sessions", 1_000_000);
        Directory.CreateDirectory(data);
        var protector = new PersonalDataProtector(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys"))));
        var dbOptions = (DbContextOptions<SqliteParkingDbContext>)new DbContextOptionsBuilder<SqliteParkingDbContext>()
            .UseParkingSqlite($"Data Source={Path.Combine(data, "smartparking.db")}").Options;
        SqliteParkingDbContext NewContext() => new(dbOptions, protector);

        var watch = Stopwatch.StartNew();
        List<FeeRule> rules;
        Lot? lot;
        await using (var db = NewContext())
        {
            await db.Database.MigrateAsync();
            // The demo community, under the code demo mode looks for, so the app adopts it and its history.
            lot = await db.Lots.FirstOrDefaultAsync(l => l.Code == DatabaseStartup.DemoCommunity);
            if (lot is null)
            {
                lot = Lot.Open(DatabaseStartup.DemoCommunity, "阳光花园小区", null, LotKind.Community, "Asia/Shanghai", LotPolicy.Create(200, 500m, 100m, 72), DateTime.UtcNow);
                db.Lots.Add(lot);
                await db.SaveChangesAsync();
            }

            if (!await db.FeeRules.AnyAsync())
            {
                db.FeeRules.AddRange(FeeRule.DemoRules(DateTime.UtcNow).Select(r => r.For(lot.Id)));
                await db.SaveChangesAsync();
            }

            if (await db.ParkingSessions.AnyAsync())
            {
                Console.WriteLine($"{data} already holds stays; seed into a fresh data folder.");
                return 1;
            }

            rules = await db.FeeRules.Where(r => r.CustomerClass == CustomerClass.Visitor).ToListAsync();
        }

        var small = rules.Where(r => r.VehicleType == VehicleType.Small).MaxBy(r => r.Version)!;
        var truck = rules.Where(r => r.VehicleType == VehicleType.Truck).MaxBy(r => r.Version)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var random = new Random(20261122);
        var end = DateTime.UtcNow.AddHours(-12);
        var start = end.AddDays(-300);
        var step = (end - start) / total;
        var hours = new Dictionary<DateTime, IncomeHour>();

        // Rows go in through one prepared INSERT per transaction of a batch, not through EF's change tracker: each
        // value is converted and typed by the model's own mapping, so the rows read back exactly as the app's own.
        await using (var db = NewContext())
        {
            var entity = db.Model.FindEntityType(typeof(ParkingSession))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping())).ToList();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using (var pragma = connection.CreateCommand())
            {
                // Eight indexes of random keys: with SQLite's default 2 MiB page cache most inserts wait on the disk.
                pragma.CommandText = "PRAGMA cache_size=-262144";
                await pragma.ExecuteNonQueryAsync();
            }

            for (var done = 0; done < total; done += Batch)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                for (var i = done; i < Math.Min(total, done + Batch); i++)
                {
                    var isTruck = random.Next(5) == 0;
                    var plate = PlateNumber.Parse($"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{random.Next(1_000_000):000000}");
                    var entry = start + step * i;
                    var stay = ParkingSession.Enter(lot.Id, plate, isTruck ? VehicleType.Truck : VehicleType.Small, CustomerClass.Visitor, null, isTruck ? truck : small, entry, false);
                    var exit = entry.AddMinutes(random.Next(5, 600));
                    stay.Exit(exit, isTruck ? truck : small, zone);

                    await using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) VALUES ({string.Join(", ", columns.Select((_, n) => $"@p{n}"))})";
                    for (var n = 0; n < columns.Count; n++)
                    {
                        var (property, _, mapping) = columns[n];
                        // The stamp is a shadow property: a fresh one, as EF gives a new row.
                        var value = property.PropertyInfo is { } info ? info.GetValue(stay) : property.Name == ConcurrencyStamp.Property ? Guid.NewGuid() : null;
                        insert.Parameters.Add(mapping.CreateParameter(insert, $"@p{n}", value, property.IsNullable));
                    }

                    await insert.ExecuteNonQueryAsync();
                    var key = IncomeHour.For(lot.Id, exit).HourStartUtc;
                    if (!hours.TryGetValue(key, out var hour))
                    {
                        hours[key] = hour = IncomeHour.For(lot.Id, exit);
                    }

                    hour.Book(stay.Fee);
                }

                await transaction.CommitAsync();
                if ((done / Batch) % 20 == 0)
                {
                    Console.WriteLine($"{done + Batch:N0} / {total:N0} stays ({watch.Elapsed.TotalSeconds:0} s)");
                }
            }
        }

        await using (var db = NewContext())
        {
            db.IncomeHours.AddRange(hours.Values);
            await db.SaveChangesAsync();
        }

        Console.WriteLine($"seeded {total:N0} stays and {hours.Count:N0} income hours in {watch.Elapsed.TotalSeconds:0} s");
        return 0;
    }
}
