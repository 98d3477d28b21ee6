using System.Collections.Concurrent;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

/// <summary>How many wrong passwords are free and how long the waits after them grow.</summary>
public sealed record LoginThrottleSettings(int FreeFailures = 5, int MaxDelaySeconds = 900, int AccountFreeFailures = 20, int AccountMaxDelaySeconds = 30);

/// <summary>
/// Growing waits after wrong passwords instead of a fixed lock. The waits count per account and caller address, so a
/// stranger guessing the admin's password only slows themselves; across all addresses an account's waits are capped
/// short (<see cref="LoginThrottleSettings.AccountMaxDelaySeconds"/>), which makes guessing from many addresses slow
/// without keeping the real person out. A right password clears the person's count. Counts live in this instance's
/// memory: a restart forgets them, and a second instance counts its own.
/// </summary>
public sealed class LoginThrottle(LotClock clock, LoginThrottleSettings settings)
{
    private sealed class Failures
    {
        public int Count;
        public DateTime LastUtc;
    }

    // Failures older than this are forgotten: yesterday's typos do not slow today's first mistake.
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Failures> _byAddress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Failures> _byAccount = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must still wait before trying <paramref name="userName"/> again; zero when it may try now.</summary>
    public TimeSpan WaitFor(string userName, string? address)
    {
        Forget();
        var now = clock.UtcNow;
        var own = Remaining(_byAddress, Key(userName, address), settings.FreeFailures, settings.MaxDelaySeconds, now);
        var everyone = Remaining(_byAccount, Normalize(userName), settings.AccountFreeFailures, settings.AccountMaxDelaySeconds, now);
        return own > everyone ? own : everyone;
    }

    public void Failed(string userName, string? address)
    {
        var now = clock.UtcNow;
        foreach (var (counts, key) in new[] { (_byAddress, Key(userName, address)), (_byAccount, Normalize(userName)) })
        {
            var failures = counts.GetOrAdd(key, _ => new Failures());
            lock (failures)
            {
                failures.Count = now - failures.LastUtc > Memory ? 1 : failures.Count + 1;
                failures.LastUtc = now;
            }
        }
    }

    public void Succeeded(string userName, string? address)
    {
        _byAddress.TryRemove(Key(userName, address), out _);
        _byAccount.TryRemove(Normalize(userName), out _);
    }

    // 1 s after the first failure past the free ones, then 2, 4, 8 … up to the cap.
    private static TimeSpan Remaining(ConcurrentDictionary<string, Failures> counts, string key, int free, int maxSeconds, DateTime now)
    {
        if (!counts.TryGetValue(key, out var failures))
        {
            return TimeSpan.Zero;
        }

        int count;
        DateTime last;
        lock (failures)
        {
            (count, last) = (failures.Count, failures.LastUtc);
        }

        if (count < free || now - last > Memory)
        {
            return TimeSpan.Zero;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(maxSeconds, Math.Pow(2, Math.Min(count - free, 30))));
        var remaining = last + delay - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    // Counts past their memory are dropped, so the dictionaries do not grow with every address ever seen.
    private void Forget()
    {
        if (_byAddress.Count + _byAccount.Count < 10_000)
        {
            return;
        }

        var before = clock.UtcNow - Memory;
        foreach (var counts in new[] { _byAddress, _byAccount })
        {
            foreach (var (key, failures) in counts)
            {
                if (failures.LastUtc < before)
                {
                    counts.TryRemove(key, out _);
                }
            }
        }
    }

    private static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    private static string Key(string userName, string? address) => Normalize(userName) + "|" + (address ?? "");
}
