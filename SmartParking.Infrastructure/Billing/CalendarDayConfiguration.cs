using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.Billing;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Billing;

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> builder)
    {
        builder.ToTable("CalendarDays");
        builder.BelongsToLot();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Name).HasMaxLength(CalendarDay.MaxNameLength);
        // A day is one thing in a lot's calendar: marking it again replaces it.
        builder.HasIndex(d => new { d.LotId, d.Date }).IsUnique();
    }
}
