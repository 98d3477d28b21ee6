using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Billing;
using SmartParking.Domain.Passes;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Passes;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Notices;

namespace SmartParking.Infrastructure.Payments;

/// <summary>
/// What a plate owes right now. For a car inside: the fee so far (<see cref="ComputedToUtc"/> is now), less what was
/// paid; a payment covers it to that time and the car has the grace to leave. For a car that left without paying:
/// its closed stay's fee, less what was paid.
/// </summary>
public sealed record StayBill(ParkingSession Stay, FeeQuote? Quote, decimal Fee, decimal Paid, decimal Due, DateTime ComputedToUtc, DateTime? LeaveByUtc);

/// <summary>An order placed with a provider: what to show the payer.</summary>
public sealed record PaymentStart(Payment Payment, PaymentPrompt Prompt);

/// <summary>
/// Takes money for the lot: places online orders for a stay's fee or an owner's top-up, books what the providers
/// confirm (each payment once: the payment's stamp and the ledger's unique index guard it), records the office's
/// cash top-ups. A booked stay payment releases the car waiting at the exit.
/// </summary>
public sealed class PaymentDesk(
    IDbContextFactory<ParkingDbContext> dbFactory,
    LotClock clock,
    FeeRuleBook rules,
    IEnumerable<IPaymentGateway> gateways,
    GateEventFeed feed,
    LaneBarrier barrier,
    NoticeDesk notices,
    IOptions<PaymentSettings> settings,
    HolidayCalendars calendars,
    ILogger<PaymentDesk> logger) : IPaymentNotices, IAsyncDisposable
{
    private const int Attempts = 8;

    private GroupCommit<Confirmation, NoticeBooking>? bookings;

    /// <summary>Stands for the payment's id in a return URL given before the payment exists.</summary>
    public const string OrderPlaceholder = "{order}";

    public PaymentSettings Settings => settings.Value;

    /// <summary>The online channels this install can take (a provider is offered only when its merchant settings are there).</summary>
    public IReadOnlyList<PaymentChannel> OnlineChannels { get; } = [.. gateways.Select(g => g.Channel).Distinct().Order()];

    public IPaymentGateway? Gateway(PaymentChannel channel) => gateways.FirstOrDefault(g => g.Channel == channel);

    public async Task<StayBill?> BillAsync(Guid lotId, PlateNumber plate, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.UtcNow;
        var open = await db.ParkingSessions.AsNoTracking().Where(ParkingSession.IsOpen)
            .FirstOrDefaultAsync(s => s.LotId == lotId && s.Plate == plate, cancellationToken);
        if (open is not null)
        {
            if (open.PaidThroughUtc is { } paidThrough && now <= paidThrough + Settings.Grace)
            {
                return new StayBill(open, null, open.Paid, open.Paid, 0m, paidThrough, paidThrough + Settings.Grace);
            }

            var rule = await rules.ByIdAsync(open.FeeRuleId, cancellationToken);
            var quote = open.Price(rule, now, clock.Zone, await calendars.ForRuleAsync(db, rule, open.EntryUtc, now, cancellationToken));
            var due = Math.Max(0m, quote.Total - open.Paid);
            return new StayBill(open, quote, quote.Total, open.Paid, due, now, due == 0m ? null : now + Settings.Grace);
        }

        var owed = await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.Plate == plate && s.State == SessionState.Closed
                && (s.Payment == PaymentState.Unpaid || s.Payment == PaymentState.Owed))
            .OrderByDescending(s => s.ExitUtc)
            .FirstOrDefaultAsync(cancellationToken);
        // A car paid at the barrier minutes ago: the page opened again from the lane's QR says so instead of "no stay".
        owed ??= await db.ParkingSessions.AsNoTracking()
            .Where(s => s.LotId == lotId && s.Plate == plate && s.State == SessionState.Closed && s.Payment == PaymentState.Paid
                && s.Paid > 0 && s.ExitUtc >= now - GateKeeper.AtTheBarrier)
            .OrderByDescending(s => s.ExitUtc)
            .FirstOrDefaultAsync(cancellationToken);
        if (owed is null)
        {
            return null;
        }

        // The breakdown of the fee as it was fixed at the exit (shown only when it adds up to that fee).
        var closedRule = await rules.ByIdAsync(owed.FeeRuleId, cancellationToken);
        var fixedQuote = owed.Price(closedRule, owed.ExitUtc!.Value, clock.Zone,
            await calendars.ForRuleAsync(db, closedRule, owed.EntryUtc, owed.ExitUtc.Value, cancellationToken));
        return new StayBill(owed, fixedQuote.Total == owed.Fee ? fixedQuote : null, owed.Fee, owed.Paid, owed.Due, owed.ExitUtc.Value, null);
    }

    /// <summary>Places an order for what the plate owes now; throws <see cref="DomainException"/> when nothing is due.</summary>
    public async Task<PaymentStart> StartStayPaymentAsync(
        Guid lotId, PlateNumber plate, PaymentChannel channel, PayerDevice device, string baseUrl, string? returnUrl, string? payerIp, CancellationToken cancellationToken = default)
    {
        var gateway = Gateway(channel) ?? throw new DomainException("Payment.ChannelOff", channel);
        var bill = await BillAsync(lotId, plate, cancellationToken) ?? throw new DomainException("Payment.NoStay", plate.Value);
        if (bill.Due <= 0m)
        {
            throw new DomainException("Payment.NothingDue", plate.Value);
        }

        var payment = Payment.ForStay(
            lotId, bill.Stay.Id, channel, bill.Due, bill.ComputedToUtc, $"停车费 {plate.Value}", clock.UtcNow, Settings.OrderLife, "visitor");
        return await PlaceAsync(gateway, payment, device, baseUrl, returnUrl, payerIp, cancellationToken);
    }

    public async Task<PaymentStart> StartTopUpAsync(
        Guid lotId, Guid ownerId, decimal amount, PaymentChannel channel, PayerDevice device, string baseUrl, string? returnUrl, string? payerIp, string actor,
        CancellationToken cancellationToken = default)
    {
        CheckTopUpAmount(amount);
        var gateway = Gateway(channel) ?? throw new DomainException("Payment.ChannelOff", channel);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Owners.AnyAsync(o => o.Id == ownerId && o.LotId == lotId && o.DeactivatedUtc == null, cancellationToken))
            {
                throw new DomainException("Person.NotFound");
            }
        }

        var payment = Payment.ForTopUp(lotId, ownerId, channel, amount, "停车账户充值", clock.UtcNow, Settings.OrderLife, actor);
        return await PlaceAsync(gateway, payment, device, baseUrl, returnUrl, payerIp, cancellationToken);
    }

    /// <summary>
    /// Places the order for an owner's monthly pass: the pass is written with its payment, awaiting it, and becomes valid
    /// only when the payment is booked.
    /// </summary>
    internal async Task<PaymentStart> StartPassPaymentAsync(
        MonthlyPass order, string description, PaymentChannel channel, PayerDevice device, string baseUrl, string? returnUrl, string? payerIp, string actor,
        CancellationToken cancellationToken)
    {
        var gateway = Gateway(channel) ?? throw new DomainException("Payment.ChannelOff", channel);
        var payment = Payment.ForPass(order.LotId, order.OwnerId!.Value, channel, order.Price, description, clock.UtcNow, Settings.OrderLife, actor);
        order.AwaitPayment(payment.Id);
        return await PlaceAsync(gateway, payment, device, baseUrl, returnUrl, payerIp, cancellationToken, db => db.MonthlyPasses.Add(order));
    }

    /// <summary>The office takes cash for an owner's account: booked at once, with the receipt the ledger entry stands for.</summary>
    public async Task<LedgerEntry> TopUpInCashAsync(Guid lotId, Guid ownerId, decimal amount, string actor, CancellationToken cancellationToken = default)
    {
        CheckTopUpAmount(amount);
        return await WithRetriesAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var owner = await db.Owners.FirstOrDefaultAsync(o => o.Id == ownerId && o.LotId == lotId, cancellationToken)
                ?? throw new DomainException("Person.NotFound");
            var now = clock.UtcNow;
            owner.TopUp(amount, now);
            var entry = LedgerEntry.TopUp(lotId, ownerId, PaymentChannel.Cash, amount, now, actor);
            db.LedgerEntries.Add(entry);
            db.AuditEntries.Add(AuditEntry.Record(now, actor, "TopUpInCash", $"Owner {ownerId}", null, $"¥{amount:0.00}", "cash", lotId));
            notices.ToOwner(db, owner, NoticeTemplates.TopUpReceived, new { amount, balance = owner.Balance }, now);
            await db.SaveChangesAsync(cancellationToken);
            return entry;
        }, cancellationToken);
    }

    public async Task<Payment?> FindAsync(Guid lotId, Guid paymentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.LotId == lotId && p.Id == paymentId, cancellationToken);
    }

    /// <summary>A verified callback: checked against the order (merchant, app, amount), then booked once.</summary>
    public Task<NoticeBooking> ReceiveAsync(PaymentNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Bookings.SubmitAsync(new Confirmation(notice.OutTradeNo, notice, notice.ProviderTradeNo, notice.PaidUtc ?? clock.UtcNow), cancellationToken);
    }

    /// <summary>Books a payment the follow-up's query found paid.</summary>
    public Task<NoticeBooking> BookPaidAsync(string outTradeNo, string? providerTradeNo, DateTime paidUtc, CancellationToken cancellationToken = default) =>
        Bookings.SubmitAsync(new Confirmation(outTradeNo, null, providerTradeNo, paidUtc), cancellationToken);

    public ValueTask DisposeAsync() => bookings?.DisposeAsync() ?? ValueTask.CompletedTask;

    private GroupCommit<Confirmation, NoticeBooking> Bookings => LazyInitializer.EnsureInitialized(ref bookings, () => new(BookTogetherAsync));

    /// <summary>
    /// Books the confirmations that arrived together in one transaction (group commit: a burst of callbacks costs one
    /// commit). A confirmation racing another writer (the gate, a second process) loses on the payment's stamp or the
    /// ledger's unique index, and the batch is read and booked again; a payment found paid is not booked twice.
    /// </summary>
    private async Task<IReadOnlyList<NoticeBooking>> BookTogetherAsync(IReadOnlyList<Confirmation> confirmations)
    {
        var (results, refused, released) = await WithRetriesAsync(async () =>
        {
            var results = new NoticeBooking[confirmations.Count];
            var refused = new List<(Payment Payment, DomainError Reason)>();
            var released = new List<(ParkingSession Stay, PaymentChannel Channel)>();
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var numbers = confirmations.Select(c => c.OutTradeNo).Distinct().ToList();
            var payments = await db.Payments.Where(p => numbers.Contains(p.OutTradeNo)).ToDictionaryAsync(p => p.OutTradeNo);
            var ownerIds = payments.Values.Where(p => p.OwnerId is not null).Select(p => p.OwnerId!.Value).Distinct().ToList();
            var owners = await db.Owners.Where(o => ownerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id);
            var stayIds = payments.Values.Where(p => p.SessionId is not null).Select(p => p.SessionId!.Value).Distinct().ToList();
            var stays = await db.ParkingSessions.Where(s => stayIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id);
            var now = clock.UtcNow;
            for (var i = 0; i < confirmations.Count; i++)
            {
                var confirmation = confirmations[i];
                if (!payments.TryGetValue(confirmation.OutTradeNo, out var payment))
                {
                    logger.LogWarning("A {Channel} confirmation names order {OutTradeNo}, which is not ours", confirmation.Notice?.Channel, confirmation.OutTradeNo);
                    results[i] = NoticeBooking.UnknownOrder;
                    continue;
                }

                if (confirmation.Notice is { } notice)
                {
                    var gateway = Gateway(payment.Channel);
                    var mismatch = gateway is null ? DomainError.Of("Payment.ChannelOff", payment.Channel) : payment.Mismatch(notice, gateway.MerchantId, gateway.AppId);
                    if (mismatch is not null)
                    {
                        refused.Add((payment, mismatch));
                        results[i] = NoticeBooking.Mismatch;
                        continue;
                    }

                    if (!notice.Paid)
                    {
                        results[i] = NoticeBooking.AlreadyBooked;
                        continue;
                    }
                }

                if (payment.Status is not (PaymentStatus.Created or PaymentStatus.Closed))
                {
                    results[i] = NoticeBooking.AlreadyBooked;
                    continue;
                }

                payment.MarkPaid(confirmation.ProviderTradeNo, confirmation.PaidUtc);
                if (payment.Purpose == PaymentPurpose.TopUp)
                {
                    var owner = owners[payment.OwnerId!.Value];
                    owner.TopUp(payment.Amount, confirmation.PaidUtc);
                    db.LedgerEntries.Add(LedgerEntry.TopUp(payment.LotId, owner.Id, payment.Channel, payment.Amount, confirmation.PaidUtc, payment.CreatedBy, payment.Id));
                    notices.ToOwner(db, owner, NoticeTemplates.TopUpReceived, new { amount = payment.Amount, balance = owner.Balance }, now);
                }
                else if (payment.Purpose == PaymentPurpose.Pass)
                {
                    await PassShop.BookAsync(db, payment, confirmation.PaidUtc, clock, notices, CancellationToken.None);
                }
                else
                {
                    var stay = stays[payment.SessionId!.Value];
                    var wasDue = stay.Due > 0m;
                    stay.RecordPayment(payment.Amount, payment.CoversUntilUtc);
                    db.LedgerEntries.Add(LedgerEntry.StayPayment(payment.LotId, stay.Id, payment.Channel, payment.Amount, confirmation.PaidUtc, payment.CreatedBy, payment.Id));
                    await TellVisitorAsync(db, stay, payment.Amount, now, CancellationToken.None);
                    if (wasDue && stay.Payment == PaymentState.Paid)
                    {
                        released.Add((stay, payment.Channel));
                    }
                }

                results[i] = NoticeBooking.Booked;
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return (results, refused, released);
        }, CancellationToken.None);

        foreach (var (payment, reason) in refused)
        {
            await RaiseAsync(payment.LotId, MoneyAlertKind.CallbackMismatch, payment.OutTradeNo, reason, CancellationToken.None);
            logger.LogWarning("Refused a {Channel} callback for {OutTradeNo}: {Reason}", payment.Channel, payment.OutTradeNo, reason.Code);
        }

        foreach (var (stay, channel) in released)
        {
            await ReleaseAsync(stay, channel);
        }

        return results;
    }

    /// <summary>The car at the exit may go: the booth's row turns "paid" and the lane's barrier opens on its next poll.</summary>
    internal async Task ReleaseAsync(ParkingSession stay, PaymentChannel channel)
    {
        if (stay.ExitLane is { } lane)
        {
            await barrier.OpenAsync(stay.LotId, lane, BarrierCause.Paid, $"payment:{channel}");
        }

        feed.Publish(new GateNews(
            stay.LotId, GateNewsKind.Paid, stay.Plate.Value, clock.LocalNow, GateVerdict.Open, stay.CustomerClass,
            DomainError.Of("Gate.PaidBy", channel).Encode(), stay.Fee, stay.Id, null, null, stay.ExitLane, Channel: channel));
    }

    internal async Task TellVisitorAsync(ParkingDbContext db, ParkingSession stay, decimal amount, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var visitor = await NoticeDesk.VisitorOfAsync(db, stay.LotId, stay.Plate, stay.EntryUtc, cancellationToken);
        if (visitor != Guid.Empty)
        {
            notices.ToVisitor(db, stay.LotId, visitor, NoticeTemplates.PaymentSucceeded, new { plate = stay.Plate.Value, amount }, nowUtc);
        }
    }

    internal async Task RaiseAsync(Guid lotId, MoneyAlertKind kind, string subject, DomainError reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var encoded = reason.Encode();
        if (!await db.MoneyAlerts.AnyAsync(a => a.LotId == lotId && a.Kind == kind && a.Subject == subject && a.Detail == encoded && a.ResolvedUtc == null, cancellationToken))
        {
            db.MoneyAlerts.Add(MoneyAlert.Raise(lotId, kind, subject, encoded, clock.UtcNow));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private void CheckTopUpAmount(decimal amount)
    {
        if (amount < Settings.TopUpMinimum)
        {
            throw new DomainException("TopUp.BelowMinimum", Settings.TopUpMinimum);
        }

        if (amount > Settings.TopUpMaximum)
        {
            throw new DomainException("TopUp.AboveMaximum", Settings.TopUpMaximum);
        }

        if (decimal.Round(amount, 2) != amount)
        {
            throw new DomainException("Ledger.AmountInvalid");
        }
    }

    private async Task<PaymentStart> PlaceAsync(
        IPaymentGateway gateway, Payment payment, PayerDevice device, string baseUrl, string? returnUrl, string? payerIp, CancellationToken cancellationToken,
        Action<ParkingDbContext>? alongside = null)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Payments.Add(payment);
            alongside?.Invoke(db);
            await db.SaveChangesAsync(cancellationToken);
        }

        var notifyPath = payment.Channel == PaymentChannel.WeChat ? "/api/payments/wechat/notify" : "/api/payments/alipay/notify";
        var root = (Settings.PublicBaseUrl ?? baseUrl).TrimEnd('/');
        try
        {
            var prompt = await gateway.CreateOrderAsync(
                new PaymentOrder(
                    payment.OutTradeNo, payment.Amount, payment.Description, payment.ExpiresUtc, device, root + notifyPath,
                    returnUrl?.Replace(OrderPlaceholder, payment.Id.ToString(), StringComparison.Ordinal), payerIp),
                cancellationToken);
            return new PaymentStart(payment, prompt);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The order never reached the provider (or it said no): nobody can pay it, so it closes here and now.
            logger.LogWarning(ex, "{Channel} refused or did not answer order {OutTradeNo}", payment.Channel, payment.OutTradeNo);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var placed = await db.Payments.SingleAsync(p => p.Id == payment.Id, CancellationToken.None);
            placed.Close(clock.UtcNow);
            await db.SaveChangesAsync(CancellationToken.None);
            throw new DomainException("Payment.ProviderUnavailable", payment.Channel);
        }
    }

    internal static async Task<T> WithRetriesAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another writer (a second callback, the gate, the follow-up) changed the rows first: read them again.
                await Task.Delay(Random.Shared.Next(2, 10) * attempt, cancellationToken);
            }
        }
    }

    /// <summary>A provider's word that an order was paid: its callback (checked against the order), or its answer to our query.</summary>
    private sealed record Confirmation(string OutTradeNo, PaymentNotice? Notice, string? ProviderTradeNo, DateTime PaidUtc);
}
