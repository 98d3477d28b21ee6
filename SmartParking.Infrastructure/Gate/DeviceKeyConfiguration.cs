using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

internal sealed class DeviceKeyConfiguration : IEntityTypeConfiguration<DeviceKey>
{
    public void Configure(EntityTypeBuilder<DeviceKey> builder)
    {
        builder.ToTable("DeviceKeys");
        builder.Property(k => k.Name).HasMaxLength(DeviceKey.MaxNameLength).IsRequired();
        builder.Property(k => k.KeyHash).HasMaxLength(64).IsRequired();
        builder.Property(k => k.Hint).HasMaxLength(8).IsRequired();
        builder.Property(k => k.LaneCode).HasMaxLength(Lane.MaxCodeLength);
        builder.Property(k => k.LastSeenFrom).HasMaxLength(DeviceKey.MaxAddressLength);
        builder.BelongsToLot();
        builder.HasOne<Lane>().WithMany().HasForeignKey(k => new { k.LotId, k.LaneCode }).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
