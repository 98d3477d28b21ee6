using Microsoft.Extensions.Options;

namespace SmartParking.Infrastructure.Common;

/// <summary>Storage speaks UTC; guards, owners and the API speak the lot's wall clock.</summary>
public sealed class LotClock(TimeProvider time, IOptions<LotSettings> lot)
{
    public TimeZoneInfo Zone { get; } = lot.Value.TimeZoneInfo;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime LocalNow => ToLocal(UtcNow);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    /// <summary>UTC bounds of the lot-local calendar day that contains <paramref name="localDay"/>.</summary>
    public (DateTime StartUtc, DateTime EndUtc) DayBoundsUtc(DateOnly localDay) =>
        (ToUtc(localDay.ToDateTime(TimeOnly.MinValue)), ToUtc(localDay.AddDays(1).ToDateTime(TimeOnly.MinValue)));

    /// <summary>UTC bounds of the lot-local calendar month that contains <paramref name="localDay"/>.</summary>
    public (DateTime StartUtc, DateTime EndUtc) MonthBoundsUtc(DateOnly localDay)
    {
        var first = new DateOnly(localDay.Year, localDay.Month, 1);
        return (DayBoundsUtc(first).StartUtc, DayBoundsUtc(first.AddMonths(1)).StartUtc);
    }
}
