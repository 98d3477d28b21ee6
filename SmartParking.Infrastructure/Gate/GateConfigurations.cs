using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Reports;
using SmartParking.Infrastructure.Common;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

internal sealed class ListedPlateConfiguration : IEntityTypeConfiguration<ListedPlate>
{
    public void Configure(EntityTypeBuilder<ListedPlate> builder)
    {
        builder.ToTable("ListedPlates");
        builder.Property(l => l.Plate).IsPlate();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Reason).HasMaxLength(ListedPlate.MaxReasonLength).IsRequired();
        builder.BelongsToLot();
        builder.HasIndex(l => new { l.LotId, l.Plate });
    }
}

internal sealed class GateEventConfiguration : IEntityTypeConfiguration<GateEvent>
{
    public void Configure(EntityTypeBuilder<GateEvent> builder)
    {
        builder.ToTable("GateEvents");
        builder.Property(e => e.Plate).IsPlate();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.CustomerClass).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Reason).HasMaxLength(300).IsRequired();
        builder.Property(e => e.Source).HasMaxLength(256).IsRequired();
        // A camera that sends the same read twice records one event.
        builder.BelongsToLot();
        builder.HasIndex(e => new { e.LotId, e.Kind, e.Plate, e.AtUtc }).IsUnique();
        builder.HasIndex(e => new { e.LotId, e.AtUtc });
        builder.HasOne<ParkingSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncomeHourConfiguration : IEntityTypeConfiguration<IncomeHour>
{
    public void Configure(EntityTypeBuilder<IncomeHour> builder)
    {
        builder.ToTable("IncomeHours");
        builder.HasKey(h => new { h.LotId, h.HourStartUtc });
        builder.BelongsToLot();
        builder.Property(h => h.HourStartUtc).ValueGeneratedNever();
        builder.Property(h => h.Income).HasPrecision(14, 2);
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
    }
}
