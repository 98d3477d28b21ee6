using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmartParking.Infrastructure.Common;

namespace SmartParking.LoadTest;

/// <summary>
/// Seeds N audit entries (one lot, a year, 20 people, 15 kinds of act, most about one of 50,000 plates) into a fresh
/// SQLite file and times the audit page's queries through <see cref="AuditLog"/>: the first page with its count,
/// filtered pages, a keyset page deep in the log against the same depth by offset.
/// </summary>
internal static class AuditTiming
{
    private static readonly string[] Kinds =
    [
        "CorrectPlate", "OpenByHand", "SettleInCash", "CancelStay", "MergeExit", "DismissReview", "CorrectOwner", "RegisterVehicle",
        "ApproveVehicle", "AddListedPlate", "RemoveListedPlate", "PublishFeeRule", "ChangeLotPolicy", "RetryNotice", "ResolveCapture",
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var data = options.Get("data", "audit-bench");
        var rows = options.Int("rows", 1_000_000);
        Directory.CreateDirectory(data);
        var protector = new PersonalDataProtector(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys"))));
        var connection = $"Data Source={Path.Combine(data, "smartparking.db")}";
        var dbOptions = (DbContextOptions<SqliteParkingDbContext>)new DbContextOptionsBuilder<SqliteParkingDbContext>().UseParkingSqlite(connection).Options;
        var factory = new Factory(() => new SqliteParkingDbContext(dbOptions, protector));
        var lot = Guid.Parse("6f1c2b7e-0000-4000-8000-000000000001");
        var end = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
            if (await db.AuditEntries.AnyAsync())
            {
                Console.WriteLine($"{data} already holds audit entries; timing those.");
            }
            else
            {
                var watch = Stopwatch.StartNew();
                Seed(connection, lot, rows, end);
                Console.WriteLine($"seeded {rows:N0} audit entries in {watch.Elapsed.TotalSeconds:0.0} s; file {new FileInfo(Path.Combine(data, "smartparking.db")).Length / 1048576.0:0} MiB");
            }
        }

        var log = new AuditLog(factory, new LotClock(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new LotSettings())));
        var month = new AuditFilter(end.AddDays(-30), end);
        await TimeAsync("first page (25) + count, no filter", () => log.PageAsync(lot, new AuditFilter(), 0, 25));
        await TimeAsync("first page (50), keyset, no filter", () => log.SliceAsync(lot, new AuditFilter(), null, 50));
        await TimeAsync("page by plate (25) + count", () => log.PageAsync(lot, new AuditFilter(Plate: "京A00042"), 0, 25));
        await TimeAsync("page by kind in the last 30 days (25) + count", () => log.PageAsync(lot, month with { Kind = "OpenByHand" }, 0, 25));
        await TimeAsync("page by person (25) + count", () => log.PageAsync(lot, new AuditFilter(Actor: "guard7"), 0, 25));
        await TimeAsync("page by person + plate + 30 days (25) + count", () => log.PageAsync(lot, month with { Actor = "guard7", Plate = "京A00042" }, 0, 25));
        var (_, cursor) = await log.SliceAsync(lot, new AuditFilter(), null, 1);
        var deep = await DeepCursorAsync(factory, lot, rows / 2);
        await TimeAsync($"keyset page (50) at row {rows / 2:N0}", () => log.SliceAsync(lot, new AuditFilter(), deep, 50));
        await TimeAsync($"offset page (50) at row {rows / 2:N0}", () => log.PageAsync(lot, new AuditFilter(), rows / 2, 50));
        await TimeAsync("kinds for the filter list", () => log.KindsAsync(lot));
        return 0;
    }

    private static async Task<AuditCursor> DeepCursorAsync(IDbContextFactory<ParkingDbContext> factory, Guid lot, int depth)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.AuditEntries.Where(a => a.LotId == lot).OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id).Skip(depth).Select(a => new { a.AtUtc, a.Id }).FirstAsync();
        return new AuditCursor(row.AtUtc, row.Id);
    }

    private static async Task TimeAsync<T>(string what, Func<Task<T>> query)
    {
        await query();
        var millis = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            millis.Add(watch.Elapsed.TotalMilliseconds);
        }

        millis.Sort();
        Console.WriteLine($"| {what} | {millis[3]:0.0} ms | {millis[0]:0.0} ms | {millis[^1]:0.0} ms |");
    }

    // Plain INSERTs in one transaction: EF's change tracker would take minutes for a million rows.
    private static void Seed(string connectionString, Guid lot, int rows, DateTime end)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "AuditEntries" ("LotId", "AtUtc", "Actor", "Action", "Subject", "Before", "After", "Reason", "Plate")
            VALUES ($lot, $at, $actor, $action, $subject, $before, $after, $reason, $plate)
            """;
        var p = new[] { "$lot", "$at", "$actor", "$action", "$subject", "$before", "$after", "$reason", "$plate" }
            .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
        var random = new Random(20261206);
        var lotText = lot.ToString().ToUpperInvariant();
        var step = TimeSpan.FromDays(365) / rows;
        var start = end.AddDays(-365);
        for (var i = 0; i < rows; i++)
        {
            var plate = random.Next(10) < 6 ? $"京A{random.Next(50_000):00000}" : null;
            var kind = Kinds[random.Next(Kinds.Length)];
            p[0].Value = lotText;
            p[1].Value = (start + step * i).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            p[2].Value = random.Next(4) == 0 ? "admin" : $"guard{random.Next(20)}";
            p[3].Value = kind;
            p[4].Value = plate is null ? $"Lane in-{random.Next(4)}" : $"ParkingSession {Guid.NewGuid()} {plate}";
            p[5].Value = plate ?? (object)DBNull.Value;
            p[6].Value = "京B12345";
            p[7].Value = "现场处理";
            p[8].Value = plate ?? (object)DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private sealed class Factory(Func<ParkingDbContext> create) : IDbContextFactory<ParkingDbContext>
    {
        public ParkingDbContext CreateDbContext() => create();
    }
}
