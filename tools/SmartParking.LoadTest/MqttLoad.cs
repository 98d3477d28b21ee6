using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace SmartParking.LoadTest;

/// <summary>
/// Edge controllers on N lanes publishing plate reads at a fixed combined rate over MQTT; measures from each publish to
/// the command that answers it (seed 001: the decision within 1 s). Half the lanes are entries, half exits; each exit
/// read is a car that entered a few seconds before, so exits are priced. The lanes are added through the admin API.
/// </summary>
internal static class MqttLoad
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Get("url", "http://localhost:5080");
        var broker = options.Get("broker", "127.0.0.1");
        var port = options.Int("port", 1883);
        var lot = options.Get("lot", "cuihu");
        var lanes = Math.Max(2, options.Int("lanes", 20));
        var rate = Math.Max(1, options.Int("rate", 20));
        var seconds = options.Int("seconds", 60);
        var warmup = options.Int("warmup", 5);

        var (entries, exits) = await PrepareLanesAsync(url, lot, lanes, options);
        var sent = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<(long SentAt, double Millis, bool Open)>();
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var command = JsonDocument.Parse(e.ApplicationMessage.Payload);
            if (command.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && sent.TryRemove(id.GetString()!, out var at))
            {
                latencies.Add((at, Stopwatch.GetElapsedTime(at, arrived).TotalMilliseconds, command.RootElement.GetProperty("open").GetBoolean()));
            }

            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker, port).WithClientId($"loadtest-{Guid.NewGuid():N}").Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic($"parking/{lot}/lane/+/command").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build());

        var run = Random.Shared.Next(0, 20);
        const string letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        var inside = new Queue<(string Plate, long EnteredAt)>();
        var start = Stopwatch.GetTimestamp();
        var total = rate * (seconds + warmup);
        var measuredFrom = start + (long)(warmup * Stopwatch.Frequency);
        var published = 0;
        for (var i = 0; i < total; i++)
        {
            // A fixed rate: read i goes out at i / rate seconds, however long the previous publish took.
            var due = start + (long)(i * Stopwatch.Frequency / (double)rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            string lane, plate;
            if (i % 2 == 1 && inside.TryPeek(out var car) && Stopwatch.GetElapsedTime(car.EnteredAt).TotalSeconds >= 2)
            {
                inside.Dequeue();
                (lane, plate) = (exits[i % exits.Count], car.Plate);
            }
            else
            {
                plate = $"粤{letters[run]}{letters[i / 10000 % letters.Length]}{i % 10000:D4}";
                lane = entries[i % entries.Count];
                inside.Enqueue((plate, Stopwatch.GetTimestamp()));
            }

            var id = $"load-{run}-{i}";
            var body = JsonSerializer.SerializeToUtf8Bytes(new { id, plate, confidence = 0.97 });
            sent[id] = Stopwatch.GetTimestamp();
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"parking/{lot}/lane/{lane}/read").WithPayload(body)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            published++;
        }

        // The last commands: wait until every read is answered or 10 s have passed.
        var waitUntil = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (!sent.IsEmpty && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(50);
        }

        await client.DisconnectAsync();
        var measured = latencies.Where(l => l.SentAt >= measuredFrom).Select(l => l.Millis).ToList();
        var overSecond = measured.Count(m => m > 1000);
        Console.WriteLine($"mqtt: {lanes} lanes ({entries.Count} in, {exits.Count} out) on {lot}, {rate} reads/s for {seconds} s after {warmup} s warm-up");
        Console.WriteLine($"  published {published}, answered {latencies.Count}, unanswered {sent.Count}, opened {latencies.Count(l => l.Open)}");
        Console.WriteLine($"  publish -> command: {Percentiles.Describe(measured)}; over 1 s: {overSecond} of {measured.Count}");
        return sent.IsEmpty ? 0 : 1;
    }

    private static async Task<(List<string> Entries, List<string> Exits)> PrepareLanesAsync(string url, string lot, int lanes, Options options)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var login = await http.PostAsJsonAsync("/api/auth/token", new { username = options.Get("user", "admin"), password = options.Get("password", "Admin123!") });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var entries = new List<string>();
        var exits = new List<string>();
        for (var k = 1; k <= lanes; k++)
        {
            var entry = k % 2 == 1;
            var code = $"mq-{(entry ? "in" : "out")}-{(k + 1) / 2}";
            var response = await http.PostAsync($"/api/admin/lanes?lot={lot}", new StringContent(
                JsonSerializer.Serialize(new { code, name = $"MQTT {code}", direction = entry ? "entry" : "exit" }), Encoding.UTF8, "application/json"));
            if (!response.IsSuccessStatusCode && (int)response.StatusCode != 409)
            {
                throw new InvalidOperationException($"lane {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            (entry ? entries : exits).Add(code);
        }

        return (entries, exits);
    }
}
