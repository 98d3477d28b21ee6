using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Reports;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Income of a period two ways: owed (the fees of the stays that closed in it) and collected (fee money received in it,
/// by channel: cash, balance, WeChat Pay, Alipay, less refunds). Top-ups are money in but not income: owners' credit.
/// </summary>
public sealed record MoneyTotals(
    decimal Owed, IReadOnlyDictionary<PaymentChannel, decimal> Collected, IReadOnlyDictionary<PaymentChannel, decimal> TopUps, decimal PassSales = 0m)
{
    public decimal CollectedTotal => Collected.Values.Sum();

    /// <summary>What coupons took off the stays that closed in the period, per issuer: owed by the issuer, never income.</summary>
    public IReadOnlyList<CouponIssuerTotal> Coupons { get; init; } = [];

    public decimal CouponTotal => Coupons.Sum(c => c.Amount);

    public decimal TopUpTotal => TopUps.Values.Sum();
}

/// <summary>One coupon issuer's discounts in a period: how many were booked and what they took off, which the office settles with it.</summary>
public sealed record CouponIssuerTotal(string Issuer, int Count, decimal Amount);

/// <summary>A visitor's stay whose fee was not (fully) paid: still at the barrier, or let out by a guard.</summary>
public sealed record UnpaidStay(Guid SessionId, string Plate, DateTime EntryLocal, DateTime ExitLocal, decimal Fee, decimal Paid, PaymentState Payment, string? ExitLane);

/// <summary>A month's income both ways: the fees of the stays that closed in it, and the fee money collected in it.</summary>
public sealed record MonthMoney(YearMonth Month, decimal Owed, decimal Collected);

public sealed record PaymentRow(Payment Payment, DateTime CreatedLocal, DateTime? PaidLocal, string? Plate, string? OwnerName);

public sealed record PendingRefund(PaymentRefund Refund, string OutTradeNo, PaymentChannel Channel, DateTime RequestedLocal);

public sealed record PendingAdjustment(BalanceAdjustment Adjustment, string OwnerName, DateTime RequestedLocal);

/// <summary>What the finance page and the admin console read about money; the changes go through the desks.</summary>
public sealed class MoneyOverview(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public async Task<MoneyTotals> TotalsAsync(Guid lotId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owed = (await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.ExitUtc >= fromUtc && s.ExitUtc < toUtc)
            .Select(s => s.Fee).ToListAsync(cancellationToken)).Sum();
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.LotId == lotId && e.AtUtc >= fromUtc && e.AtUtc < toUtc)
            .Select(e => new { e.Kind, e.Channel, e.Amount })
            .ToListAsync(cancellationToken);
        var collected = entries.Where(e => e.Kind is LedgerEntryKind.Charge or LedgerEntryKind.StayPayment or LedgerEntryKind.StayRefund)
            .GroupBy(e => e.Channel).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        var topUps = entries.Where(e => e.Kind is LedgerEntryKind.TopUp or LedgerEntryKind.TopUpRefund)
            .GroupBy(e => e.Channel).ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        // Monthly passes are income of their own: counted apart from stays' fees, never inside "collected".
        var passSales = entries.Where(e => e.Kind == LedgerEntryKind.PassSale).Sum(e => e.Amount);
        return new MoneyTotals(owed, collected, topUps, passSales) { Coupons = await CouponsAsync(db, lotId, fromUtc, toUtc, cancellationToken) };
    }

    // Booked by the gate when the stay closes (decision 054), so a month's coupons are those of the stays that left in it.
    private static async Task<IReadOnlyList<CouponIssuerTotal>> CouponsAsync(ParkingDbContext db, Guid lotId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var booked = await (
            from entry in db.LedgerEntries.AsNoTracking()
            where entry.LotId == lotId && entry.Kind == LedgerEntryKind.CouponDiscount && entry.AtUtc >= fromUtc && entry.AtUtc < toUtc
            join use in db.CouponUses.AsNoTracking() on entry.CouponUseId equals (Guid?)use.Id
            join issuer in db.CouponIssuers.AsNoTracking() on use.IssuerId equals issuer.Id
            select new { issuer.Name, entry.Amount }).ToListAsync(cancellationToken);
        return [.. booked.GroupBy(b => b.Name).Select(g => new CouponIssuerTotal(g.Key, g.Count(), g.Sum(b => b.Amount))).OrderByDescending(t => t.Amount).ThenBy(t => t.Issuer, StringComparer.Ordinal)];
    }

    /// <summary>Owed and collected month by month, oldest first, the current month so far last.</summary>
    public async Task<IReadOnlyList<MonthMoney>> MonthsAsync(Guid lotId, int months, CancellationToken cancellationToken = default)
    {
        var current = YearMonth.Of(clock.LocalNow);
        var result = new List<MonthMoney>(months);
        for (var back = months - 1; back >= 0; back--)
        {
            var month = YearMonth.Of(current.FirstDay.AddMonths(-back));
            var (fromUtc, toUtc) = clock.MonthBoundsUtc(month.FirstDay);
            var totals = await TotalsAsync(lotId, fromUtc, toUtc, cancellationToken);
            result.Add(new MonthMoney(month, totals.Owed, totals.CollectedTotal));
        }

        return result;
    }

    public async Task<IReadOnlyList<UnpaidStay>> UnpaidStaysAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stays = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.State == SessionState.Closed && (s.Payment == PaymentState.Unpaid || s.Payment == PaymentState.Owed))
            .OrderByDescending(s => s.ExitUtc).Take(500)
            .ToListAsync(cancellationToken);
        return [.. stays.Select(s => new UnpaidStay(s.Id, s.Plate.Value, clock.ToLocal(s.EntryUtc), clock.ToLocal(s.ExitUtc!.Value), s.Fee, s.Paid, s.Payment, s.ExitLane))];
    }

    public async Task<IReadOnlyList<PaymentRow>> RecentPaymentsAsync(Guid lotId, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payments = await db.Payments.AsNoTracking().Where(p => p.LotId == lotId).OrderByDescending(p => p.CreatedUtc).Take(take).ToListAsync(cancellationToken);
        var sessionIds = payments.Where(p => p.SessionId is not null).Select(p => p.SessionId!.Value).ToList();
        var ownerIds = payments.Where(p => p.OwnerId is not null).Select(p => p.OwnerId!.Value).ToList();
        var plates = await db.ParkingSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Plate.Value, cancellationToken);
        var owners = await db.Owners.AsNoTracking().Where(o => ownerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return [.. payments.Select(p => new PaymentRow(
            p, clock.ToLocal(p.CreatedUtc), p.PaidUtc is { } paid ? clock.ToLocal(paid) : null,
            p.SessionId is { } s ? plates.GetValueOrDefault(s) : null, p.OwnerId is { } o ? owners.GetValueOrDefault(o) : null))];
    }

    public async Task<IReadOnlyList<PendingRefund>> PendingRefundsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from refund in db.PaymentRefunds.AsNoTracking()
            join payment in db.Payments.AsNoTracking() on refund.PaymentId equals payment.Id
            where refund.LotId == lotId && (refund.Status == RefundStatus.AwaitingApproval || refund.Status == RefundStatus.Processing)
            orderby refund.RequestedUtc
            select new { refund, payment.OutTradeNo, payment.Channel }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PendingRefund(r.refund, r.OutTradeNo, r.Channel, clock.ToLocal(r.refund.RequestedUtc)))];
    }

    public async Task<IReadOnlyList<PendingAdjustment>> PendingAdjustmentsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (
            from adjustment in db.BalanceAdjustments.AsNoTracking()
            join owner in db.Owners.AsNoTracking() on adjustment.OwnerId equals owner.Id
            where adjustment.LotId == lotId && adjustment.Status == AdjustmentStatus.AwaitingApproval
            orderby adjustment.RequestedUtc
            select new { adjustment, owner.Name }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PendingAdjustment(r.adjustment, r.Name, clock.ToLocal(r.adjustment.RequestedUtc)))];
    }

    public async Task<IReadOnlyList<MoneyAlert>> OpenAlertsAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.MoneyAlerts.AsNoTracking().Where(a => a.LotId == lotId && a.ResolvedUtc == null).OrderByDescending(a => a.RaisedUtc).Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>The checked days, newest first, with their lines (differences first).</summary>
    public async Task<IReadOnlyList<ReconciliationLine>> ReconciliationAsync(Guid lotId, int days = 14, CancellationToken cancellationToken = default)
    {
        var since = DateOnly.FromDateTime(clock.LocalNow).AddDays(-days);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lines = await db.ReconciliationLines.AsNoTracking().Where(l => l.LotId == lotId && l.Day >= since).ToListAsync(cancellationToken);
        return [.. lines.OrderByDescending(l => l.Day).ThenBy(l => l.Result == ReconciliationResult.Matched).ThenBy(l => l.Reference, StringComparer.Ordinal)];
    }

    public async Task ResolveAlertAsync(Guid lotId, Guid alertId, string actor, string resolution, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(resolution))
        {
            throw new DomainException("Reconciliation.ResolutionMissing");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alert = await db.MoneyAlerts.FirstOrDefaultAsync(a => a.LotId == lotId && a.Id == alertId, cancellationToken) ?? throw new DomainException("Alert.NotFound");
        var now = clock.UtcNow;
        alert.Resolve(actor, resolution.Trim(), now);
        db.AuditEntries.Add(AuditEntry.Record(now, actor, "ResolveMoneyAlert", $"{alert.Kind} {alert.Subject}", alert.Detail, "resolved", resolution.Trim(), lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ResolveLineAsync(Guid lotId, Guid lineId, string actor, string resolution, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.ReconciliationLines.FirstOrDefaultAsync(l => l.LotId == lotId && l.Id == lineId, cancellationToken) ?? throw new DomainException("Reconciliation.NotFound");
        var now = clock.UtcNow;
        line.Resolve(actor, resolution, now);
        db.AuditEntries.Add(AuditEntry.Record(now, actor, "ResolveBillDifference", $"{line.Channel} {line.Day:yyyy-MM-dd} {line.Reference}",
            $"{line.Result} ours {line.OurAmount} theirs {line.TheirAmount}", "resolved", line.Resolution, lotId));

        // The alert raised for this difference is settled by the same act.
        foreach (var alert in await db.MoneyAlerts.Where(a => a.LotId == lotId && a.Kind == MoneyAlertKind.BillDifference && a.Subject == line.Reference && a.ResolvedUtc == null).ToListAsync(cancellationToken))
        {
            alert.Resolve(actor, line.Resolution!, now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
