using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartParking.LoadTest;

/// <summary>The two heavy report routes, timed end to end over HTTP as the front end calls them.</summary>
internal static class ReportTiming
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Get("url", "http://127.0.0.1:5099");
        var rounds = options.Int("rounds", 10);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "Guard123!" });
        var access = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);

        var today = DateTime.Now.Date;
        var income = new List<double>();
        for (var i = 0; i < rounds + 2; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await http.PostAsJsonAsync("/api/income/daily", new { start_time = today.AddDays(-364).ToString("yyyy-MM-dd"), end_times = today.ToString("yyyy-MM-dd") });
            var days = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Count();
            if (i >= 2)
            {
                income.Add(watch.Elapsed.TotalMilliseconds);
            }

            if (days != 365)
            {
                Console.WriteLine($"income/daily answered {days} days");
                return 1;
            }
        }

        Console.WriteLine($"income/daily over 365 days ({rounds} rounds): {Percentiles.Describe(income)}");

        foreach (var format in new[] { "csv", "xlsx" })
        {
            var export = new List<double>();
            var file = Array.Empty<byte>();
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var link = await http.GetFromJsonAsync<JsonElement>($"/api/records/export?days=30&format={format}");
                file = await http.GetByteArrayAsync(link.GetProperty("url").GetString());
                export.Add(watch.Elapsed.TotalMilliseconds);
            }

            var rows = format == "csv" ? $", {file.Count(b => b == (byte)'\n') - 1} records" : "";
            Console.WriteLine($"30-day export as {format} (3 rounds): {Percentiles.Describe(export)}; {file.Length / 1024.0 / 1024.0:0.0} MiB{rows}");
        }

        return 0;
    }
}
