using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Billing;

internal sealed class CouponIssuerConfiguration : IEntityTypeConfiguration<CouponIssuer>
{
    public void Configure(EntityTypeBuilder<CouponIssuer> builder)
    {
        builder.ToTable("CouponIssuers");
        builder.Property(i => i.Name).HasMaxLength(CouponIssuer.MaxNameLength).IsRequired();
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(10);
        builder.BelongsToLot();
        builder.HasIndex(i => new { i.LotId, i.Name }).IsUnique();
    }
}

internal sealed class CouponKindConfiguration : IEntityTypeConfiguration<CouponKind>
{
    public void Configure(EntityTypeBuilder<CouponKind> builder)
    {
        builder.ToTable("CouponKinds");
        builder.Property(k => k.Name).HasMaxLength(CouponKind.MaxNameLength).IsRequired();
        builder.Property(k => k.Discount).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.Value).HasPrecision(12, 2);
        builder.Ignore(k => k.Left);
        // Every use renews the stamp: two uses racing for the last coupon, or for a plate's last one of the day, cannot both save.
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();
        builder.HasOne<CouponIssuer>().WithMany().HasForeignKey(k => k.IssuerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => new { k.IssuerId, k.Name }).IsUnique();
    }
}

internal sealed class CouponCodeConfiguration : IEntityTypeConfiguration<CouponCode>
{
    public void Configure(EntityTypeBuilder<CouponCode> builder)
    {
        builder.ToTable("CouponCodes");
        builder.Property(c => c.Code).HasMaxLength(CouponCode.Length).IsRequired();
        builder.Property(c => c.IssuedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        // A used code's stamp is renewed by its use: the second of two racing uses of one QR fails and reads it used.
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.BelongsToLot();
        builder.HasOne<CouponKind>().WithMany().HasForeignKey(c => c.KindId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => new { c.KindId, c.UsedUtc });
    }
}

internal sealed class CouponUseConfiguration : IEntityTypeConfiguration<CouponUse>
{
    public void Configure(EntityTypeBuilder<CouponUse> builder)
    {
        builder.ToTable("CouponUses");
        builder.Property(u => u.Plate).IsPlate();
        builder.Property(u => u.AppliedBy).HasMaxLength(LedgerEntry.MaxActorLength);
        builder.BelongsToLot();
        builder.HasOne<CouponKind>().WithMany().HasForeignKey(u => u.KindId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CouponIssuer>().WithMany().HasForeignKey(u => u.IssuerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ParkingSession>().WithMany().HasForeignKey(u => u.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CouponCode>().WithMany().HasForeignKey(u => u.CodeId).OnDelete(DeleteBehavior.Restrict);
        // A code is used once, by the database's word too.
        builder.HasIndex(u => u.CodeId).IsUnique().HasFilter("CodeId IS NOT NULL");
        builder.HasIndex(u => new { u.KindId, u.Plate, u.LocalDay });
        builder.HasIndex(u => new { u.IssuerId, u.AppliedUtc });
        builder.HasIndex(u => u.SessionId);
    }
}

/// <summary>A stay's coupons live on the stay as JSON: every load of a stay prices them, with no join to forget.</summary>
internal static class StayCouponColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static void Map(EntityTypeBuilder<ParkingSession> builder) =>
        builder.Property(s => s.Coupons)
            .HasConversion(
                coupons => JsonSerializer.Serialize(coupons, Json),
                text => string.IsNullOrEmpty(text) ? Array.Empty<StayCoupon>() : JsonSerializer.Deserialize<StayCoupon[]>(text, Json) ?? Array.Empty<StayCoupon>(),
                new ValueComparer<IReadOnlyList<StayCoupon>>(
                    (a, b) => a != null && b != null && a.SequenceEqual(b),
                    c => c.Aggregate(0, (hash, coupon) => HashCode.Combine(hash, coupon.GetHashCode())),
                    c => c.ToArray()))
            .IsRequired();
}
