using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

public sealed record ListedPlateRow(Guid Id, string Plate, ListKind Kind, string Reason, DateTime ValidFromLocal, DateTime? ValidUntilLocal, bool InForce);

/// <summary>The white and black lists as the admin keeps them: every addition and removal is audited.</summary>
public sealed class PlateLists(IDbContextFactory<ParkingDbContext> dbFactory, LotClock clock)
{
    public async Task<IReadOnlyList<ListedPlateRow>> AllAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var listed = await db.ListedPlates.AsNoTracking().Where(l => l.LotId == lotId).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        return [.. listed
            .OrderBy(l => l.Kind).ThenBy(l => l.Plate.Value, StringComparer.Ordinal).ThenBy(l => l.ValidFromUtc)
            .Select(l => new ListedPlateRow(
                l.Id, l.Plate.Value, l.Kind, l.Reason, clock.ToLocal(l.ValidFromUtc),
                l.ValidUntilUtc is { } until ? clock.ToLocal(until) : null, l.AppliesAt(now)))];
    }

    /// <summary>Times are lot-local as the admin typed them; the domain checks reason and validity.</summary>
    public async Task<ListedPlate> AddAsync(Guid lotId, PlateNumber plate, ListKind kind, string reason, DateTime validFromLocal, DateTime? validUntilLocal, string actor, CancellationToken cancellationToken = default)
    {
        var listed = ListedPlate.Add(lotId, plate, kind, reason, clock.ToUtc(validFromLocal), validUntilLocal is { } until ? clock.ToUtc(until) : null);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ListedPlates.Add(listed);
        db.AuditEntries.Add(AuditEntry.Record(
            clock.UtcNow, actor, "AddListedPlate", $"{kind} {plate}", null, Describe(listed), listed.Reason, lotId));
        await db.SaveChangesAsync(cancellationToken);
        return listed;
    }

    public async Task RemoveAsync(Guid lotId, Guid id, string actor, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > ListedPlate.MaxReasonLength)
        {
            throw new DomainException("Listing.RemovalReasonRequired", ListedPlate.MaxReasonLength);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var listed = await db.ListedPlates.FirstOrDefaultAsync(l => l.LotId == lotId && l.Id == id, cancellationToken)
            ?? throw new DomainException("Listing.NotFound");
        db.ListedPlates.Remove(listed);
        db.AuditEntries.Add(AuditEntry.Record(
            clock.UtcNow, actor, "RemoveListedPlate", $"{listed.Kind} {listed.Plate}", Describe(listed), null, reason.Trim(), lotId));
        await db.SaveChangesAsync(cancellationToken);
    }

    private string Describe(ListedPlate l) =>
        $"{l.Kind} {l.Plate} {clock.ToLocal(l.ValidFromUtc):yyyy-MM-dd HH:mm} → {(l.ValidUntilUtc is { } u ? clock.ToLocal(u).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "∞")}: {l.Reason}";
}
