using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmartParking.Domain.People;

namespace SmartParking.Infrastructure.Common;

/// <summary>Plates are stored in their normalised text form, so equality in SQL is equality of plates.</summary>
public sealed class PlateNumberConverter() : ValueConverter<PlateNumber, string>(plate => plate.Value, text => PlateNumber.FromStored(text));

public static class PlateColumn
{
    public static PropertyBuilder<PlateNumber> IsPlate(this PropertyBuilder<PlateNumber> property) =>
        property.HasConversion<PlateNumberConverter>().HasMaxLength(PlateNumber.MaxLength).IsRequired();
}

/// <summary>A vehicle type is stored by its code: the known kinds' English code, an added kind's own name.</summary>
public sealed class VehicleTypeConverter() : ValueConverter<Domain.Billing.VehicleType, string>(type => type.Code, code => Domain.Billing.VehicleType.FromCode(code));
