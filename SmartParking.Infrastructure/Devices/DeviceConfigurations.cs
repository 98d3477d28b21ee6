using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Devices;

internal sealed class LaneDeviceConfiguration : IEntityTypeConfiguration<LaneDevice>
{
    public void Configure(EntityTypeBuilder<LaneDevice> builder)
    {
        builder.ToTable("LaneDevices");
        builder.BelongsToLot();
        builder.Property(d => d.LaneCode).HasMaxLength(Lane.MaxCodeLength).IsRequired();
        builder.Property(d => d.Protocol).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.SerialNumber).HasMaxLength(LaneDevice.MaxSerialLength).IsRequired();
        builder.Property(d => d.LastAddress).HasMaxLength(64);
        builder.Property(d => d.ControlUrl).HasMaxLength(200);
        builder.Property(d => d.ControlUser).HasMaxLength(64);
        builder.Property(d => d.BoundAddress).HasMaxLength(64);
        // A push names only its serial: one serial, one lane, in the whole installation.
        builder.HasIndex(d => d.SerialNumber).IsUnique();
        builder.HasIndex(d => new { d.LotId, d.LaneCode });
    }
}

internal sealed class CameraRecordConfiguration : IEntityTypeConfiguration<CameraRecord>
{
    public void Configure(EntityTypeBuilder<CameraRecord> builder)
    {
        builder.ToTable("CameraRecords");
        builder.Property(r => r.SerialNumber).HasMaxLength(LaneDevice.MaxSerialLength).IsRequired();
        builder.Property(r => r.Plate).HasMaxLength(16).IsRequired();
        // A record sent twice (a retry, an offline replay interrupted by a live read) is decided once.
        builder.HasIndex(r => new { r.SerialNumber, r.RecordId }).IsUnique();
    }
}

internal sealed class ControllerReadConfiguration : IEntityTypeConfiguration<ControllerRead>
{
    public void Configure(EntityTypeBuilder<ControllerRead> builder)
    {
        builder.ToTable("ControllerReads");
        builder.BelongsToLot();
        builder.Property(r => r.LaneCode).HasMaxLength(Lane.MaxCodeLength).IsRequired();
        builder.Property(r => r.ReadId).HasMaxLength(ControllerRead.MaxIdLength).IsRequired();
        builder.Property(r => r.Plate).HasMaxLength(16).IsRequired();
        builder.Property(r => r.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(300).IsRequired();
        builder.Property(r => r.Fee).HasPrecision(12, 2);
        builder.Property(r => r.Display).HasMaxLength(ControllerRead.MaxWordsLength).IsRequired();
        builder.Property(r => r.Voice).HasMaxLength(ControllerRead.MaxWordsLength).IsRequired();
        // A message the broker delivers again is decided once: QoS 1 means "at least once".
        builder.HasIndex(r => new { r.LotId, r.LaneCode, r.ReadId }).IsUnique();
    }
}

internal sealed class BaySensorConfiguration : IEntityTypeConfiguration<BaySensor>
{
    public void Configure(EntityTypeBuilder<BaySensor> builder)
    {
        builder.ToTable("BaySensors");
        builder.BelongsToLot();
        builder.Property(b => b.BayCode).HasMaxLength(BaySensor.MaxCodeLength).IsRequired();
        builder.HasIndex(b => new { b.LotId, b.BayCode }).IsUnique();
    }
}

internal sealed class CameraAllowedPlateConfiguration : IEntityTypeConfiguration<CameraAllowedPlate>
{
    public void Configure(EntityTypeBuilder<CameraAllowedPlate> builder)
    {
        builder.ToTable("CameraAllowedPlates");
        builder.Property(p => p.SerialNumber).HasMaxLength(LaneDevice.MaxSerialLength).IsRequired();
        builder.Property(p => p.Plate).HasMaxLength(16).IsRequired();
        builder.HasIndex(p => new { p.SerialNumber, p.Plate }).IsUnique();
    }
}
