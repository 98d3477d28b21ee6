using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Common;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// Orders no callback confirmed: asked about at 1, 2, 5, 10 and 30 minutes (a callback can be lost), booked when the
/// provider says paid, closed at the provider and here when they expire; refunds still processing are asked again.
/// </summary>
public sealed class PaymentFollowUp(
    IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, PaymentDesk payments, RefundDesk refunds, ILogger<PaymentFollowUp> logger) : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        List<Payment> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Payments.AsNoTracking()
                .Where(p => p.Status == PaymentStatus.Created && p.NextCheckUtc <= now)
                .OrderBy(p => p.NextCheckUtc).Take(200)
                .ToListAsync(cancellationToken);
        }

        int booked = 0, closed = 0, waiting = 0;
        foreach (var payment in due)
        {
            if (payments.Gateway(payment.Channel) is not { } gateway)
            {
                continue;
            }

            try
            {
                var trade = await gateway.QueryAsync(payment.OutTradeNo, cancellationToken);
                if (trade.State == ProviderTradeState.Paid && trade.Amount == payment.Amount)
                {
                    booked += await payments.BookPaidAsync(payment.OutTradeNo, trade.ProviderTradeNo, trade.PaidUtc ?? now, cancellationToken) == NoticeBooking.Booked ? 1 : 0;
                    continue;
                }

                if (trade.State == ProviderTradeState.Paid)
                {
                    await payments.RaiseAsync(payment.LotId, MoneyAlertKind.CallbackMismatch, payment.OutTradeNo,
                        DomainError.Of("Payment.AmountMismatch", payment.OutTradeNo, payment.Amount, trade.Amount ?? 0m), cancellationToken);
                    continue;
                }

                if (now >= payment.ExpiresUtc || trade.State is ProviderTradeState.Closed or ProviderTradeState.NotFound)
                {
                    if (trade.State == ProviderTradeState.NotPaid)
                    {
                        await gateway.CloseAsync(payment.OutTradeNo, cancellationToken);
                    }

                    closed += await UpdateAsync(payment.Id, p => p.Close(now), cancellationToken);
                    continue;
                }

                waiting += await UpdateAsync(payment.Id, p => p.Checked(), cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The provider did not answer: ask again at the next step.
                logger.LogWarning(ex, "Follow-up of {OutTradeNo} with {Channel} failed", payment.OutTradeNo, payment.Channel);
                await UpdateAsync(payment.Id, p => p.Checked(), cancellationToken);
            }
        }

        var refunding = await refunds.ProcessingAsync(cancellationToken);
        foreach (var id in refunding)
        {
            await refunds.SendAsync(id, cancellationToken);
        }

        return $"查询 {due.Count} 笔：入账 {booked}，关闭 {closed}，待付 {waiting}；退款跟进 {refunding.Count} / checked {due.Count}: booked {booked}, closed {closed}, waiting {waiting}; refunds followed {refunding.Count}";
    }

    // Only an order still waiting changes; one a callback booked meanwhile is left as it is.
    private async Task<int> UpdateAsync(Guid id, Action<Payment> change, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var payment = await db.Payments.SingleAsync(p => p.Id == id, cancellationToken);
            if (payment.Status != PaymentStatus.Created)
            {
                return 0;
            }

            change(payment);
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateConcurrencyException)
        {
            return 0;
        }
    }
}

/// <summary>Every owner's kept balance against the sum of their ledger entries; a difference is an alert on the admin console.</summary>
public sealed class LedgerCheck(IDbContextFactory<ParkingDbContext> dbFactory, PaymentDesk payments) : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sums = await db.LedgerEntries.AsNoTracking().Where(e => e.OwnerId != null)
            .GroupBy(e => e.OwnerId!.Value)
            .Select(g => new { OwnerId = g.Key, Sum = g.Sum(e => e.BalanceChange) })
            .ToDictionaryAsync(g => g.OwnerId, g => g.Sum, cancellationToken);
        var owners = await db.Owners.AsNoTracking().Select(o => new { o.Id, o.LotId, o.Balance }).ToListAsync(cancellationToken);
        var differ = 0;
        foreach (var owner in owners)
        {
            var sum = sums.GetValueOrDefault(owner.Id);
            if (sum != owner.Balance)
            {
                differ++;
                await payments.RaiseAsync(owner.LotId, MoneyAlertKind.BalanceMismatch, $"Owner {owner.Id}", DomainError.Of("LedgerCheck.BalanceDiffers", owner.Balance, sum), cancellationToken);
            }
        }

        return $"核对 {owners.Count} 个账户，不符 {differ} / checked {owners.Count} accounts, {differ} differ";
    }
}

/// <summary>
/// Yesterday's bills from WeChat Pay and Alipay against our ledger, line by line: matched, missing on our side, missing
/// on theirs, amount differs. Differences are listed on the finance page and resolved there with an audited note.
/// </summary>
public sealed class BillReconciliation(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock, PaymentDesk payments, ILogger<BillReconciliation> logger)
    : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var local = clock.LocalNow;
        // Providers publish a day's bill in the morning after it (WeChat Pay from 10:00).
        var day = DateOnly.FromDateTime(local).AddDays(local.Hour >= payments.Settings.ReconcileAfterHour ? -1 : -2);
        var results = new List<string>();
        foreach (var channel in payments.OnlineChannels)
        {
            var outcome = await ReconcileAsync(channel, day, cancellationToken);
            results.Add($"{channel} {day:yyyy-MM-dd}: {outcome}");
        }

        return results.Count == 0 ? "未开通在线支付 / no online channel" : string.Join("; ", results);
    }

    public async Task<string> ReconcileAsync(PaymentChannel channel, DateOnly day, CancellationToken cancellationToken = default)
    {
        var gateway = payments.Gateway(channel) ?? throw new DomainException("Payment.ChannelOff", channel);
        IReadOnlyList<BillLine> bill;
        try
        {
            bill = await gateway.DownloadBillAsync(day, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The {Channel} bill of {Day} could not be downloaded", channel, day);
            return "账单下载失败 / bill not downloaded";
        }

        var (fromUtc, toUtc) = clock.DayBoundsUtc(day);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ours = await (
            from entry in db.LedgerEntries.AsNoTracking()
            join payment in db.Payments.AsNoTracking() on entry.PaymentId equals payment.Id
            where entry.Channel == channel && entry.AtUtc >= fromUtc && entry.AtUtc < toUtc
            select new { entry.LotId, entry.Kind, entry.Amount, payment.OutTradeNo, entry.RefundId })
            .ToListAsync(cancellationToken);
        var refundNumbers = await db.PaymentRefunds.AsNoTracking()
            .Where(r => ours.Select(o => o.RefundId).Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.OutRefundNo, cancellationToken);

        var lotOf = ours.GroupBy(o => o.OutTradeNo).ToDictionary(g => g.Key, g => g.First().LotId);
        var ourLines = ours.ToDictionary(
            o => o.RefundId is { } r ? (BillLineKind.Refund, refundNumbers[r]) : (BillLineKind.Payment, o.OutTradeNo),
            o => Math.Abs(o.Amount));
        var theirLines = bill
            .GroupBy(l => (l.Kind, l.Kind == BillLineKind.Refund ? l.OutRefundNo ?? l.OutTradeNo : l.OutTradeNo))
            .ToDictionary(g => g.Key, g => (Amount: g.Sum(l => Math.Abs(l.Amount)), g.First().OutTradeNo));

        // A bill line for an order we never placed still belongs to some lot for the finance page: the order's, else a lot
        // that took money through this merchant that day, else the first.
        var anyLot = lotOf.Values.FirstOrDefault() is { } busy && busy != Guid.Empty
            ? busy
            : await db.Lots.AsNoTracking().OrderBy(l => l.Code).Select(l => l.Id).FirstAsync(cancellationToken);
        var theirOrders = theirLines.Values.Select(v => v.OutTradeNo).Distinct().ToList();
        var orderLots = await db.Payments.AsNoTracking().Where(p => theirOrders.Contains(p.OutTradeNo))
            .ToDictionaryAsync(p => p.OutTradeNo, p => p.LotId, cancellationToken);

        var previous = await db.ReconciliationLines.Where(l => l.Day == day && l.Channel == channel).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        var lines = new List<ReconciliationLine>();
        foreach (var key in ourLines.Keys.Union(theirLines.Keys))
        {
            decimal? ourAmount = ourLines.TryGetValue(key, out var o) ? o : null;
            decimal? theirAmount = theirLines.TryGetValue(key, out var t) ? t.Amount : null;
            var orderNo = theirLines.TryGetValue(key, out var their) ? their.OutTradeNo : key.Item2;
            var lotId = lotOf.TryGetValue(orderNo, out var l1) ? l1 : orderLots.TryGetValue(orderNo, out var l2) ? l2 : anyLot;
            lines.Add(ReconciliationLine.Compare(lotId, day, channel, key.Item1, key.Item2, ourAmount, theirAmount, now));
        }

        // A day checked again keeps the lines (and the resolutions people wrote) it had, and adds the new ones.
        var added = lines.Where(l => !previous.Any(p => p.LineKind == l.LineKind && p.Reference == l.Reference)).ToList();
        foreach (var line in added)
        {
            db.ReconciliationLines.Add(line);
            if (line.IsDifference)
            {
                db.MoneyAlerts.Add(MoneyAlert.Raise(line.LotId, MoneyAlertKind.BillDifference, line.Reference,
                    DomainError.Of("Reconciliation.Differs", channel, line.Result).Encode(), now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var all = previous.Concat(added).ToList();
        return $"相符 {all.Count(l => !l.IsDifference)}，差异 {all.Count(l => l.IsDifference)} / matched {all.Count(l => !l.IsDifference)}, differences {all.Count(l => l.IsDifference)}";
    }
}
