using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

public sealed record OwnerRow(Guid Id, string Name, string MaskedIdNumber, string MaskedMobile, decimal Balance, string? UserName, IReadOnlyList<string> Plates);

/// <summary>The admin's register of owners: corrections of details and plates, each audited with masked before/after.</summary>
public sealed class OwnerRegister(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public async Task<IReadOnlyList<OwnerRow>> AllAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.Owners.AsNoTracking().Where(o => o.LotId == lotId && o.ErasedUtc == null).Include(o => o.Vehicles).OrderBy(o => o.CreatedUtc).ToListAsync(cancellationToken);
        return owners.Select(o => new OwnerRow(
            o.Id, o.Name, ChineseIdNumber.Mask(o.IdNumber), MobileNumber.Mask(o.Mobile), o.Balance, o.UserName,
            o.Vehicles.Select(v => v.Plate.Value).ToList())).ToList();
    }

    public async Task CorrectDetailsAsync(Guid lotId, Guid ownerId, string name, ChineseIdNumber id, MobileNumber mobile, string actor, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        var before = Describe(owner);
        owner.Correct(name, id, mobile);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "CorrectOwner", $"Owner {owner.Id}", before, Describe(owner), reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task CorrectPlateAsync(Guid lotId, Guid ownerId, PlateNumber from, PlateNumber to, string actor, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Vehicles.AnyAsync(v => v.LotId == lotId && v.Plate == to, cancellationToken))
        {
            throw new DomainException("Vehicle.PlateTaken", to.Value);
        }

        var vehicle = await db.Vehicles.FirstOrDefaultAsync(v => v.LotId == lotId && v.OwnerId == ownerId && v.Plate == from, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        vehicle.CorrectPlate(to);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "CorrectVehiclePlate", $"Vehicle {vehicle.Id}", from.Value, to.Value, reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    // The audit log is read by more people than the owner register: personal numbers go in masked.
    private static string Describe(Owner owner) =>
        $"{owner.Name} | {ChineseIdNumber.Mask(owner.IdNumber)} | {MobileNumber.Parse(owner.Mobile).Masked}";

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Owner.CorrectionReasonRequired");
        }
    }
}
