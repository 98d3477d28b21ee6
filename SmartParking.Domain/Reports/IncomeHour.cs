namespace SmartParking.Domain.Reports;

/// <summary>
/// Income booked in one UTC hour (by exit time): reports and the gate's rolling income figures add up these rows
/// instead of scanning every stay.
/// </summary>
public sealed class IncomeHour
{
    private IncomeHour()
    {
    }

    public Guid LotId { get; private set; }

    public DateTime HourStartUtc { get; private set; }

    public decimal Income { get; private set; }

    public int Stays { get; private set; }

    public static IncomeHour For(Guid lotId, DateTime utc) =>
        new() { LotId = lotId, HourStartUtc = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc) };

    public void Book(decimal fee)
    {
        Income += fee;
        Stays++;
    }
}
