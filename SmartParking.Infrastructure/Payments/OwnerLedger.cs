using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Common;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Payments;

/// <summary>One ledger line as an owner (or Finance) reads it, lot-local, with the balance after it.</summary>
public sealed record LedgerLine(
    Guid Id, DateTime AtLocal, LedgerEntryKind Kind, PaymentChannel Channel, decimal Amount, decimal BalanceChange, decimal BalanceAfter, Guid? SessionId, string? Plate, Guid? PaymentId, bool HasReceipt);

/// <summary>
/// "At your average of the last 30 days your balance lasts about <see cref="Days"/> days": null when nothing was
/// charged in those days or the balance is used up.
/// </summary>
public sealed record BalanceForecast(decimal Balance, decimal AveragePerDay, int? Days);

/// <summary>An owner's account as the ledger tells it, and the corrections Finance makes to it.</summary>
public sealed class OwnerLedger(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, IOptions<PaymentSettings> settings)
{
    private const int ForecastDays = 30;

    /// <summary>The newest entries first, each with the balance right after it.</summary>
    public async Task<IReadOnlyList<LedgerLine>> LinesAsync(Guid lotId, Guid ownerId, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.LotId == lotId && e.OwnerId == ownerId)
            .OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var sessionIds = entries.Where(e => e.SessionId is not null).Select(e => e.SessionId!.Value).Distinct().ToList();
        var plates = await db.ParkingSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Plate }).ToDictionaryAsync(s => s.Id, s => s.Plate.Value, cancellationToken);

        var running = 0m;
        var lines = new List<LedgerLine>(entries.Count);
        foreach (var entry in entries)
        {
            running += entry.BalanceChange;
            lines.Add(new LedgerLine(
                entry.Id, clock.ToLocal(entry.AtUtc), entry.Kind, entry.Channel, entry.Amount, entry.BalanceChange, running,
                entry.SessionId, entry.SessionId is { } s ? plates.GetValueOrDefault(s) : null, entry.PaymentId, entry.HasReceipt));
        }

        lines.Reverse();
        return lines.Count <= take ? lines : lines[..take];
    }

    public async Task<BalanceForecast> ForecastAsync(Guid lotId, Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = clock.UtcNow.AddDays(-ForecastDays);
        var balance = await db.Owners.Where(o => o.LotId == lotId && o.Id == ownerId).Select(o => o.Balance).FirstOrDefaultAsync(cancellationToken);
        var charged = (await db.LedgerEntries.AsNoTracking()
            .Where(e => e.OwnerId == ownerId && e.Kind == LedgerEntryKind.Charge && e.AtUtc >= since)
            .Select(e => e.Amount).ToListAsync(cancellationToken)).Sum();
        var perDay = decimal.Round(charged / ForecastDays, 2);
        return new BalanceForecast(balance, perDay, perDay > 0 && balance > 0 ? (int)Math.Floor(balance / perDay) : null);
    }

    /// <summary>A correction with a reason; above the limit it waits for a second person.</summary>
    public async Task<BalanceAdjustment> AdjustAsync(Guid lotId, Guid ownerId, decimal change, string reason, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Person.NotFound");
        var now = clock.UtcNow;
        var adjustment = BalanceAdjustment.Request(lotId, ownerId, change, reason, actor, now, settings.Value.AdjustmentApprovalAbove);
        db.BalanceAdjustments.Add(adjustment);
        db.AuditEntries.Add(AuditEntry.Record(now, actor, "RequestAdjustment", $"Owner {ownerId}", null, $"{change:+0.00;-0.00} {adjustment.Status}", adjustment.Reason, lotId));
        if (adjustment.Status == AdjustmentStatus.Booked)
        {
            Book(db, owner, adjustment, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return adjustment;
    }

    public async Task<BalanceAdjustment> DecideAsync(Guid lotId, Guid adjustmentId, bool approve, string approver, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var adjustment = await db.BalanceAdjustments.FirstOrDefaultAsync(a => a.LotId == lotId && a.Id == adjustmentId, cancellationToken)
            ?? throw new DomainException("Adjustment.NotFound");
        var now = clock.UtcNow;
        if (approve)
        {
            adjustment.Approve(approver, now);
            Book(db, await db.Owners.SingleAsync(o => o.Id == adjustment.OwnerId, cancellationToken), adjustment, now);
        }
        else
        {
            adjustment.Reject(approver, now);
        }

        db.AuditEntries.Add(AuditEntry.Record(now, approver, approve ? "ApproveAdjustment" : "RejectAdjustment", $"Owner {adjustment.OwnerId}",
            AdjustmentStatus.AwaitingApproval.ToString(), $"{adjustment.Change:+0.00;-0.00} {adjustment.Status}", adjustment.Reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return adjustment;
    }

    private static void Book(ParkingDbContext db, Domain.People.Owner owner, BalanceAdjustment adjustment, DateTime nowUtc)
    {
        owner.Adjust(adjustment.Change);
        db.LedgerEntries.Add(LedgerEntry.Adjustment(adjustment.LotId, owner.Id, adjustment.Change, nowUtc, adjustment.ApprovedBy ?? adjustment.RequestedBy, adjustment.Reason));
    }
}
