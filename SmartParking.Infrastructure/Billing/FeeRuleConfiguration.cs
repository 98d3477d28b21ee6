using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Billing;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Billing;

internal sealed class FeeRuleConfiguration : IEntityTypeConfiguration<FeeRule>
{
    public void Configure(EntityTypeBuilder<FeeRule> builder)
    {
        builder.ToTable("FeeRules");
        builder.Property(r => r.CustomerClass).HasConversion<string>().HasMaxLength(20);
        builder.BelongsToLot();
        builder.HasIndex(r => new { r.LotId, r.VehicleType, r.CustomerClass, r.Version }).IsUnique();

        // A handful of time-of-day bands per rule: one JSON column keeps a rule version one immutable row.
        builder.Property<List<TimeSegment>>("_segments")
            .HasColumnName("Segments")
            .HasMaxLength(2000)
            .HasConversion(
                segments => JsonSerializer.Serialize(segments.Select(s => new StoredSegment(s.Start.ToString("HH\\:mm"), s.End.ToString("HH\\:mm"), s.UnitFee)), JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<StoredSegment>>(json, JsonSerializerOptions.Default)!
                    .Select(s => new TimeSegment(TimeOnly.Parse(s.Start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(s.End, System.Globalization.CultureInfo.InvariantCulture), s.UnitFee)).ToList(),
                new ValueComparer<List<TimeSegment>>((a, b) => a!.SequenceEqual(b!), s => s.Aggregate(0, (h, x) => HashCode.Combine(h, x)), s => s.ToList()));
        builder.Ignore(r => r.Segments);
        builder.Property(r => r.HolidayPricing).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(r => r.Holidays);
        builder.Ignore(r => r.PricesHolidays);
    }

    private sealed record StoredSegment(string Start, string End, decimal UnitFee);
}
