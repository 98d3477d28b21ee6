using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SmartParking.Domain.People;

namespace SmartParking.Infrastructure.Common;

/// <summary>Plates are stored in their normalised text form, so equality in SQL is equality of plates.</summary>
public sealed class PlateNumberConverter() : ValueConverter<PlateNumber, string>(plate => plate.Value, text => PlateNumber.Parse(text));
