using System.Globalization;
using SmartParking.Domain.Lots;

namespace SmartParking.Infrastructure.Reports;

/// <summary>The group's month, every lot side by side, as a PDF; built when asked, never archived.</summary>
public sealed class GroupReports(ReportQuery query, IReportLayout layout, IPdfPrinter printer)
{
    public async Task<ReportFile> BuildAsync(IReadOnlyList<Lot> lots, YearMonth month, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        var language = ReportLanguage.For(culture);
        var report = await query.GroupMonthlyAsync(lots, month, cancellationToken);
        var document = await layout.GroupMonthlyAsync(report, language, cancellationToken);
        var pdf = await printer.PrintAsync(document, cancellationToken);
        return new ReportFile($"smartparking-group-{month}{ReportLanguage.Suffix(language).Replace('.', '-')}.pdf", pdf, FromArchive: false);
    }
}

/// <summary>The last 30 days as a PDF; always fresh, never archived, because today is still running.</summary>
public sealed class ThirtyDayReports(ReportQuery query, IReportLayout layout, IPdfPrinter printer)
{
    public Task<ReportFile> BuildAsync(Lot lot, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        BuildAsync(lot, CultureInfo.CurrentUICulture, progress, cancellationToken);

    public async Task<ReportFile> BuildAsync(Lot lot, CultureInfo culture, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var language = ReportLanguage.For(culture);
        progress?.Report(new ReportProgress(ReportStage.Querying));
        var report = await query.LastThirtyDaysAsync(lot.Id, cancellationToken);
        progress?.Report(new ReportProgress(ReportStage.RenderingHtml));
        var document = await layout.ThirtyDaysAsync(report, language, cancellationToken);
        progress?.Report(new ReportProgress(ReportStage.Printing));
        var pdf = await printer.PrintAsync(document, cancellationToken);
        progress?.Report(new ReportProgress(ReportStage.Done));
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"smartparking-{lot.Code}-30days-{report.Period.First:yyyyMMdd}-{report.Period.Last:yyyyMMdd}{ReportLanguage.Suffix(language).Replace('.', '-')}.pdf");
        return new ReportFile(name, pdf, FromArchive: false);
    }
}
