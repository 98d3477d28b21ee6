using SmartParking.Infrastructure.Common;

namespace SmartParking.Tests.Infrastructure.Common;

/// <summary>Callbacks that arrive together are written together, and each caller hears its own answer.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task ABurst_IsWrittenInFewerTransactionsThanRequests_AndEachCallerGetsItsOwnAnswer()
    {
        var batches = new List<int>();
        var firstStarted = new TaskCompletionSource();
        var letFirstFinish = new TaskCompletionSource();
        await using var commit = new GroupCommit<int, string>(async requests =>
        {
            lock (batches)
            {
                batches.Add(requests.Count);
            }

            firstStarted.TrySetResult();
            await letFirstFinish.Task;
            return [.. requests.Select(r => "booked " + r)];
        });

        var first = commit.SubmitAsync(0);
        await firstStarted.Task;
        var burst = Enumerable.Range(1, 40).Select(i => commit.SubmitAsync(i)).ToList();
        letFirstFinish.SetResult();

        Assert.Equal("booked 0", await first);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => "booked " + i), await Task.WhenAll(burst));
        Assert.Equal([1, 40], batches);
    }

    [Fact]
    public async Task ABatchThatFailsAsAWhole_IsWrittenAgainOneAtATime_SoOnlyTheBadRequestFails()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await using var commit = new GroupCommit<string, string>(async requests =>
        {
            started.TrySetResult();
            await release.Task;
            if (requests.Contains("forged"))
            {
                throw new InvalidOperationException("the batch's transaction was rolled back");
            }

            return [.. requests.Select(r => r + " booked")];
        });

        var blocker = commit.SubmitAsync("first");
        await started.Task;
        var good = new[] { commit.SubmitAsync("a"), commit.SubmitAsync("b") };
        var bad = commit.SubmitAsync("forged");
        var late = commit.SubmitAsync("c");
        release.SetResult();

        Assert.Equal("first booked", await blocker);
        Assert.Equal(["a booked", "b booked"], await Task.WhenAll(good));
        Assert.Equal("c booked", await late);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
    }

    [Fact]
    public async Task ACallerThatStopsWaiting_DoesNotStopItsRequestBeingWritten()
    {
        var written = new List<int>();
        var release = new TaskCompletionSource();
        await using (var commit = new GroupCommit<int, int>(async requests =>
        {
            await release.Task;
            lock (written)
            {
                written.AddRange(requests);
            }

            return requests;
        }))
        {
            using var impatient = new CancellationTokenSource();
            var waiting = commit.SubmitAsync(7, impatient.Token);
            await impatient.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            release.SetResult();
        }

        Assert.Equal([7], written);
    }
}
