namespace SmartParking.Infrastructure.Notices;

/// <summary>
/// The official account's access token, shared by every send in the process. Each fetch from WeChat invalidates the
/// previous token and fetches are rationed per day, so callers refresh it one at a time and only when it is missing,
/// close to expiry, or rejected.
/// </summary>
public sealed class WeChatAccessTokenCache(TimeProvider clock)
{
    // WeChat keeps an old token working for a few minutes after a new one is issued; refreshing this early stays inside that.
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _current;

    public bool TryGet(out string token)
    {
        var current = Volatile.Read(ref _current);
        token = current?.Value ?? "";
        return current is not null && clock.GetUtcNow() < current.RefreshAt;
    }

    /// <summary>Held while fetching a token, so that concurrent sends wait for one fetch instead of racing their own.</summary>
    public async Task<IDisposable> LockForRefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        return new Releaser(_refresh);
    }

    public void Store(string token, TimeSpan lifetime)
    {
        var margin = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, lifetime.Ticks / 2));
        Volatile.Write(ref _current, new CachedToken(token, clock.GetUtcNow() + lifetime - margin));
    }

    /// <summary>Drops a token WeChat rejected, unless another caller has already replaced it with a fresh one.</summary>
    public void Forget(string token)
    {
        var current = Volatile.Read(ref _current);
        if (current?.Value == token)
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }
    }

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
