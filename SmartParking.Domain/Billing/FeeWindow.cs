using System.Globalization;

namespace SmartParking.Domain.Billing;

// One 24-hour window of a stay, counted from entry. Charge is before the daily cap, Fee after it.
public sealed record FeeWindow(
    int Index,
    DateTime Start,
    DateTime End,
    int Minutes,
    int ChargeableMinutes,
    int Units,
    decimal Charge,
    decimal Fee,
    bool Capped,
    int HolidayUnits = 0)
{
    // Read aloud by the guard when a driver questions the fee, so it is Chinese and short.
    public string Describe()
    {
        var days = (End.Date - Start.Date).Days;
        var endDay = days switch
        {
            0 => string.Empty,
            1 => "次日",
            _ => $"{days}天后",
        };
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"第{Index}段 {Start:HH:mm}→{endDay}{End:HH:mm} {Minutes}分钟，计费{ChargeableMinutes}分钟={Units}单位，¥{Charge:0.00}");
        if (HolidayUnits > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"（其中节假日{HolidayUnits}单位）");
        }

        return Capped ? string.Create(CultureInfo.InvariantCulture, $"{line}，封顶¥{Fee:0.00}") : line;
    }
}
