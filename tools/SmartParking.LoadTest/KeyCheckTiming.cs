using System.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartParking.Infrastructure;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.LoadTest;

/// <summary>
/// What checking a camera's key costs per call (decision 034), in process on a fresh SQLite file with the app's own
/// services: the per-call read with last-heard due once a minute, the call that also writes last-heard, and for
/// comparison the one-minute in-memory cache hit the check replaced.
/// </summary>
internal static class KeyCheckTiming
{
    public static async Task<int> RunAsync(Options options)
    {
        var calls = options.Int("calls", 20_000);
        var concurrency = options.Int("concurrency", 16);
        var data = Path.Combine(Path.GetTempPath(), "sp-keycheck-" + Guid.NewGuid().ToString("N")[..8]);
        var clock = new SteppingClock();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = data,
            ["Demo:Enabled"] = "true",
            ["Demo:History"] = "false",
            ["Jobs:Enabled"] = "false",
        });
        builder.AddInfrastructure();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddMemoryCache();
        using var host = builder.Build();
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().RunAsync();
        }

        var lot = (await host.Services.GetRequiredService<LotDirectory>().FindAsync(DatabaseStartup.DemoCommunity))!;
        var registry = host.Services.GetRequiredService<LaneRegistry>();
        var secrets = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            secrets.Add((await registry.IssueKeyAsync(lot.Id, i % 2 == 0 ? DatabaseStartup.DemoEntryLane : DatabaseStartup.DemoExitLane, $"bench camera {i}", "bench")).Value!.Secret);
        }

        var check = host.Services.GetRequiredService<DeviceKeyCheck>();
        var cache = host.Services.GetRequiredService<IMemoryCache>();
        async Task CachedAsync(string secret)
        {
            // The check before decision 034: hash, then the one-minute cache (a hit once warm).
            var hash = DeviceKey.Hash(secret);
            await cache.GetOrCreateAsync("device-key:" + hash, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
                return Task.FromResult<object?>(hash);
            });
        }

        await TimeAsync("warm-up (not reported)", 2_000, 1, i => check.CheckAsync(secrets[i % 16], "10.0.0.1"), quiet: true);
        await TimeAsync("cached lookup as before (1 caller)", calls, 1, i => CachedAsync(secrets[i % 16]));
        await TimeAsync("per-call read, last-heard fresh (1 caller)", calls, 1, i => check.CheckAsync(secrets[i % 16], "10.0.0.1"));
        await TimeAsync($"per-call read, last-heard fresh ({concurrency} callers)", calls, concurrency, i => check.CheckAsync(secrets[i % 16], "10.0.0.1"));
        clock.StepPerCall = TimeSpan.FromSeconds(61);
        await TimeAsync("per-call read + last-heard write every call (1 caller)", calls / 10, 1, i => check.CheckAsync(secrets[i % 16], "10.0.0.1"));
        await TimeAsync($"per-call read + last-heard write every call ({concurrency} callers)", calls / 10, concurrency, i => check.CheckAsync(secrets[i % 16], "10.0.0.1"));

        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static async Task TimeAsync(string label, int calls, int concurrency, Func<int, Task> call, bool quiet = false)
    {
        var samples = new double[calls];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var watch = Stopwatch.StartNew();
                await call(i);
                samples[i] = watch.Elapsed.TotalMilliseconds * 1000;
            }
        })));
        total.Stop();
        if (quiet)
        {
            return;
        }

        Array.Sort(samples);
        double At(double p) => samples[Math.Min(calls - 1, (int)Math.Ceiling(p * calls) - 1)];
        Console.WriteLine($"| {label} | {calls:N0} | {calls / total.Elapsed.TotalSeconds:N0} | {samples.Average():0.0} µs | {At(0.5):0.0} µs | {At(0.99):0.0} µs |");
    }

    /// <summary>Real time, or time that jumps a minute per read so that every call is due to write last-heard.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _offsetTicks;

        public TimeSpan StepPerCall { get; set; }

        public override DateTimeOffset GetUtcNow()
        {
            var offset = StepPerCall > TimeSpan.Zero ? Interlocked.Add(ref _offsetTicks, StepPerCall.Ticks) : Interlocked.Read(ref _offsetTicks);
            return base.GetUtcNow() + TimeSpan.FromTicks(offset);
        }
    }
}
