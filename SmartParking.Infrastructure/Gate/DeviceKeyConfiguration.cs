using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

internal sealed class DeviceKeyConfiguration : IEntityTypeConfiguration<DeviceKey>
{
    public void Configure(EntityTypeBuilder<DeviceKey> builder)
    {
        builder.ToTable("DeviceKeys");
        builder.Property(k => k.Name).HasMaxLength(100).IsRequired();
        builder.Property(k => k.KeyHash).HasMaxLength(64).IsRequired();
        builder.BelongsToLot();
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
