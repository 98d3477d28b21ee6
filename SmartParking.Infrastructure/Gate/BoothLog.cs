using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>Where a stay stands now; the booth's rows take their state from it, never from the moment they were written.</summary>
/// <summary>Where a stay stands now; <see cref="PaidBy"/> is the channel of its latest payment, when it had one.</summary>
public sealed record StayStanding(SessionState State, PaymentState Payment, decimal? Fee, Domain.Payments.PaymentChannel? PaidBy = null);

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
        var opens = await db.AuditEntries.AsNoTracking().Where(a => a.LotId == lotId && a.Action == OpenByHandAction)
            .OrderByDescending(a => a.AtUtc).Take(take).ToListAsync(cancellationToken);
        var visitors = await db.Visitors.AsNoTracking().Where(v => v.LotId == lotId).OrderByDescending(v => v.RegisteredUtc).Take(take)
            .Select(v => new { v.Plate, v.RegisteredUtc }).ToListAsync(cancellationToken);

        return events.Select(e => new GateNews(lotId,
                e.Kind == GateEventKind.Entry ? GateNewsKind.Entered : GateNewsKind.Exited,
                e.Plate.Value, clock.ToLocal(e.AtUtc), e.Verdict, e.CustomerClass, e.Reason, e.Fee, e.SessionId, e.Id, e.CaptureId, e.Source))
            .Concat(opens.Select(a => new GateNews(lotId, GateNewsKind.OpenedByHand, "—", clock.ToLocal(a.AtUtc), GateVerdict.Open, null, a.Reason ?? "",
                null, null, null, null, LaneOf(a.Subject), a.Actor) { Key = KeyOf(a.Id) }))
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

    // The audit subject is "Lane <code>": the booth shows which barrier went up.
    private static string? LaneOf(string subject) => subject.StartsWith("Lane ", StringComparison.Ordinal) ? subject[5..] : null;

    // Rows without a gate event still need a key that is the same on every load, so the list does not flicker.
    private static Guid KeyOf(long auditId) => new(0, 0, 0, BitConverter.GetBytes(auditId));

    private static Guid KeyOf(string plate, DateTime atUtc)
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(atUtc.Ticks).CopyTo(bytes, 0);
        BitConverter.GetBytes(StringComparer.Ordinal.GetHashCode(plate)).CopyTo(bytes, 8);
        return new Guid(bytes);
    }
}
