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
        builder.HasIndex(a => a.AtUtc);
        builder.HasIndex(a => new { a.LotId, a.AtUtc });
    }
}
