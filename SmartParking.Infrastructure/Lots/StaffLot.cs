namespace SmartParking.Infrastructure.Lots;

/// <summary>A staff login (lot admin, guard) assigned to work in one lot; group admins need none.</summary>
public sealed class StaffLot
{
    public string UserId { get; set; } = "";

    public Guid LotId { get; set; }
}
