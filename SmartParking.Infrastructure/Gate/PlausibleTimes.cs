using Microsoft.Extensions.Options;
using SmartParking.Domain.Common;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// Whether a time a camera or a caller sends can be true: not ahead of the server's clock by more than the allowed
/// skew, not before the lot could have had the car. A camera with a wrong clock must not bill a stay of a century.
/// </summary>
public sealed class PlausibleTimes(LotClock clock, IOptions<GateSettings> gate)
{
    public TimeSpan MaxStay => TimeSpan.FromDays(gate.Value.MaxStayDays);

    /// <summary>Null when plausible; otherwise the error, with the bound the time crossed (lot-local).</summary>
    public DomainError? Check(Lot lot, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(lot);
        var latest = clock.UtcNow.AddMinutes(gate.Value.FutureSkewMinutes);
        if (utc > latest)
        {
            return DomainError.Of("Gate.TimeInFuture", Minute(latest), gate.Value.FutureSkewMinutes);
        }

        var earliest = EarliestUtc(lot);
        return utc < earliest ? DomainError.Of("Gate.TimeBeforeLot", Minute(earliest)) : null;
    }

    public DateTime EarliestUtc(Lot lot) =>
        gate.Value.EarliestTime is { } configured ? clock.ToUtc(configured) : lot.OpenedUtc - MaxStay;

    private string Minute(DateTime utc) => clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
