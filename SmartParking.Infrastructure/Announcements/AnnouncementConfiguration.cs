using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Announcements;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Announcements;

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> builder)
    {
        builder.ToTable("Announcements");
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Title).HasMaxLength(Announcement.MaxTitleLength).IsRequired();
        builder.Property(a => a.Body).HasMaxLength(Announcement.MaxBodyLength).IsRequired();
        builder.Ignore(a => a.IsDraft);
        builder.BelongsToLot();
        builder.HasIndex(a => new { a.LotId, a.PublishAtUtc, a.ExpiresAtUtc });
    }
}
