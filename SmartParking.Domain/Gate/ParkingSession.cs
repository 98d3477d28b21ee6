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

    /// <summary>
    /// The one answer to "is this stay open": the car is inside, registered or still waiting for its registration.
    /// Queries use it as it stands; an object asks <see cref="IsInside"/>.
    /// </summary>
    public static Expression<Func<ParkingSession, bool>> IsOpen { get; } =
        s => s.State == SessionState.Inside || s.State == SessionState.AwaitingRegistration;

    private static readonly Func<ParkingSession, bool> IsOpenNow = IsOpen.Compile();

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
            Id = Guid.NewGuid(),
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

    /// <summary>Closes the stay with the fee of the rule it entered under; times become lot-local for the tariff.</summary>
    public FeeQuote Exit(DateTime exitUtc, FeeRule rule, TimeZoneInfo lotTimeZone)
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

        var quote = rule.Apply(ToLocal(EntryUtc, lotTimeZone), ToLocal(exitUtc, lotTimeZone));
        ExitUtc = exitUtc;
        Fee = quote.Total;
        State = SessionState.Closed;
        Payment = quote.Total == 0m ? PaymentState.NotDue
            : CustomerClass == CustomerClass.Owner ? PaymentState.DeductedFromBalance
            : PaymentState.Unpaid;
        return quote;
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

    public void SettleInCash()
    {
        if (Payment != PaymentState.Unpaid)
        {
            throw new DomainException("Stay.NothingDue");
        }

        Payment = PaymentState.Paid;
    }

    private static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
}
