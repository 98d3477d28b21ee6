using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

internal sealed class ParkingSessionConfiguration : IEntityTypeConfiguration<ParkingSession>
{
    public void Configure(EntityTypeBuilder<ParkingSession> builder)
    {
        builder.ToTable("ParkingSessions");
        builder.Property(s => s.Plate).IsPlate();
        builder.Property(s => s.CustomerClass).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Payment).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Exemption).HasMaxLength(ListedPlate.MaxReasonLength);
        builder.Ignore(s => s.IsInside);
        Billing.StayCouponColumn.Map(builder);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
        builder.HasOne<FeeRule>().WithMany().HasForeignKey(s => s.FeeRuleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Owner>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);

        // The same camera event sent twice must not open a second stay.
        builder.BelongsToLot();
        builder.HasIndex(s => new { s.LotId, s.Plate, s.EntryUtc }).IsUnique();
        builder.HasIndex(s => new { s.LotId, s.State, s.Plate });
        builder.HasIndex(s => new { s.LotId, s.ExitUtc });
        builder.HasIndex(s => new { s.LotId, s.EntryUtc });
        builder.HasIndex(s => new { s.HostId, s.EntryUtc }).HasFilter("HostId IS NOT NULL");
    }

    /// <summary>
    /// At most one open stay per plate in a lot, enforced by the database so that two racing entries cannot both win.
    /// The filter is SQL, so each provider's context passes its own quoting.
    /// </summary>
    public static void OneOpenStayPerPlate(ModelBuilder builder, string filter) =>
        builder.Entity<ParkingSession>()
            .HasIndex(s => new { s.LotId, s.Plate }, "IX_ParkingSessions_OpenPlate")
            .IsUnique()
            .HasFilter(filter);
}
