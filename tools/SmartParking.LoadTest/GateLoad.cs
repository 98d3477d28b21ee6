using System.Diagnostics;
using System.Net.Http.Json;

namespace SmartParking.LoadTest;

/// <summary>
/// Cars arriving and leaving as fast as the app lets them: each worker drives entry → exit pairs of fresh plates, with
/// the entry lane's camera key on the entry and the exit lane's on the exit (--entry-key, --exit-key), or one key of
/// the whole lot on both (--key, the demo's by default).
/// </summary>
internal static class GateLoad
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Get("url", "http://127.0.0.1:5099");
        var seconds = options.Int("seconds", 30);
        var warmup = options.Int("warmup", 20);
        var concurrency = options.Int("concurrency", 16);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = new Uri(url) };
        var lotKey = options.Get("key", "demo-device-key");
        var keys = (Entry: options.Get("entry-key", lotKey), Exit: options.Get("exit-key", lotKey));

        Console.WriteLine($"warming up for {warmup} s …");
        await DriveAsync(http, keys, TimeSpan.FromSeconds(warmup), concurrency, plateBase: 0);
        Console.WriteLine($"measuring for {seconds} s with {concurrency} concurrent cameras …");
        var app = options.Int("pid", 0);
        var cpuBefore = CpuSeconds(app);
        var (latencies, failures, elapsed) = await DriveAsync(http, keys, TimeSpan.FromSeconds(seconds), concurrency, plateBase: 500_000);
        var cpu = CpuSeconds(app) - cpuBefore;
        Console.WriteLine($"gate events: {latencies.Count} in {elapsed.TotalSeconds:0.0} s = {latencies.Count / elapsed.TotalSeconds:0} events/s, failures {failures}");
        Console.WriteLine($"latency: {Percentiles.Describe(latencies)}");
        if (app > 0 && latencies.Count > 0)
        {
            // On a machine shared with other work the wall-clock rate is what was left over; the app's own CPU per
            // event says what one core given to it alone would carry.
            Console.WriteLine($"app CPU: {cpu:0.0} s in {elapsed.TotalSeconds:0.0} s = {cpu * 1e6 / latencies.Count:0} µs per event, {latencies.Count / cpu:0} events per CPU-second");
        }
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(List<double> Latencies, int Failures, TimeSpan Elapsed)> DriveAsync(HttpClient http, (string Entry, string Exit) keys, TimeSpan duration, int concurrency, int plateBase)
    {
        var stopAt = Stopwatch.StartNew();
        var all = new List<double>[concurrency];
        var failures = 0;
        var runId = Random.Shared.Next(0, 26 * 26);
        var prefix = $"{(char)('A' + runId / 26)}{(char)('A' + runId % 26)}";
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = all[worker] = [];
            for (var n = 0; stopAt.Elapsed < duration; n++)
            {
                var plate = $"{prefix}{plateBase + worker * 20_000 + n:000000}";
                var entered = DateTime.UtcNow.AddHours(-1);
                var ok = await TimeAsync(http, keys.Entry, "/api/entry", new { id = plate, start_time = entered.ToString("yyyy-MM-ddTHH:mm:ssZ") }, mine)
                    && await TimeAsync(http, keys.Exit, "/api/exit", new { id = plate, start_time = entered.AddMinutes(47).ToString("yyyy-MM-ddTHH:mm:ssZ") }, mine);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return (all.SelectMany(x => x).ToList(), failures, stopAt.Elapsed);
    }

    // utime + stime of a process, from /proc (Linux), in seconds; 0 when there is no such process.
    internal static double CpuSeconds(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (pid <= 0 || !File.Exists(stat))
        {
            return 0;
        }

        var fields = File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static async Task<bool> TimeAsync(HttpClient http, string key, string path, object body, List<double> latencies)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Device-Key", key);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        return response.IsSuccessStatusCode;
    }
}
