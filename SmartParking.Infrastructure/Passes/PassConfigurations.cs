using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Passes;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Passes;

internal sealed class PassProductConfiguration : IEntityTypeConfiguration<PassProduct>
{
    public void Configure(EntityTypeBuilder<PassProduct> builder)
    {
        builder.ToTable("PassProducts");
        builder.Property(p => p.Name).HasMaxLength(PassProduct.MaxNameLength).IsRequired();
        builder.Property(p => p.VehicleTypeList).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Period).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Price).HasPrecision(12, 2);
        builder.Ignore(p => p.VehicleTypes);
        // Every sale renews the product's stamp: two sales racing for its last space, or for one plate, cannot both save.
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();
        builder.HasIndex(p => new { p.LotId, p.Name }).IsUnique();
    }
}

internal sealed class MonthlyPassConfiguration : IEntityTypeConfiguration<MonthlyPass>
{
    public void Configure(EntityTypeBuilder<MonthlyPass> builder)
    {
        builder.ToTable("MonthlyPasses");
        builder.Property(p => p.Price).HasPrecision(12, 2);
        builder.Property(p => p.Sale).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.SoldBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.BelongsToLot();
        builder.HasOne<PassProduct>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Owner>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Payment>().WithMany().HasForeignKey(p => p.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.PaymentId).IsUnique().HasFilter("PaymentId IS NOT NULL");
        builder.HasIndex(p => new { p.LotId, p.ProductId, p.EndUtc });
        builder.HasIndex(p => new { p.State, p.EndUtc });
        builder.OwnsMany(p => p.Plates, plates =>
        {
            plates.ToTable("PassPlates");
            plates.WithOwner().HasForeignKey("PassId");
            plates.Property<int>("Id");
            plates.HasKey("Id");
            plates.Property(p => p.Plate).IsPlate();
            plates.HasIndex(p => p.Plate);
        });
        builder.Navigation(p => p.Plates).HasField("_plates").UsePropertyAccessMode(PropertyAccessMode.Field).AutoInclude();
    }
}

internal sealed class VisitorPassConfiguration : IEntityTypeConfiguration<VisitorPass>
{
    public void Configure(EntityTypeBuilder<VisitorPass> builder)
    {
        builder.ToTable("VisitorPasses");
        builder.Property(p => p.Plate).HasConversion<PlateNumberConverter>().HasMaxLength(PlateNumber.MaxLength);
        builder.Property(p => p.Entries).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Payer).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.Code).HasMaxLength(VisitorPass.CodeLength).IsRequired();
        builder.BelongsToLot();
        builder.HasOne<Owner>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.HasIndex(p => new { p.LotId, p.Plate, p.ToUtc });
        builder.HasIndex(p => new { p.OwnerId, p.FromUtc });
    }
}
