using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;

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
        builder.Property(n => n.LastError).HasMaxLength(1000);
        builder.HasOne<Owner>().WithMany().HasForeignKey(n => n.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.Status, n.CreatedUtc });
        builder.HasIndex(n => new { n.OwnerId, n.Template, n.CreatedUtc });
    }
}
