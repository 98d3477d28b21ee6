using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>Where a stay stands now; the booth's rows take their state from it, never from the moment they were written.</summary>
/// <summary>Where a stay stands now; <see cref="PaidBy"/> is the channel of its latest payment, when it had one.</summary>
public sealed record StayStanding(SessionState State, PaymentState Payment, decimal? Fee, Domain.Payments.PaymentChannel? PaidBy = null);

/// <summary>One guard's hand openings: a count per day of <see cref="HandOpenings.Days"/>, and how many no barrier answered.</summary>
public sealed record GuardOpenings(string Guard, IReadOnlyList<int> PerDay, int Unanswered);

public sealed record HandOpenings(IReadOnlyList<DateOnly> Days, IReadOnlyList<GuardOpenings> Guards);

/// <summary>
/// The booth's live list as it was before the page opened: entries and exits, hand openings and visitor
/// registrations, newest first, so a reload shows what the guard saw.
/// </summary>
public sealed class BoothLog(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public const string OpenByHandAction = "OpenByHand";

    public async Task<IReadOnlyList<GateNews>> RecentAsync(Guid lotId, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await db.GateEvents.AsNoTracking().Where(e => e.LotId == lotId).OrderByDescending(e => e.AtUtc).Take(take).ToListAsync(cancellationToken);
        var opens = await db.BarrierCommands.AsNoTracking().Where(c => c.LotId == lotId && c.Cause == BarrierCause.Hand)
            .OrderByDescending(c => c.IssuedUtc).Take(take).ToListAsync(cancellationToken);
        var visitors = await db.Visitors.AsNoTracking().Where(v => v.LotId == lotId).OrderByDescending(v => v.RegisteredUtc).Take(take)
            .Select(v => new { v.Plate, v.RegisteredUtc }).ToListAsync(cancellationToken);

        return events.Select(e => new GateNews(lotId,
                e.Kind == GateEventKind.Entry ? GateNewsKind.Entered : GateNewsKind.Exited,
                e.Plate.Value, clock.ToLocal(e.AtUtc), e.Verdict, e.CustomerClass, e.Reason, e.Fee, e.SessionId, e.Id, e.CaptureId, e.Source))
            .Concat(opens.Select(c => new GateNews(lotId, GateNewsKind.OpenedByHand, "—", clock.ToLocal(c.IssuedUtc), GateVerdict.Open, null, c.Reason ?? "",
                null, null, null, null, c.LaneCode, c.Actor) { Key = c.Id }))
            .Concat(visitors.Select(v => new GateNews(lotId, GateNewsKind.Registered, v.Plate.Value, clock.ToLocal(v.RegisteredUtc), GateVerdict.Open,
                CustomerClass.Visitor, "", null, null, null) { Key = KeyOf(v.Plate.Value, v.RegisteredUtc) }))
            .OrderByDescending(n => n.AtLocal)
            .Take(take)
            .ToList();
    }

    /// <summary>Where each of these stays stands now (stays that no longer exist are left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, StayStanding>> StandingAsync(Guid lotId, IEnumerable<Guid> sessionIds, CancellationToken cancellationToken = default)
    {
        var ids = sessionIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, StayStanding>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stays = await db.ParkingSessions.AsNoTracking().Where(s => s.LotId == lotId && ids.Contains(s.Id))
            .Select(s => new { s.Id, s.State, s.Payment, s.Fee }).ToListAsync(cancellationToken);
        var paidBy = (await db.LedgerEntries.AsNoTracking()
                .Where(e => e.SessionId != null && ids.Contains(e.SessionId.Value) && e.Kind == Domain.Payments.LedgerEntryKind.StayPayment)
                .Select(e => new { SessionId = e.SessionId!.Value, e.AtUtc, e.Channel }).ToListAsync(cancellationToken))
            .GroupBy(e => e.SessionId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.AtUtc)!.Channel);
        return stays.ToDictionary(s => s.Id, s => new StayStanding(s.State, s.Payment, s.Fee, paidBy.TryGetValue(s.Id, out var channel) ? channel : null));
    }

    /// <summary>What each of these barrier commands got from its lane by now (commands not found are left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, BarrierAnswer>> BarrierAnswersAsync(Guid lotId, IEnumerable<Guid> commandIds, CancellationToken cancellationToken = default)
    {
        var ids = commandIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, BarrierAnswer>();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var commands = await db.BarrierCommands.AsNoTracking().Where(c => c.LotId == lotId && ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        return commands.ToDictionary(c => c.Id, c => c.AnswerAt(now));
    }

    public async Task<BarrierCommand?> BarrierCommandAsync(Guid lotId, Guid commandId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BarrierCommands.AsNoTracking().FirstOrDefaultAsync(c => c.LotId == lotId && c.Id == commandId, cancellationToken);
    }

    /// <summary>Each guard's hand openings per lot-local day over the last <paramref name="days"/> days (today included), oldest day first.</summary>
    public async Task<HandOpenings> HandOpeningsAsync(Guid lotId, int days, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.LocalNow);
        var first = today.AddDays(1 - days);
        var (sinceUtc, _) = clock.DayBoundsUtc(first);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var opens = await db.BarrierCommands.AsNoTracking()
            .Where(c => c.LotId == lotId && c.Cause == BarrierCause.Hand && c.IssuedUtc >= sinceUtc)
            .Select(c => new { c.Actor, c.IssuedUtc, Answered = c.AnsweredUtc != null })
            .ToListAsync(cancellationToken);
        var dayList = Enumerable.Range(0, days).Select(first.AddDays).ToList();
        var guards = opens.GroupBy(o => o.Actor)
            .Select(g => new GuardOpenings(g.Key,
                dayList.Select(d => g.Count(o => DateOnly.FromDateTime(clock.ToLocal(o.IssuedUtc)) == d)).ToList(),
                g.Count(o => !o.Answered)))
            .OrderByDescending(g => g.PerDay.Sum())
            .ThenBy(g => g.Guard, StringComparer.Ordinal)
            .ToList();
        return new HandOpenings(dayList, guards);
    }

    // Rows without a gate event still need a key that is the same on every load, so the list does not flicker.
    private static Guid KeyOf(string plate, DateTime atUtc)
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(atUtc.Ticks).CopyTo(bytes, 0);
        BitConverter.GetBytes(StringComparer.Ordinal.GetHashCode(plate)).CopyTo(bytes, 8);
        return new Guid(bytes);
    }
}
