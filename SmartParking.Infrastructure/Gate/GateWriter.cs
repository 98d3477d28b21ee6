namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// One gate write at a time in this process: a fast path that spares SQLite's single writer most retries. It is not
/// the guarantee: the unique open-stay index, the stay's and the owner's stamps and the lot row renewed by every entry
/// make a second instance's racing write fail and start again from fresh rows. What reads the gate's own writes into
/// memory (the rolling income) reads under it too, so that it never sees a write half-applied.
/// </summary>
public sealed class GateWriter
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken);
        return new Turn(_one);
    }

    // The gate keeper waits on it directly, for its retry loop.
    internal SemaphoreSlim Semaphore => _one;

    private sealed class Turn(SemaphoreSlim one) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                one.Release();
            }
        }
    }
}
