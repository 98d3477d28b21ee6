using SmartParking.Domain.Billing;

namespace SmartParking.Domain.People;

public sealed class Vehicle
{
    internal Vehicle(Guid lotId, Guid ownerId, PlateNumber plate, VehicleType type, DateTime nowUtc, bool approved)
    {
        Id = Guid.NewGuid();
        LotId = lotId;
        OwnerId = ownerId;
        Plate = plate;
        Type = type;
        Approval = approved ? VehicleApproval.Approved : VehicleApproval.Pending;
        RegisteredUtc = nowUtc;
    }

    private Vehicle()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The owner's lot: a plate is registered once per lot, and the gate looks it up there.</summary>
    public Guid LotId { get; private set; }

    public Guid OwnerId { get; private set; }

    public PlateNumber Plate { get; private set; } = null!;

    public VehicleType Type { get; private set; }

    public VehicleApproval Approval { get; private set; }

    public DateTime RegisteredUtc { get; private set; }

    /// <summary>An admin's correction of a mistyped plate.</summary>
    public void CorrectPlate(PlateNumber plate) => Plate = plate ?? throw new ArgumentNullException(nameof(plate));

    // An admin may reverse either decision, e.g. after checking the driving licence again.
    public void Approve() => Approval = VehicleApproval.Approved;

    public void Reject() => Approval = VehicleApproval.Rejected;
}
