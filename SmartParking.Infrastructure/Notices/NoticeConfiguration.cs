using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Notices;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("Notices");
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Template).HasMaxLength(50).IsRequired();
        builder.Property(n => n.Parameters).HasMaxLength(Notice.MaxParametersLength).IsRequired();
        builder.Property(n => n.LastError).HasMaxLength(Notice.MaxErrorLength);
        builder.HasOne<Owner>().WithMany().HasForeignKey(n => n.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Visitor>().WithMany().HasForeignKey(n => n.VisitorId).OnDelete(DeleteBehavior.Cascade);
        builder.BelongsToLot();
        builder.HasIndex(n => new { n.Status, n.NextAttemptUtc });
        builder.HasIndex(n => new { n.Status, n.CreatedUtc });
        builder.HasIndex(n => new { n.OwnerId, n.Template, n.CreatedUtc });
    }
}

internal sealed class OverstayWarningConfiguration : IEntityTypeConfiguration<OverstayWarning>
{
    public void Configure(EntityTypeBuilder<OverstayWarning> builder)
    {
        builder.ToTable("OverstayWarnings");
        // Two runs (or two instances) that both see the same overdue stay write one warning.
        builder.HasIndex(w => new { w.SessionId, w.ThresholdHours }).IsUnique();
        builder.HasOne<SmartParking.Domain.Gate.ParkingSession>().WithMany().HasForeignKey(w => w.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
