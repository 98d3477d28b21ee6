using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

public sealed record PendingVehicle(Guid VehicleId, string Plate, VehicleType Type, string OwnerName, DateTime RegisteredUtc);

/// <summary>The admin's queue of owner vehicles waiting to be let in as owners' cars.</summary>
public sealed class VehicleApprovals(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public const int MaxReasonLength = 500;

    public async Task<IReadOnlyList<PendingVehicle>> PendingAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Vehicles.AsNoTracking()
            .Where(v => v.LotId == lotId && v.Approval == VehicleApproval.Pending)
            .Join(db.Owners, v => v.OwnerId, o => o.Id, (v, o) => new { v.Id, v.Plate, v.Type, o.Name, v.RegisteredUtc })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new PendingVehicle(r.Id, r.Plate.Value, r.Type, r.Name, r.RegisteredUtc)).OrderBy(r => r.RegisteredUtc)];
    }

    /// <summary>Approves or rejects; the decision and its reason go to the audit log in the same save.</summary>
    public async Task<VehicleApproval> DecideAsync(Guid lotId, Guid vehicleId, bool approve, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        if (!approve && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Vehicle.RejectionReasonRequired");
        }

        if (reason?.Trim().Length > MaxReasonLength)
        {
            throw new DomainException("Vehicle.RejectionReasonTooLong", MaxReasonLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var vehicle = await db.Vehicles.FirstOrDefaultAsync(v => v.LotId == lotId && v.Id == vehicleId, cancellationToken)
            ?? throw new DomainException("Vehicle.NotFound");
        var before = vehicle.Approval;
        if (approve)
        {
            vehicle.Approve();
        }
        else
        {
            vehicle.Reject();
        }

        db.AuditEntries.Add(AuditEntry.Record(
            clock.UtcNow, actor, approve ? "ApproveVehicle" : "RejectVehicle", $"Vehicle {vehicle.Id} {vehicle.Plate}",
            before.ToString(), vehicle.Approval.ToString(), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), lotId));
        await db.SaveChangesAsync(cancellationToken);
        return vehicle.Approval;
    }
}
