using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

public enum ReviewReason
{
    ExitWithoutEntry,
    RepeatEntry,
    Overdue,
}

public sealed record ReviewItem(Guid Key, ReviewReason Reason, string Plate, DateTime AtLocal, Guid? SessionId, string Detail);

/// <summary>
/// What does not add up at the gate and needs a guard: exits with no entry and repeat entries (kept from the live
/// feed since the app started), and stays open longer than the lot policy's overdue hours (from the database).
/// </summary>
public sealed class ReviewQueue : IDisposable
{
    private const int Kept = 200;
    private readonly LinkedList<ReviewItem> _recent = new();
    private readonly HashSet<Guid> _dismissed = [];
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private readonly IDbContextFactory<ParkingDbContext> _dbFactory;
    private readonly LotClock _clock;
    private readonly LotPolicyBook _policy;

    public ReviewQueue(GateEventFeed feed, IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, LotPolicyBook policy)
    {
        _dbFactory = dbFactory;
        _clock = clock;
        _policy = policy;
        _subscription = feed.Subscribe(OnNewsAsync);
    }

    public async Task<IReadOnlyList<ReviewItem>> OpenItemsAsync(CancellationToken cancellationToken = default)
    {
        var hours = (await _policy.CurrentAsync(cancellationToken)).OverdueHours;
        var overdueSince = _clock.UtcNow.AddHours(-hours);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var overdue = await db.ParkingSessions.AsNoTracking()
            .Where(s => (s.State == SessionState.Inside || s.State == SessionState.AwaitingRegistration) && s.EntryUtc < overdueSince)
            .OrderBy(s => s.EntryUtc)
            .Take(Kept)
            .Select(s => new { s.Id, s.Plate, s.EntryUtc })
            .ToListAsync(cancellationToken);

        lock (_gate)
        {
            return _recent
                .Concat(overdue.Select(s => new ReviewItem(s.Id, ReviewReason.Overdue, s.Plate.Value, _clock.ToLocal(s.EntryUtc), s.Id,
                    $"在场超过 {hours} 小时 / inside for more than {hours} h")))
                .Where(i => !_dismissed.Contains(i.Key))
                .ToList();
        }
    }

    public void Dismiss(Guid key)
    {
        lock (_gate)
        {
            _dismissed.Add(key);
        }
    }

    private Task OnNewsAsync(GateNews news)
    {
        var reason = news.Kind switch
        {
            GateNewsKind.ExitWithoutEntry => ReviewReason.ExitWithoutEntry,
            GateNewsKind.RepeatEntry => ReviewReason.RepeatEntry,
            _ => (ReviewReason?)null,
        };
        if (reason is { } why)
        {
            lock (_gate)
            {
                _recent.AddFirst(new ReviewItem(Guid.NewGuid(), why, news.Plate, news.AtLocal, news.SessionId, news.Reason));
                while (_recent.Count > Kept)
                {
                    _recent.RemoveLast();
                }
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>Creates the queue with the app, so it hears the gate from the first event on.</summary>
internal sealed class ReviewQueueStarter(ReviewQueue queue) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(queue);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
