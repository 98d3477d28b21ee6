using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartParking.LoadTest;

/// <summary>
/// Many plate-reading cameras at once: each registered IVS camera pushes a plate record with its picture on a fixed
/// schedule (open loop: a slow answer does not slow the cameras), half of them at entries, half at exits for cars that
/// came in; a share of the reads is doubtful, so that our recognition reads the picture. Measures push to reply.
/// </summary>
internal static class CameraLoad
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Get("url", "http://127.0.0.1:5099");
        var cameras = options.Int("cameras", 200);
        var rate = options.Int("rate", 100);
        var seconds = options.Int("seconds", 60);
        var warmup = options.Int("warmup", 20);
        var doubtfulPercent = options.Int("doubtful", 5);
        var pictures = Directory.GetFiles(options.Get("pictures", "../shared/data/plates-dev-toll/images"), "*.jpg").Order().Take(20)
            .Select(f => Convert.ToBase64String(File.ReadAllBytes(f))).ToArray();
        if (pictures.Length == 0)
        {
            Console.Error.WriteLine("no pictures (--pictures DIR with .jpg files)");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = cameras + 16, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var serials = await RegisterAsync(http, cameras);
        Console.WriteLine($"{cameras} cameras ({serials.Count(s => s.Lane == "in-1")} at in-1, the rest at out-1), {rate} reads/s in all, {doubtfulPercent}% doubtful, pictures {pictures.Average(p => p.Length) * 3 / 4 / 1024:0} KB on average");

        var inside = new ConcurrentQueue<string>();
        var measured = new ConcurrentBag<double>();
        var opened = 0;
        var failed = 0;
        var failures = new ConcurrentDictionary<string, int>();
        var sent = 0L;
        var clock = Stopwatch.StartNew();
        var measureFrom = TimeSpan.FromSeconds(warmup);
        var end = measureFrom + TimeSpan.FromSeconds(seconds);
        var interval = TimeSpan.FromSeconds((double)cameras / rate);

        async Task CameraAsync(int index, string serial, string lane)
        {
            // Cameras start spread over one interval, as real ones are not in step.
            var next = TimeSpan.FromTicks(interval.Ticks * index / cameras);
            var pending = new List<Task>();
            while (next < end)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var number = Interlocked.Increment(ref sent);
                var plate = lane == "in-1" || !inside.TryDequeue(out var waiting) ? Plate(number) : waiting;
                var doubtful = number % 100 < doubtfulPercent;
                var body = Record(serial, number, plate, doubtful ? 60 : 95, pictures[number % pictures.Length]);
                var at = next;
                pending.Add(Task.Run(async () =>
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.PostAsync("/api/devices/ivs/plate", new StringContent(body, Encoding.UTF8, "application/json"));
                        var answer = await response.Content.ReadAsStringAsync();
                        if (!response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref failed);
                            failures.AddOrUpdate($"{(int)response.StatusCode} {answer[..Math.Min(answer.Length, 160)]}", 1, (_, n) => n + 1);
                            return;
                        }

                        if (answer.Contains("\"info\":\"ok\"", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref opened);
                        }

                        if (lane == "in-1")
                        {
                            inside.Enqueue(plate);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                        failures.AddOrUpdate(ex.GetType().Name + " " + ex.Message, 1, (_, n) => n + 1);
                        return;
                    }

                    if (at >= measureFrom)
                    {
                        measured.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }));
                next += interval;
            }

            await Task.WhenAll(pending);
        }

        var app = options.Int("pid", 0);
        var measuring = Task.Delay(measureFrom).ContinueWith(_ => GateLoad.CpuSeconds(app));
        await Task.WhenAll(serials.Select((s, i) => CameraAsync(i, s.Serial, s.Lane)));
        var cpu = GateLoad.CpuSeconds(app) - await measuring;
        var samples = measured.ToList();
        Console.WriteLine($"measured {samples.Count} reads in {seconds} s = {samples.Count / (double)seconds:0.0} reads/s; opened {opened}, failed {failed}");
        Console.WriteLine($"push to reply: {Percentiles.Describe(samples)}");
        if (app > 0 && samples.Count > 0)
        {
            // On a machine shared with other work the CPU the app spent per read says what one core given to it carries.
            Console.WriteLine($"app CPU: {cpu:0.0} s = {cpu * 1000 / samples.Count:0.0} ms per read, {samples.Count / cpu:0} reads per CPU-second");
        }

        foreach (var (failure, count) in failures.OrderByDescending(f => f.Value).Take(5))
        {
            Console.WriteLine($"  {count} x {failure}");
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<List<(string Serial, string Lane)>> RegisterAsync(HttpClient http, int cameras)
    {
        var login = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "Admin123!" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/cameras?lot=yangguang");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var known = (await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Select(c => c.GetProperty("serialno").GetString()).ToHashSet();
        var serials = new List<(string, string)>();
        for (var i = 0; i < cameras; i++)
        {
            var serial = $"bench-cam-{i:000}";
            var lane = i % 2 == 0 ? "in-1" : "out-1";
            if (!known.Contains(serial))
            {
                using var register = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/lanes/{lane}/cameras?lot=yangguang")
                {
                    Content = JsonContent.Create(new { serialno = serial, protocol = "ivs" }),
                };
                register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                (await http.SendAsync(register)).EnsureSuccessStatusCode();
            }

            serials.Add((serial, lane));
        }

        return serials;
    }

    private static string Plate(long number)
    {
        const string letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        string[] provinces = ["苏", "浙", "皖", "鲁", "豫", "鄂", "湘", "赣"];
        return $"{provinces[number % provinces.Length]}{letters[(int)(number / provinces.Length % letters.Length)]}{number % 100000:00000}";
    }

    private static string Record(string serial, long number, string plate, int confidence, string picture) => new JsonObject
    {
        ["AlarmInfoPlate"] = new JsonObject
        {
            ["channel"] = 0,
            ["deviceName"] = "IVS",
            ["ipaddr"] = "192.168.1.100",
            ["serialno"] = serial,
            ["result"] = new JsonObject
            {
                ["PlateResult"] = new JsonObject
                {
                    ["license"] = plate,
                    ["colorType"] = 1,
                    ["confidence"] = confidence,
                    ["plateid"] = number,
                    ["triggerType"] = 8,
                    ["isoffline"] = 0,
                    ["imageFile"] = picture,
                    ["timeStamp"] = new JsonObject { ["Timeval"] = new JsonObject { ["sec"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["usec"] = 0 } },
                },
            },
        },
    }.ToJsonString();
}
