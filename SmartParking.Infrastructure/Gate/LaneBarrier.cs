using System.Collections.Concurrent;

namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// Commands waiting for a lane's barrier controller: a payment booked for the car at the exit, or a guard's open by
/// hand. The controller asks on its next poll and each command is handed out once.
/// </summary>
public sealed class LaneBarrier(TimeProvider time)
{
    // A command older than this is stale: the car has gone (or reversed) and a late "open" would let the next one through.
    private static readonly TimeSpan Life = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<(Guid LotId, string Lane), DateTime> _pending = new();

    public void Open(Guid lotId, string lane) => _pending[(lotId, lane)] = time.GetUtcNow().UtcDateTime;

    /// <summary>Whether the barrier must open now; the command is taken by the call that answers yes.</summary>
    public bool TakeOpen(Guid lotId, string lane) =>
        _pending.TryRemove((lotId, lane), out var since) && time.GetUtcNow().UtcDateTime - since <= Life;
}
