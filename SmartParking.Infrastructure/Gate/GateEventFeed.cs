using Microsoft.Extensions.Logging;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;

namespace SmartParking.Infrastructure.Gate;

public enum GateNewsKind
{
    Entered,
    Exited,
    Denied,
    Registered,
    Cancelled,
    Corrected,
    OpenedByHand,

    /// <summary>An exit read for a plate with no open stay: nothing is written, the booth has to look.</summary>
    ExitWithoutEntry,

    /// <summary>An entry read for a plate already inside: no second stay, the booth has to look.</summary>
    RepeatEntry,

    /// <summary>A camera read too doubtful to open on (or no plate at all): the barrier waits for a guard.</summary>
    NeedsGuard,

    /// <summary>A stay's fee was paid (online or in cash): the car waiting at the exit may go.</summary>
    Paid,

    /// <summary>An exit not charged (a stay too long, a fee above the ceiling): the barrier holds until someone decides.</summary>
    HeldForReview,

    /// <summary>A lane's device took an open command (its <see cref="GateNews.Key"/> is the command's id): not a row, the hand opening's row turns "opened".</summary>
    BarrierAnswered,

    /// <summary>A camera stopped talking (no heartbeat or read for a minute): the guard must look at that lane.</summary>
    CameraOffline,

    /// <summary>A camera that was offline is heard again.</summary>
    CameraBack,
}

/// <summary>
/// What the booth screen shows for one thing that happened at a barrier (times lot-local). A hand opening has no
/// customer class: nobody knows whose car went through. The reason is a
/// coded one in its stored form (<see cref="Domain.Common.DomainError.Encode"/>) or a guard's own words.
/// </summary>
public sealed record GateNews(
    Guid LotId,
    GateNewsKind Kind,
    string Plate,
    DateTime AtLocal,
    GateVerdict Verdict,
    CustomerClass? CustomerClass,
    string Reason,
    decimal? Fee,
    Guid? SessionId,
    Guid? EventId,
    Guid? CaptureId = null,
    string? Lane = null,
    string? Actor = null,
    Domain.Payments.PaymentChannel? Channel = null,
    decimal? Owed = null)
{
    /// <summary>Stable identity of the row: the gate event where there is one.</summary>
    public Guid Key { get; init; } = EventId ?? Guid.NewGuid();
}

/// <summary>
/// Fan-out of gate news to the live screens of this instance, and through <see cref="Relay"/> to those of the other
/// instances. Publishing never waits on a screen and a failing screen never fails the gate.
/// </summary>
public sealed class GateEventFeed(ILogger<GateEventFeed> logger)
{
    private readonly Lock _gate = new();
    private readonly List<Func<GateNews, Task>> _listeners = [];

    public IDisposable Subscribe(Func<GateNews, Task> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    /// <summary>Sends this instance's news on to the other instances (set by the Redis relay when there is one).</summary>
    public Action<GateNews>? Relay { get; set; }

    public void Publish(GateNews news)
    {
        Deliver(news);
        Relay?.Invoke(news);
    }

    /// <summary>To this instance's screens only: news made here, or news another instance relayed.</summary>
    public void Deliver(GateNews news)
    {
        Func<GateNews, Task>[] listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            _ = DeliverAsync(listener, news);
        }
    }

    private async Task DeliverAsync(Func<GateNews, Task> listener, GateNews news)
    {
        try
        {
            await listener(news);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A live screen failed to take gate news for {Plate}", news.Plate);
        }
    }

    private sealed class Subscription(GateEventFeed feed, Func<GateNews, Task> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (feed._gate)
            {
                feed._listeners.Remove(listener);
            }
        }
    }
}
