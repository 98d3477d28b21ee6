using Microsoft.EntityFrameworkCore;

namespace SmartParking.Infrastructure.Common;

/// <summary>
/// Rows that two gate requests may change at once (a stay, an owner's balance, an hour's income) carry a stamp that
/// changes on every update, so the slower writer fails and retries instead of silently overwriting.
/// </summary>
public static class ConcurrencyStamp
{
    public const string Property = "Stamp";

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
