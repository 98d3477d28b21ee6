using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.People;

public sealed record OwnerRow(
    Guid Id, string Name, string MaskedIdNumber, string MaskedMobile, decimal Balance, string? UserName, IReadOnlyList<string> Plates,
    string Unit = "", bool Active = true, IReadOnlyList<OwnerVehicle>? Vehicles = null);

/// <summary>A page of the register: the rows that match and how many match in all.</summary>
public sealed record OwnerPage(IReadOnlyList<OwnerRow> Rows, int Total);

/// <summary>The admin's register of owners: corrections of details and plates, each audited with masked before/after.</summary>
public sealed class OwnerRegister(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public const int MaxPage = 200;

    public async Task<IReadOnlyList<OwnerRow>> AllAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owners = await db.Owners.AsNoTracking().Where(o => o.LotId == lotId && o.ErasedUtc == null).Include(o => o.Vehicles).OrderBy(o => o.CreatedUtc).ToListAsync(cancellationToken);
        return owners.Select(Row).ToList();
    }

    /// <summary>
    /// Owners whose name or unit contains the query, or who have the plate it spells; active ones first. ID and mobile
    /// numbers are encrypted, so they are not searched.
    /// </summary>
    public async Task<OwnerPage> SearchAsync(Guid lotId, string? query, int take = 50, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxPage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owners = db.Owners.AsNoTracking().Where(o => o.LotId == lotId && o.ErasedUtc == null);
        var text = query?.Trim() ?? "";
        if (text.Length > 0)
        {
            var plate = PlateNumber.TryParse(text, out var parsed, out _) ? parsed : null;
            owners = owners.Where(o => o.Name.Contains(text) || o.Unit.Contains(text) || (plate != null && o.Vehicles.Any(v => v.Plate == plate)));
        }

        var total = await owners.CountAsync(cancellationToken);
        var rows = await owners.Include(o => o.Vehicles)
            .OrderBy(o => o.DeactivatedUtc != null).ThenBy(o => o.Unit).ThenBy(o => o.Name)
            .Take(take)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return new OwnerPage(rows.Select(Row).ToList(), total);
    }

    /// <summary>An owner registered by the office: approved cars at once, since the office checked the papers.</summary>
    public async Task<OwnerRow> CreateAsync(Guid lotId, OwnerDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plates = draft.Vehicles.Select(v => v.Plate).ToList();
        var taken = await db.Vehicles.Where(v => v.LotId == lotId && plates.Contains(v.Plate)).Select(v => v.Plate).FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            throw new DomainException("Vehicle.PlateTaken", taken.Value);
        }

        var owner = draft.Register(lotId, clock.UtcNow);
        db.Owners.Add(owner);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "CreateOwner", $"Owner {owner.Id}", null, Describe(owner), lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return Row(owner);
    }

    public async Task<OwnerRow?> FindAsync(Guid lotId, Guid ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.AsNoTracking().Include(o => o.Vehicles).FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken);
        return owner is null ? null : Row(owner);
    }

    /// <summary>What the admin may change freely: mobile and unit (the notice choices are changed with <see cref="OwnerAccount"/>).</summary>
    public async Task ChangeContactAsync(Guid lotId, Guid ownerId, MobileNumber? mobile, string unit, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        var before = Describe(owner);
        owner.ChangeContact(mobile, unit);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChangeOwnerContact", $"Owner {owner.Id}", before, Describe(owner), lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The owner leaves: cars released, login locked (unless it is still an owner elsewhere or staff), unused
    /// activation links void; the record, its stays and payments stay. All in one save.
    /// </summary>
    public async Task DeactivateAsync(Guid lotId, Guid ownerId, string actor, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Owner.DeactivationReasonRequired");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.Include(o => o.Vehicles).FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        var now = clock.UtcNow;
        var before = $"{Describe(owner)} | active";
        var released = owner.Deactivate(now);
        foreach (var link in await db.ActivationLinks.Where(a => a.OwnerId == ownerId && a.UsedUtc == null && a.ReplacedUtc == null).ToListAsync(cancellationToken))
        {
            link.Replace(now);
        }

        if (owner.UserName is { } userName && !await StillNeededAsync(db, owner, userName, cancellationToken)
            && await db.Users.FirstOrDefaultAsync(u => u.UserName == userName, cancellationToken) is { } login)
        {
            // Written here rather than through UserManager so the lock and the deactivation are one save.
            login.LockoutEnabled = true;
            login.LockoutEnd = DateTimeOffset.MaxValue;
            login.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        db.AuditEntries.Add(AuditEntry.Record(now, actor, "DeactivateOwner", $"Owner {owner.Id}", before,
            $"deactivated; released {string.Join(", ", released.Select(p => p.Value))}", reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An admin takes a car off an owner (sold, or registered by mistake); audited.</summary>
    public async Task RemoveVehicleAsync(Guid lotId, Guid ownerId, PlateNumber plate, string actor, string reason, CancellationToken cancellationToken = default)
    {
        RequireReason(reason);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Owners.Include(o => o.Vehicles).FirstOrDefaultAsync(o => o.LotId == lotId && o.Id == ownerId, cancellationToken)
            ?? throw new DomainException("Owner.NotFound");
        var vehicle = owner.ReleaseVehicle(plate);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "RemoveVehicle", $"Owner {owner.Id}", $"{vehicle.Plate} {vehicle.Type} {vehicle.Approval}", null, reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<bool> StillNeededAsync(ParkingDbContext db, Owner owner, string userName, CancellationToken cancellationToken) =>
        await db.Owners.AnyAsync(o => o.UserName == userName && o.Id != owner.Id && o.DeactivatedUtc == null, cancellationToken)
        || await db.Users.Where(u => u.UserName == userName).AnyAsync(u => u.AllLots || db.StaffLots.Any(s => s.UserId == u.Id), cancellationToken);

    private static OwnerRow Row(Owner o) => new(
        o.Id, o.Name, ChineseIdNumber.Mask(o.IdNumber), MobileNumber.Mask(o.Mobile), o.Balance, o.UserName,
        o.Vehicles.Select(v => v.Plate.Value).ToList(), o.Unit, o.IsActive,
        o.Vehicles.OrderBy(v => v.RegisteredUtc).Select(v => new OwnerVehicle(v.Plate.Value, v.Type, v.Approval)).ToList());

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
        $"{owner.Name} | {ChineseIdNumber.Mask(owner.IdNumber)} | {MobileNumber.Mask(owner.Mobile)} | {owner.Unit}"
        + (owner.Vehicles.Count == 0 ? "" : $" | {string.Join(", ", owner.Vehicles.Select(v => $"{v.Plate} {v.Type}"))}");

    private static void RequireReason(string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Owner.CorrectionReasonRequired");
        }
    }
}
