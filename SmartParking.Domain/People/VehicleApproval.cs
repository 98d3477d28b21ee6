namespace SmartParking.Domain.People;

public enum VehicleApproval
{
    Pending,
    Approved,
    Rejected,
}
