using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Gate;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

internal sealed class LaneConfiguration : IEntityTypeConfiguration<Lane>
{
    public void Configure(EntityTypeBuilder<Lane> builder)
    {
        builder.ToTable("Lanes");
        builder.HasKey(l => new { l.LotId, l.Code });
        builder.BelongsToLot();
        builder.Property(l => l.Code).HasMaxLength(Lane.MaxCodeLength);
        builder.Property(l => l.Name).HasMaxLength(Lane.MaxNameLength).IsRequired();
        builder.Property(l => l.Direction).HasConversion<string>().HasMaxLength(10);
        // Two barriers of one lot with one name could not be told apart on the booth screen.
        builder.HasIndex(l => new { l.LotId, l.Name }).IsUnique();
    }
}

internal sealed class LaneCaptureConfiguration : IEntityTypeConfiguration<LaneCapture>
{
    public void Configure(EntityTypeBuilder<LaneCapture> builder)
    {
        builder.ToTable("LaneCaptures");
        builder.Property(c => c.LaneCode).HasMaxLength(Lane.MaxCodeLength).IsRequired();
        builder.Property(c => c.Direction).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.PhotoPath).HasMaxLength(200);
        builder.Property(c => c.PhotoType).HasMaxLength(20).IsRequired();
        builder.Property(c => c.ReadPlate).HasMaxLength(16);
        builder.Property(c => c.Guesses).HasMaxLength(LaneCapture.MaxGuessesLength).IsRequired();
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Note).HasMaxLength(LaneCapture.MaxNoteLength).IsRequired();
        builder.Property(c => c.ResolvedBy).HasMaxLength(256);
        builder.Ignore(c => c.Suggestions);
        builder.BelongsToLot();
        builder.HasIndex(c => new { c.LotId, c.State, c.TakenUtc });
        builder.HasIndex(c => new { c.LotId, c.TakenUtc });
    }
}

internal sealed class BarrierCommandConfiguration : IEntityTypeConfiguration<BarrierCommand>
{
    public void Configure(EntityTypeBuilder<BarrierCommand> builder)
    {
        builder.ToTable("BarrierCommands");
        builder.BelongsToLot();
        builder.Property(c => c.LaneCode).HasMaxLength(Lane.MaxCodeLength).IsRequired();
        builder.Property(c => c.Cause).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Actor).HasMaxLength(256).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(BarrierCommand.MaxReasonLength);
        builder.Property(c => c.AnsweredBy).HasMaxLength(128);
        // The booth's recent hand openings and an admin's counts per guard and day.
        builder.HasIndex(c => new { c.LotId, c.Cause, c.IssuedUtc });
    }
}
