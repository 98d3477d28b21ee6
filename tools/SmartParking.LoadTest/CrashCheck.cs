using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.LoadTest;

/// <summary>
/// The crash test's two halves (tools/crash-test.sh kills the app in between):
///   crash drive --url URL --journal FILE --seconds S --concurrency C
///     cameras drive entry → exit journeys of fresh plates and, like real cameras, send a read again until it is
///     answered; every answered read (the acknowledged ones) goes to the journal;
///   crash check --data DIR --journal FILE
///     reconciles every acknowledged read against the database and the fee engine.
/// </summary>
internal static class CrashCheck
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static Task<int> RunAsync(string step, Options options) => step switch
    {
        "drive" => DriveAsync(options),
        "check" => CheckAsync(options),
        _ => Task.FromResult(2),
    };

    private static async Task<int> DriveAsync(Options options)
    {
        var url = options.Get("url", "http://127.0.0.1:5098");
        var journal = options.Get("journal", "acks.jsonl");
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 40));
        var concurrency = options.Int("concurrency", 16);
        var runId = Random.Shared.Next(0, 26 * 26);
        var prefix = $"{(char)('A' + runId / 26)}{(char)('A' + runId % 26)}";
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2, ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Add("X-Device-Key", options.Get("key", "demo-device-key"));

        var acks = new List<Ack>[concurrency];
        var unanswered = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"driving {concurrency} cameras for {duration.TotalSeconds:0} s, plates {prefix}…");
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async camera =>
        {
            var mine = acks[camera] = [];
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var plate = $"{prefix}{camera * 40_000 + n:000000}";
                var entered = DateTime.UtcNow.AddHours(-1);
                entered = entered.AddTicks(-(entered.Ticks % TimeSpan.TicksPerSecond));
                var left = entered.AddMinutes(47);
                foreach (var (kind, path, at) in new[] { ("entry", "/api/entry", entered), ("exit", "/api/exit", left) })
                {
                    // A camera sends its read until the gate answers it: after a crash the answer may be "repeated".
                    while (true)
                    {
                        try
                        {
                            using var response = await http.PostAsJsonAsync(path, new { id = plate, start_time = at.ToString("yyyy-MM-ddTHH:mm:ssZ") });
                            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                            if (response.IsSuccessStatusCode)
                            {
                                mine.Add(new Ack(kind, plate, at, (int)response.StatusCode, body.GetProperty("session_id").GetGuid(),
                                    kind == "exit" ? body.GetProperty("cost").GetDecimal() : null, body.GetProperty("repeated").GetBoolean()));
                                break;
                            }

                            if ((int)response.StatusCode < 500)
                            {
                                Interlocked.Increment(ref refused);
                                Console.WriteLine($"{kind} {plate} refused {(int)response.StatusCode}: {body}");
                                break;
                            }
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
                        {
                        }

                        Interlocked.Increment(ref unanswered);
                        await Task.Delay(100);
                    }
                }
            }
        }));

        var all = acks.SelectMany(a => a).ToList();
        await File.WriteAllLinesAsync(journal, all.Select(a => JsonSerializer.Serialize(a, Json)));
        Console.WriteLine($"acknowledged {all.Count} reads ({all.Count(a => a.Kind == "entry")} entries, {all.Count(a => a.Kind == "exit")} exits, "
            + $"{all.Count(a => a.Repeated)} answered as repeated) in {clock.Elapsed.TotalSeconds:0.0} s; {unanswered} sends unanswered and sent again, {refused} refused");
        return refused == 0 ? 0 : 1;
    }

    private static async Task<int> CheckAsync(Options options)
    {
        var data = options.Get("data", "crash-data");
        var acks = (await File.ReadAllLinesAsync(options.Get("journal", Path.Combine(data, "acks.jsonl"))))
            .Select(line => JsonSerializer.Deserialize<Ack>(line, Json)!).ToList();
        var protector = new PersonalDataProtector(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys"))));
        var dbOptions = (DbContextOptions<SqliteParkingDbContext>)new DbContextOptionsBuilder<SqliteParkingDbContext>()
            .UseParkingSqlite($"Data Source={Path.Combine(data, "smartparking.db")}").Options;
        await using var db = new SqliteParkingDbContext(dbOptions, protector);

        var stays = await db.ParkingSessions.AsNoTracking().ToListAsync();
        var byPlate = stays.ToLookup(s => s.Plate.Value);
        var events = (await db.GateEvents.AsNoTracking().Select(e => new { e.SessionId, e.Kind }).ToListAsync())
            .GroupBy(e => (e.SessionId, e.Kind)).ToDictionary(g => g.Key, g => g.Count());
        var rules = await db.FeeRules.AsNoTracking().ToDictionaryAsync(r => r.Id);
        var zones = (await db.Lots.AsNoTracking().ToListAsync()).ToDictionary(l => l.Id, l => TimeZoneInfo.FindSystemTimeZoneById(l.TimeZone));
        var hours = await db.IncomeHours.AsNoTracking().ToListAsync();

        int lost = 0, duplicated = 0, mismatched = 0;
        void Report(ref int count, string what)
        {
            count++;
            if (count <= 20)
            {
                Console.WriteLine(what);
            }
        }

        foreach (var ack in acks)
        {
            var ofPlate = byPlate[ack.Plate].ToList();
            if (ofPlate.Count > 1)
            {
                Report(ref duplicated, $"{ack.Plate}: {ofPlate.Count} stays");
            }

            var stay = ofPlate.FirstOrDefault(s => s.Id == ack.SessionId);
            if (stay is null || stay.EntryUtc != (ack.Kind == "entry" ? ack.AtUtc : stay.EntryUtc))
            {
                Report(ref lost, $"{ack.Kind} {ack.Plate} at {ack.AtUtc:O} answered with stay {ack.SessionId}, which is not in the database");
                continue;
            }

            if (ack.Kind == "entry")
            {
                if (events.GetValueOrDefault((stay.Id, GateEventKind.Entry)) != 1)
                {
                    Report(ref duplicated, $"{ack.Plate}: {events.GetValueOrDefault((stay.Id, GateEventKind.Entry))} entry events");
                }

                continue;
            }

            if (stay.State != SessionState.Closed || stay.ExitUtc != ack.AtUtc)
            {
                Report(ref lost, $"exit {ack.Plate} at {ack.AtUtc:O} acknowledged, the stay is {stay.State} exit {stay.ExitUtc:O}");
                continue;
            }

            if (events.GetValueOrDefault((stay.Id, GateEventKind.Exit)) != 1)
            {
                Report(ref duplicated, $"{ack.Plate}: {events.GetValueOrDefault((stay.Id, GateEventKind.Exit))} exit events");
            }

            var zone = zones[stay.LotId];
            var engine = rules[stay.FeeRuleId].Apply(TimeZoneInfo.ConvertTimeFromUtc(stay.EntryUtc, zone), TimeZoneInfo.ConvertTimeFromUtc(ack.AtUtc, zone)).Total;
            if (ack.Cost != stay.Fee || stay.Fee != engine)
            {
                Report(ref mismatched, $"exit {ack.Plate}: answered ¥{ack.Cost}, stored ¥{stay.Fee}, fee engine ¥{engine}");
            }
        }

        // Every closed stay is booked once in the hourly income, and no hour holds a fee twice.
        var closed = stays.Where(s => s.State == SessionState.Closed).ToList();
        var bookedStays = hours.Sum(h => h.Stays);
        var bookedIncome = hours.Sum(h => h.Income);
        if (bookedStays != closed.Count || bookedIncome != closed.Sum(s => s.Fee))
        {
            var what = $"income rollup: {bookedStays} stays ¥{bookedIncome} booked, {closed.Count} closed stays ¥{closed.Sum(s => s.Fee)}";
            if (bookedStays > closed.Count)
            {
                Report(ref duplicated, what);
            }
            else
            {
                Report(ref lost, what);
            }
        }

        Console.WriteLine($"acknowledged {acks.Count}, lost {lost}, duplicated {duplicated}, fee mismatches {mismatched}");
        return lost + duplicated + mismatched == 0 ? 0 : 1;
    }

    private sealed record Ack(string Kind, string Plate, DateTime AtUtc, int Status, Guid SessionId, decimal? Cost, bool Repeated);
}
