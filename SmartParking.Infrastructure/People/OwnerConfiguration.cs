using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.People;

internal sealed class OwnerConfiguration : IEntityTypeConfiguration<Owner>
{
    public void Configure(EntityTypeBuilder<Owner> builder)
    {
        builder.ToTable("Owners");
        builder.Property(o => o.Name).HasMaxLength(Owner.MaxNameLength).IsRequired();
        builder.Property(o => o.IdNumber).IsPersonalData().IsRequired();
        builder.Property(o => o.Mobile).IsPersonalData().IsRequired();
        builder.Property(o => o.UserName).HasMaxLength(256);
        builder.Property(o => o.Unit).HasMaxLength(Owner.MaxUnitLength).IsRequired();
        builder.Property(o => o.GuestPayPerMonth).HasPrecision(12, 2);
        builder.Ignore(o => o.IsActive);
        builder.Property(o => o.MutedNotices).HasMaxLength(200).IsRequired();
        builder.Property(o => o.WeChatOpenId).HasMaxLength(Owner.MaxOpenIdLength);
        builder.BelongsToLot();
        // One membership per login and lot; the same login may be an owner in several lots.
        builder.HasIndex(o => new { o.LotId, o.UserName }).IsUnique();
        builder.HasIndex(o => o.UserName);
        builder.Ignore(o => o.Arrears);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.HasMany(o => o.Vehicles).WithOne().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Vehicles).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class VehicleConfiguration : IEntityTypeConfiguration<Vehicle>
{
    public void Configure(EntityTypeBuilder<Vehicle> builder)
    {
        builder.ToTable("Vehicles");
        builder.Property(v => v.Plate).IsPlate();
        builder.Property(v => v.Approval).HasConversion<string>().HasMaxLength(20);
        // One registration per plate among a lot's owners: the gate must know whose car it is.
        builder.BelongsToLot();
        builder.HasIndex(v => new { v.LotId, v.Plate }).IsUnique();
    }
}

internal sealed class ActivationLinkConfiguration : IEntityTypeConfiguration<ActivationLink>
{
    public void Configure(EntityTypeBuilder<ActivationLink> builder)
    {
        builder.ToTable("ActivationLinks");
        builder.Property(a => a.SecretHash).HasMaxLength(ActivationLink.HashLength).IsRequired();
        builder.Property(a => a.IssuedBy).HasMaxLength(256).IsRequired();
        builder.BelongsToLot();
        // The link is found by its secret alone: the page that opens it knows no lot yet.
        builder.HasIndex(a => a.SecretHash).IsUnique();
        builder.HasIndex(a => new { a.LotId, a.OwnerId });
        builder.HasOne<Owner>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VisitorConfiguration : IEntityTypeConfiguration<Visitor>
{
    public void Configure(EntityTypeBuilder<Visitor> builder)
    {
        builder.ToTable("Visitors");
        builder.Property(v => v.Name).HasMaxLength(Owner.MaxNameLength).IsRequired();
        builder.Property(v => v.IdNumber).IsPersonalData().IsRequired();
        builder.Property(v => v.Mobile).IsPersonalData().IsRequired();
        builder.Property(v => v.Plate).IsPlate();
        builder.BelongsToLot();
        builder.HasIndex(v => new { v.LotId, v.Plate, v.RegisteredUtc });
    }
}
