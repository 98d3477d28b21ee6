using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Lots;

/// <summary>
/// The installation's lots. Read on almost every request, so this instance keeps a copy for a few seconds; a change
/// made here is seen here at once and on other instances within <see cref="Freshness"/>. The gate never trusts the
/// copy for capacity: it reads the lot row in its own transaction.
/// </summary>
public sealed class LotDirectory(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyList<Lot> Lots, DateTime TakenUtc);

    public async Task<IReadOnlyList<Lot>> AllAsync(CancellationToken cancellationToken = default)
    {
        if (_snapshot is { } snapshot && clock.UtcNow - snapshot.TakenUtc < Freshness && snapshot.TakenUtc <= clock.UtcNow)
        {
            return snapshot.Lots;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lots = await db.Lots.AsNoTracking().OrderBy(l => l.OpenedUtc).ThenBy(l => l.Code).ToListAsync(cancellationToken);
        _snapshot = new Snapshot(lots, clock.UtcNow);
        return lots;
    }

    public async Task<Lot?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(l => l.Id == id);

    /// <summary>By the code in a URL, or by the id.</summary>
    public async Task<Lot?> FindAsync(string? codeOrId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(codeOrId))
        {
            return null;
        }

        var key = codeOrId.Trim();
        var lots = await AllAsync(cancellationToken);
        return Guid.TryParse(key, out var id)
            ? lots.FirstOrDefault(l => l.Id == id)
            : lots.FirstOrDefault(l => string.Equals(l.Code, key, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<Lot> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) ?? throw new DomainException("Lot.NotFound");

    public async Task<LotPolicy> PolicyAsync(Guid lotId, CancellationToken cancellationToken = default) =>
        (await GetAsync(lotId, cancellationToken)).Policy;

    /// <summary>Adds a lot; its name and code must be new to the installation.</summary>
    public async Task<Lot> OpenAsync(Lot lot, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Lots.AnyAsync(l => l.Name == lot.Name, cancellationToken))
        {
            throw new DomainException("Lot.NameTaken", lot.Name);
        }

        if (await db.Lots.AnyAsync(l => l.Code == lot.Code, cancellationToken))
        {
            throw new DomainException("Lot.CodeTaken", lot.Code);
        }

        db.Lots.Add(lot);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "OpenLot", $"Lot {lot.Code}", null, lot.Name, lotId: lot.Id));
        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
        return lot;
    }

    /// <summary>The lot's name, address and kind as the setup wizard's first step saves them; the name stays unique.</summary>
    public async Task<Lot> DescribeAsync(Guid lotId, string? name, string? address, LotKind kind, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lot = await db.Lots.FirstOrDefaultAsync(l => l.Id == lotId, cancellationToken) ?? throw new DomainException("Lot.NotFound");
        var before = $"{lot.Name} | {lot.Address} | {lot.Kind}";
        lot.Describe(name, address);
        lot.Reclassify(kind);
        if (await db.Lots.AnyAsync(l => l.Id != lotId && l.Name == lot.Name, cancellationToken))
        {
            throw new DomainException("Lot.NameTaken", lot.Name);
        }

        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, LotSetup.DescribedAction, $"Lot {lot.Code}", before, $"{lot.Name} | {lot.Address} | {lot.Kind}", lotId: lot.Id));
        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
        return lot;
    }

    /// <summary>The vehicle types the lot charges by and the plate colour each stands for; audited.</summary>
    public async Task KeepVehicleTypesAsync(Guid lotId, IReadOnlyList<LotVehicleType> types, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lot = await db.Lots.FirstOrDefaultAsync(l => l.Id == lotId, cancellationToken) ?? throw new DomainException("Lot.NotFound");
        var before = lot.VehicleTypeList;
        lot.KeepVehicleTypes(types);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "KeepVehicleTypes", $"Lot {lot.Code}", before, lot.VehicleTypeList, lotId: lot.Id));
        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
    }

    public async Task SavePolicyAsync(Guid lotId, LotPolicy policy, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lot = await db.Lots.FirstOrDefaultAsync(l => l.Id == lotId, cancellationToken) ?? throw new DomainException("Lot.NotFound");
        var before = JsonSerializer.Serialize(lot.Policy);
        lot.ChangePolicy(policy);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "ChangeLotPolicy", $"Lot {lot.Code}", before, JsonSerializer.Serialize(lot.Policy), lotId: lot.Id));
        await db.SaveChangesAsync(cancellationToken);
        _snapshot = null;
    }
}
