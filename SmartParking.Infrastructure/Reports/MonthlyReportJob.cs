using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Reports;

/// <summary>On the 1st at 02:00 lot time: last month's PDF, built afresh and archived for the admins to download.</summary>
public sealed class MonthlyReportJob(MonthlyReports reports, LotDirectory lots) : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var month = reports.LastMonth;
        var done = new List<string>();
        foreach (var lot in await lots.AllAsync(cancellationToken))
        {
            var file = await reports.BuildAndArchiveAsync(lot, month, null, cancellationToken);
            done.Add($"{file.FileName} ({file.Content.Length / 1024} KB)");
        }

        return $"{month} 月报已归档 {done.Count} 份 / {done.Count} reports for {month} archived: {string.Join(", ", done)}";
    }
}
