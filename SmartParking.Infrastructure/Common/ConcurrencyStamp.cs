using Microsoft.EntityFrameworkCore;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Rows that two gate requests may change at once (a stay, an owner's balance, an hour's income) carry a stamp that
/// changes on every update, so the slower writer fails and retries instead of silently overwriting.
/// </summary>
public static class ConcurrencyStamp
{
    public const string Property = "Stamp";

    /// <summary>
    /// Claims a row that the transaction reads but does not otherwise change (the lot, when it counts its cars): the
    /// save fails if another writer renewed the stamp since this one read it.
    /// </summary>
    public static void Touch(DbContext db, object entity) =>
        db.Entry(entity).Property(Property).CurrentValue = Guid.NewGuid();

    public static void Renew(DbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Metadata.FindProperty(Property) is not null)
            {
                entry.Property(Property).CurrentValue = Guid.NewGuid();
            }
        }
    }
}
