using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.People;

internal sealed class PersonErasureConfiguration : IEntityTypeConfiguration<PersonErasure>
{
    public void Configure(EntityTypeBuilder<PersonErasure> builder)
    {
        builder.ToTable("PersonErasures");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Label).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(PersonErasure.MaxReasonLength).IsRequired();
        builder.Property(e => e.RequestedBy).HasMaxLength(256).IsRequired();
        builder.Property(e => e.DecidedBy).HasMaxLength(256);
        builder.BelongsToLot();
        builder.HasIndex(e => new { e.LotId, e.PersonId });
        builder.HasIndex(e => new { e.LotId, e.State });
        // Two admins confirming the same request at once: the second save fails on the stamp, not erases twice.
        builder.Property<Guid>(ConcurrencyStamp.Property).IsConcurrencyToken();
    }
}
