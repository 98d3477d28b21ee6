using System.Linq.Expressions;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

/// <summary>One stay of one car: from the entry read to the exit read, with the fee rule it entered under.</summary>
public sealed class ParkingSession
{
    private ParkingSession()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public PlateNumber Plate { get; private set; } = null!;

    public VehicleType VehicleType { get; private set; }

    public CustomerClass CustomerClass { get; private set; }

    public Guid? OwnerId { get; private set; }

    /// <summary>The rule version in force at entry; a later rule change does not touch this stay.</summary>
    public Guid FeeRuleId { get; private set; }

    public DateTime EntryUtc { get; private set; }

    public DateTime? ExitUtc { get; private set; }

    public decimal Fee { get; private set; }

    public SessionState State { get; private set; }

    public PaymentState Payment { get; private set; }

    /// <summary>What was paid towards this stay's fee (booth cash, WeChat Pay, Alipay); an owner's balance is not in it.</summary>
    public decimal Paid { get; private set; }

    /// <summary>The time a payment made before the exit covered the stay to; the car has the lot's grace after it to leave.</summary>
    public DateTime? PaidThroughUtc { get; private set; }

    /// <summary>The lane the exit was read at: where the barrier waits for the payment.</summary>
    public string? ExitLane { get; private set; }

    /// <summary>A fee above the lot's ceiling that Finance or an admin confirmed for this stay: up to this much is charged.</summary>
    public decimal? FeeConfirmedUpTo { get; private set; }

    /// <summary>The monthly pass the car came in on; the stay costs nothing until <see cref="PassCoversUntilUtc"/>.</summary>
    public Guid? PassId { get; private set; }

    public DateTime? PassCoversUntilUtc { get; private set; }

    /// <summary>A pass holder on a reserved space: the car is inside but leaves the free-space count alone.</summary>
    public bool OnReservedSpace { get; private set; }

    /// <summary>The visitor pass the car came in on; its owner is <see cref="HostId"/>.</summary>
    public Guid? VisitorPassId { get; private set; }

    /// <summary>The owner who invited this guest's car.</summary>
    public Guid? HostId { get; private set; }

    /// <summary>Whether the host's balance pays the fee, up to what is left of the host's monthly limit.</summary>
    public bool HostPays { get; private set; }

    /// <summary>Why the stay is free (an exempt vehicle's reason, or 警车); null for a stay that pays by its rule.</summary>
    public string? Exemption { get; private set; }

    /// <summary>The coupons given to this stay (商户优惠), priced into its fee whenever it is quoted.</summary>
    public IReadOnlyList<StayCoupon> Coupons { get; private set; } = [];

    /// <summary>What is still owed on a closed stay.</summary>
    public decimal Due => State == SessionState.Closed && Payment is PaymentState.Unpaid or PaymentState.Owed ? Fee - Paid : 0m;

    /// <summary>
    /// The one answer to "is this stay open": the car is inside, registered or still waiting for its registration.
    /// Queries use it as it stands; an object asks <see cref="IsInside"/>.
    /// </summary>
    public static Expression<Func<ParkingSession, bool>> IsOpen { get; } =
        s => s.State == SessionState.Inside || s.State == SessionState.AwaitingRegistration;

    private static readonly Func<ParkingSession, bool> IsOpenNow = IsOpen.Compile();

    /// <summary>An open stay that takes one of the lot's counted spaces.</summary>
    public static Expression<Func<ParkingSession, bool>> TakesASpace { get; } =
        s => (s.State == SessionState.Inside || s.State == SessionState.AwaitingRegistration) && !s.OnReservedSpace;

    public bool IsInside => IsOpenNow(this);

    public static ParkingSession Enter(
        Guid lotId, PlateNumber plate, VehicleType vehicleType, CustomerClass customerClass, Guid? ownerId, FeeRule rule, DateTime entryUtc, bool awaitingRegistration)
    {
        ArgumentNullException.ThrowIfNull(plate);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.VehicleType != vehicleType || rule.CustomerClass != customerClass)
        {
            throw new DomainException("Stay.RuleDoesNotFit", vehicleType, customerClass);
        }

        if (customerClass == CustomerClass.Owner && ownerId is null)
        {
            throw new DomainException("Stay.OwnerMissing");
        }

        return new ParkingSession
        {
            // Time-ordered: a new stay's key lands at the end of the key index, not on a random page of millions.
            Id = Guid.CreateVersion7(),
            LotId = lotId,
            Plate = plate,
            VehicleType = vehicleType,
            CustomerClass = customerClass,
            OwnerId = ownerId,
            FeeRuleId = rule.Id,
            EntryUtc = entryUtc,
            State = awaitingRegistration ? SessionState.AwaitingRegistration : SessionState.Inside,
            Payment = PaymentState.NotDue,
        };
    }

    /// <summary>
    /// Closes the stay with the fee of the rule it entered under; times become lot-local for the tariff. A stay paid in
    /// advance is billed to the time its payment covered when the car leaves within <paramref name="grace"/> of it.
    /// </summary>
    public FeeQuote Exit(DateTime exitUtc, FeeRule rule, TimeZoneInfo lotTimeZone, TimeSpan grace = default, string? lane = null, HolidayCalendar? holidays = null)
    {
        var quote = Quote(exitUtc, rule, lotTimeZone, grace, holidays);
        ExitUtc = exitUtc;
        ExitLane = lane;
        Fee = quote.Total;
        State = SessionState.Closed;
        Payment = quote.Total == 0m ? PaymentState.NotDue
            : CustomerClass == CustomerClass.Owner ? PaymentState.DeductedFromBalance
            : Paid >= quote.Total ? PaymentState.Paid
            : PaymentState.Unpaid;
        return quote;
    }

    /// <summary>What the stay would cost if the car left at <paramref name="exitUtc"/>; the stay stays as it is.</summary>
    public FeeQuote Quote(DateTime exitUtc, FeeRule rule, TimeZoneInfo lotTimeZone, TimeSpan grace = default, HolidayCalendar? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!IsInside)
        {
            throw new DomainException("Stay.NotInside", Plate.Value);
        }

        if (rule.Id != FeeRuleId)
        {
            throw new DomainException("Stay.BilledByOtherRule");
        }

        if (exitUtc < EntryUtc)
        {
            throw new DomainException("Stay.ExitBeforeEntry");
        }

        var billedTo = PaidThroughUtc is { } paidThrough && exitUtc <= paidThrough + grace ? paidThrough : exitUtc;
        return Price(rule, billedTo, lotTimeZone, holidays);
    }

    /// <summary>The car came in on a monthly pass that (with its renewals) runs until <paramref name="untilUtc"/>.</summary>
    public void CoverByPass(Guid passId, DateTime untilUtc, bool reservedSpace)
    {
        if (!IsInside)
        {
            throw new DomainException("Stay.NotInside", Plate.Value);
        }

        PassId = passId;
        PassCoversUntilUtc = untilUtc;
        OnReservedSpace = reservedSpace;
    }

    /// <summary>The car came in as a special vehicle: the stay costs nothing, for the reason given.</summary>
    public void Exempt(string reason)
    {
        if (!IsInside)
        {
            throw new DomainException("Stay.NotInside", Plate.Value);
        }

        Exemption = string.IsNullOrWhiteSpace(reason) ? throw new DomainException("Listing.ReasonRequired", ListedPlate.MaxReasonLength) : reason.Trim();
    }

    /// <summary>The car came in on an owner's visitor pass.</summary>
    public void Invite(Guid visitorPassId, Guid hostId, bool hostPays)
    {
        if (!IsInside)
        {
            throw new DomainException("Stay.NotInside", Plate.Value);
        }

        (VisitorPassId, HostId, HostPays) = (visitorPassId, hostId, hostPays);
    }

    /// <summary>The pass was renewed while the car was inside: the cover runs on to the renewal's end.</summary>
    public void ExtendPass(DateTime untilUtc)
    {
        if (PassId is not null && IsInside && untilUtc > PassCoversUntilUtc)
        {
            PassCoversUntilUtc = untilUtc;
        }
    }

    /// <summary>The fee from entry to <paramref name="billedToUtc"/>, less what a monthly pass covered and the coupons took off.</summary>
    public FeeQuote Price(FeeRule rule, DateTime billedToUtc, TimeZoneInfo lotTimeZone, HolidayCalendar? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var quote = PriceWithoutCoupons(rule, billedToUtc, lotTimeZone, holidays);
        return StayCoupons.Apply(quote, Coupons, minutes =>
        {
            var shorter = billedToUtc.AddMinutes(-minutes);
            return PriceWithoutCoupons(rule, shorter > EntryUtc ? shorter : EntryUtc, lotTimeZone, holidays).Total;
        });
    }

    /// <summary>
    /// A coupon given to the car while it is inside; one per stay unless every coupon on it is stackable. The caller
    /// has checked the coupon's kind (validity, count, the plate's daily share).
    /// </summary>
    public void ApplyCoupon(StayCoupon coupon)
    {
        ArgumentNullException.ThrowIfNull(coupon);
        if (!IsInside)
        {
            throw new DomainException("Coupon.StayNotOpen", Plate.Value);
        }

        StayCoupons.RequireRoomFor(Coupons, coupon);
        Coupons = [.. Coupons, coupon];
    }

    private FeeQuote PriceWithoutCoupons(FeeRule rule, DateTime billedToUtc, TimeZoneInfo lotTimeZone, HolidayCalendar? holidays)
    {
        var entry = ToLocal(EntryUtc, lotTimeZone);
        var to = ToLocal(billedToUtc, lotTimeZone);
        if (Exemption is { } why)
        {
            return new FeeQuote(0m, FeeQuote.MinutesBetween(entry, to), false, [], false, Exemption: why);
        }

        return PassCoversUntilUtc is { } covered
            ? Passes.PassCover.Price(rule, entry, ToLocal(covered, lotTimeZone), to, holidays)
            : rule.Apply(entry, to, holidays);
    }

    /// <summary>Finance or an admin accepts a fee above the lot's ceiling for this stay, up to <paramref name="amount"/>.</summary>
    public void ConfirmFee(decimal amount)
    {
        if (!IsInside)
        {
            throw new DomainException("Stay.NotInside", Plate.Value);
        }

        if (amount <= 0m)
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        FeeConfirmedUpTo = amount;
    }

    /// <summary>
    /// Money arrived for this stay: before the exit it covers the stay to <paramref name="coversUntilUtc"/>; after
    /// it, it pays what is due.
    /// </summary>
    public void RecordPayment(decimal amount, DateTime? coversUntilUtc)
    {
        if (amount <= 0)
        {
            throw new DomainException("Ledger.AmountInvalid");
        }

        if (State == SessionState.Cancelled)
        {
            throw new DomainException("Stay.CancelledNoPayment");
        }

        Paid += amount;
        if (IsInside)
        {
            PaidThroughUtc = coversUntilUtc;
        }
        else if (Paid >= Fee && Payment is PaymentState.Unpaid or PaymentState.Owed)
        {
            Payment = PaymentState.Paid;
        }
    }

    /// <summary>A guard fixes a misread plate; the caller keeps the original in the audit log.</summary>
    public void CorrectPlate(PlateNumber plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        if (!IsInside)
        {
            throw new DomainException("Stay.CorrectionNotInside");
        }

        if (plate == Plate)
        {
            throw new DomainException("Stay.CorrectionSamePlate");
        }

        Plate = plate;
    }

    public void MarkRegistered()
    {
        if (State == SessionState.AwaitingRegistration)
        {
            State = SessionState.Inside;
        }
    }

    public void Cancel()
    {
        if (!IsInside)
        {
            throw new DomainException("Stay.CancelNotInside");
        }

        State = SessionState.Cancelled;
    }

    /// <summary>The booth takes what is due in cash; returns the amount taken.</summary>
    public decimal SettleInCash()
    {
        var due = Due;
        if (due <= 0)
        {
            throw new DomainException("Stay.NothingDue");
        }

        RecordPayment(due, null);
        return due;
    }

    /// <summary>The guard let the car out without payment: the fee stays owed and follows the plate.</summary>
    public void LetOutUnpaid()
    {
        if (Payment != PaymentState.Unpaid)
        {
            throw new DomainException("Stay.NothingDue");
        }

        Payment = PaymentState.Owed;
    }

    private static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
