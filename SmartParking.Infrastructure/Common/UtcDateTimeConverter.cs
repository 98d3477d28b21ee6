using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmartParking.Infrastructure.Common;

public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    toStore => toStore.Kind == DateTimeKind.Local ? toStore.ToUniversalTime() : toStore,
    fromStore => DateTime.SpecifyKind(fromStore, DateTimeKind.Utc));
