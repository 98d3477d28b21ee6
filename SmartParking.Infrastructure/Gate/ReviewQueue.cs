using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

public enum ReviewReason
{
    ExitWithoutEntry,
    RepeatEntry,
    Overdue,

    /// <summary>A lane camera's read too doubtful to open on: the photo waits for the guard to name the plate.</summary>
    LowConfidence,

    /// <summary>A visitor's car held at the barrier until someone registers it (on the phone or at the booth window).</summary>
    AwaitingRegistration,

    /// <summary>An exit not charged: the stay is longer than the lot allows, or its fee needs Finance's confirmation.</summary>
    HeldAtExit,
}

public sealed record ReviewItem(
    Guid Key,
    ReviewReason Reason,
    string Plate,
    DateTime AtLocal,
    Guid? SessionId,
    /// <summary>A coded reason in its stored form, or a guard's own words.</summary>
    string Detail,
    Guid? CaptureId = null,
    IReadOnlyList<PlateSuggestion>? Suggestions = null);

/// <summary>An open stay an orphan exit read may belong to.</summary>
public sealed record MergeCandidate(Guid SessionId, string Plate, DateTime EntryLocal, Guid? EntryCaptureId);

/// <summary>
/// What does not add up at the gate and needs a guard: exits with no entry and repeat entries (kept from the live
/// feed since the app started), stays open longer than the lot policy's overdue hours and camera reads waiting for a
/// guard (both from the database).
/// </summary>
public sealed class ReviewQueue : IDisposable
{
    private const int Kept = 200;
    private readonly LinkedList<(Guid LotId, ReviewItem Item)> _recent = new();
    private readonly HashSet<Guid> _dismissed = [];
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private readonly IDbContextFactory<ParkingDbContext> _dbFactory;
    private readonly LotClock _clock;
    private readonly LotDirectory _lots;
    private readonly LaneCameras _cameras;

    public ReviewQueue(GateEventFeed feed, IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, LotDirectory lots, LaneCameras cameras)
    {
        _dbFactory = dbFactory;
        _cameras = cameras;
        _clock = clock;
        _lots = lots;
        _subscription = feed.Subscribe(OnNewsAsync);
    }

    public async Task<IReadOnlyList<ReviewItem>> OpenItemsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var hours = (await _lots.PolicyAsync(lotId, cancellationToken)).OverdueHours;
        var overdueSince = _clock.UtcNow.AddHours(-hours);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var overdue = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.State == SessionState.Inside && s.EntryUtc < overdueSince)
            .OrderBy(s => s.EntryUtc)
            .Take(Kept)
            .Select(s => new { s.Id, s.Plate, s.EntryUtc })
            .ToListAsync(cancellationToken);

        var held = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.State == SessionState.AwaitingRegistration)
            .OrderBy(s => s.EntryUtc)
            .Take(Kept)
            .Select(s => new { s.Id, s.Plate, s.EntryUtc })
            .ToListAsync(cancellationToken);
        var photos = await EntryPhotosAsync(db, held.Select(s => s.Id).ToList(), cancellationToken);

        var doubtful = (await _cameras.WaitingForGuardAsync(lotId, cancellationToken))
            .Select(c => new ReviewItem(c.Id, ReviewReason.LowConfidence, c.ReadPlate ?? "?", _clock.ToLocal(c.TakenUtc), null, c.Note, c.Id, c.Suggestions));

        lock (_gate)
        {
            return doubtful
                .Concat(held.Select(s => new ReviewItem(s.Id, ReviewReason.AwaitingRegistration, s.Plate.Value, _clock.ToLocal(s.EntryUtc), s.Id, "",
                    photos.GetValueOrDefault(s.Id))))
                .Concat(_recent.Where(r => r.LotId == lotId).Select(r => r.Item))
                .Concat(overdue.Select(s => new ReviewItem(s.Id, ReviewReason.Overdue, s.Plate.Value, _clock.ToLocal(s.EntryUtc), s.Id,
                    Domain.Common.DomainError.Of("Review.InsideLongerThan", hours).Encode())))
                .Where(i => !_dismissed.Contains(i.Key))
                .ToList();
        }
    }

    /// <summary>
    /// The open stays an exit read with no entry could belong to, likeliest first, each with its entry photo: the
    /// guard compares the photos side by side and merges the exit into the right one.
    /// </summary>
    public async Task<IReadOnlyList<MergeCandidate>> MergeCandidatesAsync(Guid lotId, ReviewItem item, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.ParkingSessions.AsNoTracking()
            .Where(ParkingSession.IsOpen).Where(s => s.LotId == lotId)
            .Select(s => new { s.Id, s.Plate, s.EntryUtc })
            .ToListAsync(cancellationToken);
        var ranked = PlateSuggestions.Rank([(item.Plate, 0.5)], open.Select(s => s.Plate.Value)).Where(s => s.Known).ToList();
        var stays = open.Where(s => ranked.Any(r => r.Plate == s.Plate.Value)).ToList();
        var photos = await EntryPhotosAsync(db, stays.Select(s => s.Id).ToList(), cancellationToken);
        return ranked
            .Select(r => stays.First(s => s.Plate.Value == r.Plate))
            .Select(s => new MergeCandidate(s.Id, s.Plate.Value, _clock.ToLocal(s.EntryUtc), photos.GetValueOrDefault(s.Id)))
            .ToList();
    }

    private static async Task<Dictionary<Guid, Guid?>> EntryPhotosAsync(ParkingDbContext db, List<Guid> sessionIds, CancellationToken cancellationToken)
    {
        var photos = await db.GateEvents.AsNoTracking()
            .Where(e => sessionIds.Contains(e.SessionId) && e.Kind == GateEventKind.Entry && e.CaptureId != null)
            .Select(e => new { e.SessionId, e.CaptureId })
            .ToListAsync(cancellationToken);
        return photos.GroupBy(p => p.SessionId).ToDictionary(g => g.Key, g => g.First().CaptureId);
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
            GateNewsKind.HeldForReview => ReviewReason.HeldAtExit,
            _ => (ReviewReason?)null,
        };
        if (reason is { } why)
        {
            lock (_gate)
            {
                _recent.AddFirst((news.LotId, new ReviewItem(Guid.NewGuid(), why, news.Plate, news.AtLocal, news.SessionId, news.Reason, news.CaptureId)));
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
