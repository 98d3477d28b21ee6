using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Common;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Actor).HasMaxLength(256).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Subject).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.Property(a => a.Plate).HasMaxLength(AuditEntry.MaxPlateLength);
        builder.HasIndex(a => a.AtUtc);
        // The audit page reads a lot's newest rows first, filtered by one of these; each filter has its own index so a
        // million rows answer a page from an index range, not a scan.
        builder.HasIndex(a => new { a.LotId, a.AtUtc, a.Id });
        builder.HasIndex(a => new { a.LotId, a.Actor, a.AtUtc, a.Id });
        builder.HasIndex(a => new { a.LotId, a.Action, a.AtUtc, a.Id });
        builder.HasIndex(a => new { a.LotId, a.Plate, a.AtUtc, a.Id });
    }
}
