using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Reports;

/// <summary>On the 1st at 02:00 lot time: last month's PDF, built afresh and archived for the admins to download.</summary>
public sealed class MonthlyReportJob(MonthlyReports reports) : IScheduledWork
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var month = reports.LastMonth;
        var file = await reports.BuildAndArchiveAsync(month, null, cancellationToken);
        return $"{month} 月报已归档（{file.Content.Length / 1024} KB） / report for {month} archived ({file.Content.Length / 1024} KB): {file.FileName}";
    }
}
