using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;

namespace SmartParking.Infrastructure.Lots;

internal sealed class LotConfiguration : IEntityTypeConfiguration<Lot>
{
    public void Configure(EntityTypeBuilder<Lot> builder)
    {
        builder.ToTable("Lots");
        builder.Property(l => l.Code).HasMaxLength(Lot.MaxCodeLength).IsRequired();
        builder.Property(l => l.Name).HasMaxLength(Lot.MaxNameLength).IsRequired();
        builder.Property(l => l.Address).HasMaxLength(Lot.MaxAddressLength).IsRequired();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.VehicleTypeList).HasMaxLength(1000);
        builder.Ignore(l => l.VehicleTypes);
        builder.Property(l => l.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(l => l.LocalProvinces).HasMaxLength(8).IsRequired();
        builder.Ignore(l => l.Policy);
        builder.Ignore(l => l.VisitorsRegister);
        builder.Ignore(l => l.VisitorPassLimits);
        builder.Property(l => l.GuestPayPerMonth).HasPrecision(12, 2);

        // Every entry into the lot renews this stamp in the transaction that counts the cars and adds the stay:
        // two instances admitting the last free space at once cannot both commit.
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.HasIndex(l => l.Code).IsUnique();
        builder.HasIndex(l => l.Name).IsUnique();
    }
}

internal sealed class StaffLotConfiguration : IEntityTypeConfiguration<StaffLot>
{
    public void Configure(EntityTypeBuilder<StaffLot> builder)
    {
        builder.ToTable("StaffLots");
        builder.HasKey(s => new { s.UserId, s.LotId });
        builder.HasOne<ParkingUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lot>().WithMany().HasForeignKey(s => s.LotId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal static class LotOwnership
{
    /// <summary>The row belongs to one lot: a foreign key to it, and the lot first in the index every list uses.</summary>
    public static void BelongsToLot<T>(this EntityTypeBuilder<T> builder) where T : class =>
        builder.HasOne<Lot>().WithMany().HasForeignKey("LotId").OnDelete(DeleteBehavior.Restrict);
}
