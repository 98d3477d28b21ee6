using System.Threading.Channels;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Many writers, one transaction: requests that arrive while a batch is being written wait and go together in the
/// next one, so a burst costs one commit (and one read of the rows it touches) instead of one per request. Each
/// request is answered when its batch is committed. When a batch fails as a whole, its requests are written again one
/// at a time, so one bad request cannot fail its neighbours.
/// </summary>
public sealed class GroupCommit<TRequest, TResult> : IAsyncDisposable
{
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> write;
    private readonly int largestBatch;
    private readonly Lazy<Task> writer;
    private int queued;

    /// <param name="write">Writes a batch in one transaction and answers each request in order.</param>
    /// <param name="largestBatch">Bounds a transaction, so that a long queue does not make one huge write that others wait on.</param>
    public GroupCommit(Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> write, int largestBatch = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(largestBatch, 1);
        this.write = write;
        this.largestBatch = largestBatch;
        writer = new Lazy<Task>(() => Task.Run(WriteAllAsync));
    }

    public Task<TResult> SubmitAsync(TRequest request, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(request, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref queued);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommit<TRequest, TResult>));
        }

        _ = writer.Value;

        // A caller that gives up stops waiting; its request is still written, as a payment confirmed is money received.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Requests not yet taken into a batch.</summary>
    internal int Queued => Volatile.Read(ref queued);

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer.IsValueCreated)
        {
            await writer.Value;
        }
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<Pending>(largestBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < largestBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                Interlocked.Decrement(ref queued);
            }

            try
            {
                Answer(batch, await write([.. batch.Select(p => p.Request)]));
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var pending in batch)
                {
                    await WriteAloneAsync(pending);
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteAloneAsync(Pending pending)
    {
        try
        {
            Answer([pending], await write([pending.Request]));
        }
        catch (Exception ex)
        {
            pending.Done.TrySetException(ex);
        }
    }

    private static void Answer(List<Pending> batch, IReadOnlyList<TResult> results)
    {
        if (results.Count != batch.Count)
        {
            throw new InvalidOperationException($"A batch of {batch.Count} was answered {results.Count} times.");
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(results[i]);
        }
    }

    private sealed record Pending(TRequest Request, TaskCompletionSource<TResult> Done);
}
