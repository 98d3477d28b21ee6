using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Infrastructure.Reports;

/// <summary>One lot as the group admin compares it: cars inside now, and the last 30 days' income and stays.</summary>
public sealed record LotAtAGlance(Lot Lot, LotOccupancy Occupancy, decimal Income30Days, int Stays30Days, IReadOnlyList<DayIncome> Days);

/// <summary>Every lot of the group side by side.</summary>
public sealed class GroupOverview(LotStatus status, IncomeLedger ledger, LotClock clock)
{
    public const int Days = 30;

    public async Task<IReadOnlyList<LotAtAGlance>> LotsAsync(IReadOnlyList<Lot> lots, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.LocalNow);
        var glances = new List<LotAtAGlance>(lots.Count);
        foreach (var lot in lots)
        {
            var days = await ledger.DailyAsync(lot.Id, today.AddDays(1 - Days), today, cancellationToken);
            glances.Add(new LotAtAGlance(lot, await status.OccupancyAsync(lot.Id, cancellationToken), days.Sum(d => d.Income), days.Sum(d => d.Stays), days));
        }

        return glances;
    }
}
