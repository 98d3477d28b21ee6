using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Billing;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;
using SmartParking.Infrastructure.Notices;
using SmartParking.Infrastructure.Payments;
using SmartParking.Infrastructure.Reports;
using SmartParking.Domain.Payments;
using System.Runtime.ExceptionServices;

namespace SmartParking.Infrastructure.Gate;

/// <summary>A car at an entry; the camera's plate colour picks the lot's type for it when no type is sent.</summary>
public sealed record EntryRequest(Guid LotId, PlateNumber Plate, DateTime AtUtc, VehicleType? VehicleType, string Source, Guid? CaptureId = null, PlateColour? PlateColour = null);

public enum EntryStatus
{
    /// <summary>A new stay was recorded (gate open, or held for a visitor's registration).</summary>
    Admitted,

    /// <summary>The same read arrived again; the stay it opened is returned and nothing is written.</summary>
    Repeated,

    /// <summary>The plate already has an open stay from another time: no second stay, the guard looks.</summary>
    AlreadyInside,

    /// <summary>The barrier stays shut (blacklist, lot full); nothing is written.</summary>
    Denied,

    /// <summary>No fee rule exists for this vehicle type and customer class; nothing is written.</summary>
    NoFeeRule,
}

public sealed record EntryOutcome(EntryStatus Status, GateDecision Decision, ParkingSession? Session, Guid? EventId)
{
    /// <summary>Why the car was not let in (the decision's own reason when the gate said no); null when it was.</summary>
    public DomainError? Failure => Status switch
    {
        EntryStatus.Denied or EntryStatus.AlreadyInside => Decision.Reason,
        EntryStatus.NoFeeRule => DomainError.Of("Gate.NoFeeRule"),
        _ => null,
    };
}

public sealed record ExitRequest(Guid LotId, PlateNumber Plate, DateTime AtUtc, string Source, Guid? CaptureId = null, string? Lane = null);

public enum ExitStatus
{
    Closed,

    /// <summary>
    /// The same exit read arrived again, or the car is still at the barrier of the stay it closed minutes ago: that
    /// stay is returned with the gate's present answer and nothing is charged twice.
    /// </summary>
    Repeated,

    NotInside,

    BeforeEntry,

    /// <summary>
    /// Not charged: the stay is longer than the lot allows, or its fee above the ceiling without a confirmation. The
    /// barrier holds, the booth sees why, the stay stays open and nothing is written.
    /// </summary>
    Held,
}

/// <summary>
/// What became of an exit read. <see cref="Decision"/> is the barrier's answer: open, or hold while a visitor's fee is
/// unpaid or an owner owes more than the lot allows.
/// </summary>
public sealed record ExitOutcome(ExitStatus Status, ParkingSession? Session, FeeQuote? Quote, decimal? OwnerBalance, Guid? EventId, GateDecision? Decision = null);

/// <summary>
/// Decides and records entries and exits. Each is one transaction: the stay, the owner's balance, the income rollup
/// and the gate event are written together or not at all.
/// </summary>
public sealed class GateKeeper(
    IDbContextFactory<ParkingDbContext> dbFactory,
    LotClock clock,
    GateEventFeed feed,
    LotFullNotices lotFull,
    NoticeDesk notices,
    FeeRuleBook rules,
    IOptions<GateSettings> gate,
    PaymentDesk payments,
    LaneBarrier barrier,
    IncomeWindow income,
    GateWriter writer,
    HolidayCalendars calendars,
    GateConnection connection,
    NoticeSendingSoon sendingSoon) : IAsyncDisposable
{
    // A car read again at the exit this soon after its stay closed is the same car still at the barrier (waiting to pay).
    internal static readonly TimeSpan AtTheBarrier = TimeSpan.FromMinutes(15);

    private const int Attempts = 10;

    // A batch that loses a race to another instance is read and decided again a few times before its reads are
    // written one at a time (GroupCommit), each with the full number of attempts.
    private const int BatchAttempts = 3;

    // One gate write at a time in this process (GateWriter says why).
    private readonly SemaphoreSlim _writer = writer.Semaphore;

    private GroupCommit<GateCall, object>? _calls;

    // Camera reads that arrive while a batch is written wait and go together in the next one transaction (decision 046).
    private GroupCommit<GateCall, object> Calls => LazyInitializer.EnsureInitialized(ref _calls, () => new(WriteTogetherAsync));

    public async Task<EntryOutcome> EnterAsync(EntryRequest request, CancellationToken cancellationToken = default) =>
        (EntryOutcome)await Calls.SubmitAsync(new EntryCall(request), cancellationToken);

    public async Task<ExitOutcome> ExitAsync(ExitRequest request, CancellationToken cancellationToken = default) =>
        (ExitOutcome)await Calls.SubmitAsync(new ExitCall(request), cancellationToken);

    public ValueTask DisposeAsync() => _calls?.DisposeAsync() ?? ValueTask.CompletedTask;

    // Tests hold the writer while they queue reads, so that those are decided as one batch.
    internal SemaphoreSlim Writer => _writer;

    internal int Queued => _calls?.Queued ?? 0;

    /// <summary>
    /// Runs one gate write under the writer lock. A unique-index or concurrency-stamp failure means another instance
    /// wrote first (the same plate, the balance, the hour's income): the next pass starts again from fresh rows.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _writer.WaitAsync(cancellationToken);
            try
            {
                return await work();
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
            }
            finally
            {
                _writer.Release();
            }

            await StepAsideAsync(attempt, cancellationToken);
        }
    }

    // Another instance won this round: step aside a little, a little longer each time, so the two do not collide again.
    private static Task StepAsideAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(Random.Shared.Next(2, 10) * attempt, cancellationToken);

    /// <summary>
    /// Decides and writes a batch of camera reads in one transaction; each camera is answered once it is committed.
    /// A batch that fails on another writer's stamp is decided again from fresh rows; any other failure of a batch is
    /// left to <see cref="GroupCommit{TRequest,TResult}"/>, which writes its reads one at a time, so that one read
    /// (an entry replayed after its exit, a lot that is gone) cannot fail its neighbours.
    /// </summary>
    private async Task<IReadOnlyList<object>> WriteTogetherAsync(IReadOnlyList<GateCall> calls)
    {
        for (var attempt = 1; ; attempt++)
        {
            (object[] Answers, List<GateNews> News)? decided = null;
            DbUpdateException? failure = null;
            await _writer.WaitAsync();
            try
            {
                decided = await DecideAsync(calls);
            }
            catch (DbUpdateException ex) when (calls.Count == 1 || (ex is DbUpdateConcurrencyException && attempt < BatchAttempts))
            {
                failure = ex;
            }
            catch (Exception ex) when (ex is not DbUpdateException and not DomainException)
            {
                await connection.ResetAsync();
                throw;
            }
            finally
            {
                _writer.Release();
            }

            if (decided is var (answers, news))
            {
                foreach (var item in news)
                {
                    feed.Publish(item);
                }

                return answers;
            }

            // A camera replaying its buffer sends the entry of a stay that has since closed: the (plate, entry time)
            // index says it is known, and the caller gets that stay as for any repeated read. Looked up only when the
            // write failed, so the usual entry pays no extra query.
            if (calls is [EntryCall { Request: var entry }] && await StayEnteredAtAsync(entry.LotId, entry.Plate, entry.AtUtc, CancellationToken.None) is { } known)
            {
                return [new EntryOutcome(EntryStatus.Repeated, GateDecision.Open(known.CustomerClass, DomainError.Of("Gate.RepeatedEntry")), known, null)];
            }

            if (calls.Count == 1 && attempt >= Attempts)
            {
                ExceptionDispatchInfo.Throw(failure!);
            }

            await StepAsideAsync(attempt, CancellationToken.None);
        }
    }

    // One connection, one transaction, one save for the whole batch.
    private async Task<(object[] Answers, List<GateNews> News)> DecideAsync(IReadOnlyList<GateCall> calls)
    {
        await using var db = await OpenAsync(CancellationToken.None);
        var batch = await GateBatch.ReadAsync(db, calls, TimeSpan.FromHours(gate.Value.VisitorRegistrationHours));
        var answers = new object[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            answers[i] = calls[i] switch
            {
                EntryCall entry => await DecideEntryAsync(batch, entry.Request),
                ExitCall exit => await DecideExitAsync(batch, exit.Request, exit.Audit),
                _ => throw new InvalidOperationException(),
            };
        }

        await SaveAndCommitAsync(db, CancellationToken.None);
        // Still under the writer: the rolling income reads the database under it too, so each fee is counted once.
        income.Booked(batch.Booked);
        return (answers, batch.News);
    }

    private async Task<EntryOutcome> DecideEntryAsync(GateBatch batch, EntryRequest request)
    {
        var db = batch.Db;
        var plate = request.Plate;
        var lotId = request.LotId;
        var lot = batch.Lot(lotId) ?? throw new DomainException("Lot.NotFound");

        var open = batch.OpenStay(lotId, plate);
        if (open is not null)
        {
            var decision = GateDecision.Deny(open.CustomerClass, DenialCause.AlreadyInside, DomainError.Of("Gate.AlreadyInside", plate.Value));
            if (open.EntryUtc == request.AtUtc)
            {
                return new EntryOutcome(EntryStatus.Repeated, GateDecision.Open(open.CustomerClass, DomainError.Of("Gate.RepeatedEntry")), open, null);
            }

            batch.News.Add(News(lotId, GateNewsKind.RepeatEntry, plate, request.AtUtc, decision, null, open.Id, null, request.CaptureId));
            return new EntryOutcome(EntryStatus.AlreadyInside, decision, open, null);
        }

        var vehicle = batch.ApprovedVehicle(lotId, plate);
        var listing = batch.Listings(lotId, plate).Where(l => l.AppliesAt(request.AtUtc))
            .OrderBy(l => l.Kind switch { ListKind.Blacklist => 0, ListKind.Exempt => 1, _ => 2 })
            .FirstOrDefault();
        var registeredSince = request.AtUtc - TimeSpan.FromHours(gate.Value.VisitorRegistrationHours);
        var registered = vehicle is null && batch.RegisteredBetween(lotId, plate, registeredSince, request.AtUtc);
        var inside = batch.Inside(lotId);

        var capacity = lot.Capacity;
        var vehicleType = request.VehicleType ?? vehicle?.Type ?? lot.VehicleTypeFor(request.PlateColour ?? PlateColours.Of(plate));
        var pass = batch.Passes.For(lotId, plate, vehicleType, request.AtUtc);
        var exemption = Exemption.Of(listing, plate, lot.Policy);
        var invitation = vehicle is null && pass is null && exemption is null ? batch.VisitorPassFor(lotId, plate, request.AtUtc) : null;
        var host = invitation is null ? null : await batch.OwnerAsync(invitation.OwnerId);
        var verdict = EntryRule.Decide(new EntryFacts(
            vehicle is not null, listing, registered, inside, capacity, lot.VisitorsRegister, pass?.ProductName, exemption, host is { IsActive: true } ? HostLabel(host) : null));
        if (!verdict.LetsIn)
        {
            if (verdict.Cause == DenialCause.LotFull)
            {
                // Only the owners' notices are written; the turned-away visitor leaves no stay and no event. Owners
                // told earlier in this batch must be seen as told.
                await batch.FlushAsync();
                await lotFull.QueueAsync(db, lot, clock.UtcNow, CancellationToken.None);
            }

            batch.News.Add(News(lotId, GateNewsKind.Denied, plate, request.AtUtc, verdict, null, null, null, request.CaptureId));
            return new EntryOutcome(EntryStatus.Denied, verdict, null, null);
        }

        var rule = await rules.CurrentAsync(lotId, vehicleType, verdict.CustomerClass, CancellationToken.None);
        if (rule is null)
        {
            return new EntryOutcome(EntryStatus.NoFeeRule, verdict, null, null);
        }

        var stay = ParkingSession.Enter(
            lotId, plate, vehicleType, verdict.CustomerClass, vehicle?.OwnerId, rule, request.AtUtc, awaitingRegistration: verdict.Verdict == GateVerdict.Hold);
        if (exemption is not null && verdict.Reason.Code == "Gate.Exempt")
        {
            stay.Exempt(exemption);
        }
        else if (pass is not null && verdict.Reason.Code == "Gate.MonthlyPass")
        {
            stay.CoverByPass(pass.PassId, pass.CoversUntilUtc, pass.ReservedSpace);
        }

        if (invitation is not null && verdict.Reason.Code == "Gate.InvitedGuest")
        {
            invitation.Enter(plate, request.AtUtc);
            stay.Invite(invitation.Id, invitation.OwnerId, invitation.Payer == VisitorPassPayer.Owner);
        }

        var entered = GateEvent.Entered(stay, verdict, request.Source, request.CaptureId);
        db.ParkingSessions.Add(stay);
        db.GateEvents.Add(entered);
        batch.Entered(stay);
        await QueueEntryNoticeAsync(batch, stay, rule, vehicle?.OwnerId, registered);
        var owed = await OwedAsync(batch, stay);
        ConcurrencyStamp.Touch(db, lot);

        batch.News.Add(News(lotId, GateNewsKind.Entered, plate, request.AtUtc, verdict, null, stay.Id, entered.Id, request.CaptureId) with { Owed = owed > 0m ? owed : null });
        return new EntryOutcome(EntryStatus.Admitted, verdict, stay, entered.Id);
    }

    private async Task<ExitOutcome> DecideExitAsync(GateBatch batch, ExitRequest request, AuditEntry? audit)
    {
        var db = batch.Db;
        var plate = request.Plate;
        var lotId = request.LotId;

        var stay = batch.OpenStay(lotId, plate);
        if (stay is null)
        {
            // The stay may have closed earlier in this batch: the query below must see it.
            await batch.FlushAsync();
            var recently = request.AtUtc - AtTheBarrier;
            // The same read again, or a visitor's car still at the barrier (waiting to pay, or just paid) read once more.
            var closed = await db.ParkingSessions.AsNoTracking()
                .Where(s => s.LotId == lotId && s.Plate == plate && s.State == SessionState.Closed)
                .Where(s => s.ExitUtc == request.AtUtc || (s.ExitUtc < request.AtUtc && s.ExitUtc >= recently && s.CustomerClass == CustomerClass.Visitor
                    && (s.Payment == PaymentState.Unpaid || s.Payment == PaymentState.Paid)))
                .OrderByDescending(s => s.ExitUtc)
                .FirstOrDefaultAsync();
            if (closed is null)
            {
                batch.News.Add(News(lotId, GateNewsKind.ExitWithoutEntry, plate, request.AtUtc,
                    GateDecision.Hold(CustomerClass.Visitor, DomainError.Of("Gate.NoEntryOnRecord")), null, null, null, request.CaptureId));
                return new ExitOutcome(ExitStatus.NotInside, null, null, null, null);
            }

            var balanceNow = await BalanceAsync(db, closed.OwnerId, CancellationToken.None);
            return new ExitOutcome(ExitStatus.Repeated, closed, null, balanceNow, null, ExitDecision(closed, balanceNow));
        }

        if (request.AtUtc < stay.EntryUtc)
        {
            return new ExitOutcome(ExitStatus.BeforeEntry, stay, null, null, null);
        }

        var limits = gate.Value;
        if (request.AtUtc - stay.EntryUtc > TimeSpan.FromDays(limits.MaxStayDays))
        {
            return Held(batch, stay, request, DomainError.Of("Gate.StayTooLong", (int)(request.AtUtc - stay.EntryUtc).TotalDays, limits.MaxStayDays));
        }

        if (stay.PassCoversUntilUtc is { } covered)
        {
            // Renewed while the car was inside: the new pass carries the cover on.
            stay.ExtendPass(batch.Passes.CoversUntil(lotId, plate, covered));
        }

        var rule = await rules.ByIdAsync(stay.FeeRuleId, CancellationToken.None);
        var holidays = await calendars.ForRuleAsync(db, rule, stay.EntryUtc, request.AtUtc);
        var due = stay.Quote(request.AtUtc, rule, clock.Zone, payments.Settings.Grace, holidays).Total;
        if (due > limits.FeeCeiling && !(stay.FeeConfirmedUpTo >= due))
        {
            return Held(batch, stay, request, DomainError.Of("Gate.FeeNeedsConfirmation", due, limits.FeeCeiling));
        }

        var quote = stay.Exit(request.AtUtc, rule, clock.Zone, payments.Settings.Grace, request.Lane, holidays);
        batch.Left(stay);
        // What each coupon took off is owed by its issuer: booked now the fee is fixed, once per use (unique index).
        foreach (var coupon in quote.Coupons.Where(c => c.Amount > 0m))
        {
            db.LedgerEntries.Add(LedgerEntry.CouponDiscount(lotId, stay.Id, coupon.UseId, coupon.Amount, request.AtUtc, coupon.Label));
        }

        decimal? balance = null;
        if (stay.OwnerId is { } ownerId)
        {
            var owner = await batch.OwnerAsync(ownerId) ?? throw new InvalidOperationException($"Owner {ownerId} of stay {stay.Id} is missing.");
            var wasInCredit = owner.Balance >= 0;
            if (stay.Fee > 0m)
            {
                owner.Charge(stay.Fee);
                db.LedgerEntries.Add(LedgerEntry.Charge(lotId, ownerId, stay.Id, stay.Fee, request.AtUtc));
            }

            balance = owner.Balance;
            if (wasInCredit && owner.Balance < 0)
            {
                notices.ToOwner(db, owner, NoticeTemplates.Arrears, new { plate = plate.Value, fee = stay.Fee, balance = owner.Balance }, clock.UtcNow);
            }
        }
        else if (stay.HostId is { } hostId && await batch.OwnerAsync(hostId) is { } host)
        {
            await BillHostAsync(batch, stay, host, request.AtUtc);
        }

        batch.IncomeHourOf(lotId, request.AtUtc).Book(stay.Fee);
        batch.Booked.Add((lotId, request.AtUtc, stay.Fee));
        var exited = GateEvent.Exited(stay, request.Source, request.CaptureId);
        db.GateEvents.Add(exited);
        if (audit is not null)
        {
            db.AuditEntries.Add(audit);
        }

        var decision = ExitDecision(stay, balance);
        batch.News.Add(News(lotId, GateNewsKind.Exited, plate, request.AtUtc, decision, stay.Fee, stay.Id, exited.Id, request.CaptureId) with { Lane = request.Lane });
        return new ExitOutcome(ExitStatus.Closed, stay, quote, balance, exited.Id, decision);
    }

    // The host's balance pays the guest's fee up to what is left of the host's monthly limit; the guest pays the rest
    // like any visitor. The host hears of the exit either way.
    private async Task BillHostAsync(GateBatch batch, ParkingSession stay, Owner host, DateTime atUtc)
    {
        var byHost = 0m;
        if (stay.HostPays && stay.Due > 0m)
        {
            var limit = host.GuestPayPerMonth ?? batch.Lot(stay.LotId)!.GuestPayPerMonth;
            var left = limit - await GuestPaidInMonthAsync(batch, host.Id, atUtc);
            byHost = Math.Min(stay.Due, Math.Max(left, 0m));
            if (byHost > 0m)
            {
                host.Charge(byHost);
                batch.Db.LedgerEntries.Add(LedgerEntry.Charge(stay.LotId, host.Id, stay.Id, byHost, atUtc));
                stay.RecordPayment(byHost, null);
            }
        }

        notices.ToOwner(batch.Db, host, NoticeTemplates.GuestLeft, new
        {
            plate = stay.Plate.Value, time = clock.ToLocal(atUtc).ToString("yyyy-MM-dd HH:mm"), fee = stay.Fee, by_owner = byHost, by_guest = stay.Due,
        }, clock.UtcNow);
    }

    // What the host's balance paid for guests in the lot-local month of atUtc, the exits earlier in this batch included.
    private async Task<decimal> GuestPaidInMonthAsync(GateBatch batch, Guid hostId, DateTime atUtc)
    {
        await batch.FlushAsync();
        var (fromUtc, toUtc) = clock.MonthBoundsUtc(DateOnly.FromDateTime(clock.ToLocal(atUtc)));
        var db = batch.Db;
        var amounts = await db.LedgerEntries
            .Where(e => e.OwnerId == hostId && e.Kind == LedgerEntryKind.Charge && e.AtUtc >= fromUtc && e.AtUtc < toUtc
                && db.ParkingSessions.Any(s => s.Id == e.SessionId && s.HostId == hostId))
            .Select(e => e.Amount)
            .ToListAsync();
        return amounts.Sum();
    }

    // The booth names the host by their unit (1-2-301), or by name when no unit is on file.
    private static string HostLabel(Owner host) => string.IsNullOrWhiteSpace(host.Unit) ? host.Name : host.Unit;

    // An absurd bill is never charged by a camera alone: the barrier holds and the booth sees why (nothing is written).
    private ExitOutcome Held(GateBatch batch, ParkingSession stay, ExitRequest request, DomainError why)
    {
        var decision = GateDecision.Hold(stay.CustomerClass, why);
        batch.News.Add(News(stay.LotId, GateNewsKind.HeldForReview, stay.Plate, request.AtUtc, decision, null, stay.Id, null, request.CaptureId) with { Lane = request.Lane });
        return new ExitOutcome(ExitStatus.Held, stay, null, null, null, decision);
    }

    /// <summary>Finance or an admin accepts a fee above the ceiling for a stay still inside; audited with the reason.</summary>
    public Task<ParkingSession?> ConfirmFeeAsync(Guid lotId, Guid sessionId, decimal amount, string actor, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stay = await db.ParkingSessions.FirstOrDefaultAsync(s => s.LotId == lotId && s.Id == sessionId, cancellationToken);
            if (stay is null)
            {
                return null;
            }

            var before = stay.FeeConfirmedUpTo is { } earlier ? $"¥{earlier:0.00}" : null;
            stay.ConfirmFee(amount);
            db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ConfirmFee", $"ParkingSession {stay.Id} {stay.Plate}", before, $"¥{amount:0.00}", reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
            return stay;
        }, cancellationToken);

    // The barrier waits for a visitor's fee, and for an owner who owes more than the lot allows (a guard can still open).
    private GateDecision ExitDecision(ParkingSession stay, decimal? ownerBalance)
    {
        if (stay.Due > 0m && stay.Payment == PaymentState.Unpaid)
        {
            return GateDecision.Hold(stay.CustomerClass, DomainError.Of("Gate.PayFirst", stay.Due));
        }

        if (ownerBalance is { } balance && -balance > payments.Settings.ArrearsLimit)
        {
            return GateDecision.Hold(stay.CustomerClass, DomainError.Of("Gate.ArrearsOverLimit", -balance));
        }

        return GateDecision.Open(stay.CustomerClass, GateEvent.ExitReason(stay));
    }

    /// <summary>
    /// A visitor's registration (phone form or booth). A stay held for it is released: the booth sees the gate open.
    /// </summary>
    public Task<ParkingSession?> RegisterVisitorAsync(Visitor visitor, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.Visitors.Add(visitor);
            var held = await db.ParkingSessions.FirstOrDefaultAsync(
                s => s.LotId == visitor.LotId && s.Plate == visitor.Plate && s.State == SessionState.AwaitingRegistration, cancellationToken);
            held?.MarkRegistered();
            await db.SaveChangesAsync(cancellationToken);
            if (held is not null)
            {
                var decision = GateDecision.Open(CustomerClass.Visitor, DomainError.Of("Gate.RegisteredVisitor"));
                feed.Publish(News(visitor.LotId, GateNewsKind.Registered, visitor.Plate, visitor.RegisteredUtc, decision, null, held.Id, null));
            }

            return held;
        }, cancellationToken);

    /// <summary>A guard corrects a misread plate on a stay that is inside; the original and the correction are audited.</summary>
    public Task<ParkingSession?> CorrectPlateAsync(Guid lotId, Guid sessionId, PlateNumber plate, string actor, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stay = await db.ParkingSessions.FirstOrDefaultAsync(s => s.LotId == lotId && s.Id == sessionId, cancellationToken);
            if (stay is null)
            {
                return null;
            }

            if (await OpenStayAsync(db, lotId, plate, cancellationToken) is not null)
            {
                throw new Domain.Common.DomainException("Stay.PlateAlreadyInside", plate.Value);
            }

            var original = stay.Plate.Value;
            stay.CorrectPlate(plate);
            db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "CorrectPlate", $"ParkingSession {stay.Id}", original, plate.Value, reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
            feed.Publish(News(lotId, GateNewsKind.Corrected, plate, clock.UtcNow, GateDecision.Open(stay.CustomerClass, DomainError.Of("Gate.PlateCorrected", original, plate.Value, reason)), null, stay.Id, null));
            return stay;
        }, cancellationToken);

    /// <summary>
    /// A guard decides that an exit read with no entry belongs to a stay that is open (the entry or the exit was
    /// misread): that stay closes at the exit read's time and is billed as usual, with both plates in the audit log.
    /// </summary>
    public Task<ExitOutcome> MergeExitAsync(Guid lotId, Guid sessionId, string exitRead, DateTime exitAtUtc, Guid? captureId, string actor, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            PlateNumber plate;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                plate = await db.ParkingSessions.AsNoTracking()
                    .Where(ParkingSession.IsOpen).Where(s => s.LotId == lotId && s.Id == sessionId)
                    .Select(s => s.Plate)
                    .FirstOrDefaultAsync(cancellationToken)
                    ?? throw new Domain.Common.DomainException("Stay.NoLongerOpen");
            }

            var audit = AuditEntry.Record(clock.UtcNow, actor, "MergeExit", $"ParkingSession {sessionId}", $"{exitRead} (exit without entry)", $"{plate} (exit)", reason, lotId);
            var (answers, news) = await DecideAsync([new ExitCall(new ExitRequest(lotId, plate, exitAtUtc, actor, captureId), audit)]);
            var outcome = (ExitOutcome)answers[0];
            news.ForEach(feed.Publish);
            return outcome.Status == ExitStatus.BeforeEntry
                ? throw new Domain.Common.DomainException("Stay.MergedExitBeforeEntry")
                : outcome;
        }, cancellationToken);

    /// <summary>A guard closes a review item without changing a stay (e.g. a ghost read); the reason is kept.</summary>
    public async Task RecordReviewAsync(Guid lotId, string what, string plate, string actor, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "DismissReview", $"{what} {plate}", null, "dismissed", reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The guard lifts the barrier by hand; nothing about a stay changes, but the act and its reason are kept.</summary>
    public async Task<BarrierCommand> OpenByHandAsync(Guid lotId, string lane, string actor, string reason, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, BoothLog.OpenByHandAction, $"Lane {lane}", null, "open", reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
        }

        var command = await barrier.OpenAsync(lotId, lane, BarrierCause.Hand, actor, reason, cancellationToken);
        feed.Publish(new GateNews(lotId, GateNewsKind.OpenedByHand, "—", clock.ToLocal(command.IssuedUtc), GateVerdict.Open, null, reason, null, null, null, null, lane, actor) { Key = command.Id });
        return command;
    }

    /// <summary>The booth takes a visitor's fee in cash; audited with the amount.</summary>
    public Task<ParkingSession?> SettleInCashAsync(Guid lotId, Guid sessionId, string actor, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stay = await db.ParkingSessions.FirstOrDefaultAsync(s => s.LotId == lotId && s.Id == sessionId, cancellationToken);
            if (stay is null)
            {
                return null;
            }

            var before = stay.Payment.ToString();
            var taken = stay.SettleInCash();
            var now = clock.UtcNow;
            await payments.TellVisitorAsync(db, stay, taken, now, cancellationToken);
            db.LedgerEntries.Add(LedgerEntry.StayPayment(lotId, stay.Id, PaymentChannel.Cash, taken, now, actor));
            db.AuditEntries.Add(AuditEntry.Record(
                now, actor, "SettleInCash", $"ParkingSession {stay.Id} {stay.Plate}", before, $"{stay.Payment} ¥{taken:0.00}", "cash", lotId));
            await db.SaveChangesAsync(cancellationToken);
            await payments.ReleaseAsync(stay, PaymentChannel.Cash);
            return stay;
        }, cancellationToken);

    /// <summary>
    /// The guard lets a car out without payment (the visitor cannot pay, the queue must move): the fee stays owed,
    /// follows the plate and is listed for Finance; the act and its reason are audited.
    /// </summary>
    public Task<ParkingSession?> LetOutUnpaidAsync(Guid lotId, Guid sessionId, string actor, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stay = await db.ParkingSessions.FirstOrDefaultAsync(s => s.LotId == lotId && s.Id == sessionId, cancellationToken);
            if (stay is null)
            {
                return null;
            }

            stay.LetOutUnpaid();
            db.AuditEntries.Add(AuditEntry.Record(
                clock.UtcNow, actor, "LetOutUnpaid", $"ParkingSession {stay.Id} {stay.Plate}", PaymentState.Unpaid.ToString(), $"{stay.Payment} ¥{stay.Due:0.00}", reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
            if (stay.ExitLane is { } lane)
            {
                await barrier.OpenAsync(lotId, lane, BarrierCause.LetOutUnpaid, actor, reason, cancellationToken);
            }

            feed.Publish(News(lotId, GateNewsKind.Exited, stay.Plate, clock.UtcNow, GateDecision.Open(stay.CustomerClass, DomainError.Of("Gate.LetOutUnpaid", reason)), stay.Fee, stay.Id, null) with { Lane = stay.ExitLane, Actor = actor });
            return stay;
        }, cancellationToken);

    /// <summary>The guard cancels a stay that never happened (the car turned away at the barrier); audited with the reason.</summary>
    public Task<ParkingSession?> CancelAsync(Guid lotId, Guid sessionId, string actor, string reason, CancellationToken cancellationToken = default) =>
        WriteAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var stay = await db.ParkingSessions.FirstOrDefaultAsync(s => s.LotId == lotId && s.Id == sessionId, cancellationToken);
            if (stay is null)
            {
                return null;
            }

            var before = stay.State.ToString();
            stay.Cancel();
            db.AuditEntries.Add(AuditEntry.Record(
                clock.UtcNow, actor, "CancelStay", $"ParkingSession {stay.Id} {stay.Plate}", before, stay.State.ToString(), reason, lotId));
            await db.SaveChangesAsync(cancellationToken);
            feed.Publish(News(lotId, GateNewsKind.Cancelled, stay.Plate, clock.UtcNow, GateDecision.Deny(stay.CustomerClass, DenialCause.None, DomainError.Of("Gate.Cancelled", reason)), null, stay.Id, null));
            return stay;
        }, cancellationToken);

    // A car let out unpaid before is back: the guard sees the debt on the entry, and the visitor of that stay hears of it.
    private async Task<decimal> OwedAsync(GateBatch batch, ParkingSession stay)
    {
        if (stay.CustomerClass != CustomerClass.Visitor)
        {
            return 0m;
        }

        var debts = batch.Debts(stay.LotId, stay.Plate);
        if (debts.Count == 0)
        {
            return 0m;
        }

        var total = debts.Sum(d => d.Owed);
        var last = debts.MaxBy(d => d.ExitUtc)!;
        var visitor = await NoticeDesk.VisitorOfAsync(batch.Db, stay.LotId, stay.Plate, last.EntryUtc, CancellationToken.None);
        if (visitor != Guid.Empty)
        {
            notices.ToVisitor(batch.Db, stay.LotId, visitor, NoticeTemplates.FeeOwed,
                new { plate = stay.Plate.Value, amount = total, time = clock.ToLocal(last.ExitUtc).ToString("yyyy-MM-dd HH:mm") }, clock.UtcNow);
        }

        return total;
    }

    // The owner (or registered visitor) hears that the car came in and how long it may stay free.
    private async Task QueueEntryNoticeAsync(GateBatch batch, ParkingSession stay, FeeRule rule, Guid? ownerId, bool registeredVisitor)
    {
        var parameters = new { plate = stay.Plate.Value, time = clock.ToLocal(stay.EntryUtc).ToString("yyyy-MM-dd HH:mm"), free_minutes = rule.FreeMinutes };
        if (ownerId is { } id)
        {
            if (await batch.OwnerAsync(id) is { } owner)
            {
                notices.ToOwner(batch.Db, owner, NoticeTemplates.Entry, parameters, clock.UtcNow);
            }
        }
        else if (stay.HostId is { } hostId)
        {
            if (await batch.OwnerAsync(hostId) is { } host)
            {
                notices.ToOwner(batch.Db, host, NoticeTemplates.GuestEntered, parameters, clock.UtcNow);
            }
        }
        else if (registeredVisitor)
        {
            var visitor = await NoticeDesk.VisitorOfAsync(batch.Db, stay.LotId, stay.Plate, stay.EntryUtc, CancellationToken.None);
            if (visitor != Guid.Empty)
            {
                notices.ToVisitor(batch.Db, stay.LotId, visitor, NoticeTemplates.Entry, parameters, clock.UtcNow);
            }
        }
    }

    // One connection and one transaction for the whole decision. On SQLite the transaction begins IMMEDIATE: the
    // checks, the car count and the write happen under the file's one writer lock, across processes too, so a second
    // instance waits instead of deciding on rows about to change. SQL Server relies on the stamps and the retry.
    private async Task<ParkingDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await connection.AttachAsync(db, cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.BeginTransactionAsync(cancellationToken);
        return db;
    }

    private async Task SaveAndCommitAsync(ParkingDbContext db, CancellationToken cancellationToken)
    {
        await db.SaveAsync(connection, sendingSoon, cancellationToken);
        await db.Database.CommitTransactionAsync(cancellationToken);
    }

    private async Task<ParkingSession?> StayEnteredAtAsync(Guid lotId, PlateNumber plate, DateTime entryUtc, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ParkingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.LotId == lotId && s.Plate == plate && s.EntryUtc == entryUtc, cancellationToken);
    }

    private static Task<ParkingSession?> OpenStayAsync(ParkingDbContext db, Guid lotId, PlateNumber plate, CancellationToken cancellationToken) =>
        db.ParkingSessions.Where(ParkingSession.IsOpen).FirstOrDefaultAsync(s => s.LotId == lotId && s.Plate == plate, cancellationToken);

    private static async Task<decimal?> BalanceAsync(ParkingDbContext db, Guid? ownerId, CancellationToken cancellationToken) =>
        ownerId is null ? null : await db.Owners.Where(o => o.Id == ownerId).Select(o => (decimal?)o.Balance).FirstOrDefaultAsync(cancellationToken);

    private GateNews News(Guid lotId, GateNewsKind kind, PlateNumber plate, DateTime atUtc, GateDecision decision, decimal? fee, Guid? sessionId, Guid? eventId, Guid? captureId = null) =>
        new(lotId, kind, plate.Value, clock.ToLocal(atUtc), decision.Verdict, decision.CustomerClass, decision.Reason.Encode(), fee, sessionId, eventId, captureId);
}
