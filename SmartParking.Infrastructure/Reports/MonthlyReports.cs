using System.Collections.Concurrent;
using System.Globalization;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;

namespace SmartParking.Infrastructure.Reports;

/// <summary>
/// The monthly PDF: served from the archive when the month is finished and already printed, otherwise built
/// (query → HTML → PDF) and, for a finished month, archived. The current month may be printed but never archived,
/// since it is still growing; later months do not exist yet.
/// </summary>
public sealed class MonthlyReports(ReportQuery query, IReportLayout layout, IPdfPrinter printer, ReportArchive archive, LotClock clock)
{
    // One build per month and language at a time: a double click, or the job and an admin, print once.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _building = new(StringComparer.Ordinal);

    public YearMonth CurrentMonth => YearMonth.Of(clock.LocalNow);

    public YearMonth LastMonth => CurrentMonth.Previous;

    public bool CanReport(YearMonth month) => month <= CurrentMonth;

    /// <summary>In the caller's UI culture (zh-CN unless English was chosen).</summary>
    public Task<ReportFile> GetOrBuildAsync(Lot lot, YearMonth month, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        GetOrBuildAsync(lot, month, CultureInfo.CurrentUICulture, progress, cancellationToken);

    public async Task<ReportFile> GetOrBuildAsync(Lot lot, YearMonth month, CultureInfo culture, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireReportable(month);
        var language = ReportLanguage.For(culture);
        return await ArchivedAsync(lot, month, language, progress, cancellationToken)
            ?? await BuildAsync(lot, month, language, reuseArchive: true, progress, cancellationToken);
    }

    /// <summary>
    /// The scheduled run on the 1st: always prints afresh, in the reports' own language (zh-CN) whatever the host's
    /// locale, and replaces the archived file.
    /// </summary>
    public Task<ReportFile> BuildAndArchiveAsync(Lot lot, YearMonth month, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        BuildAndArchiveAsync(lot, month, ReportLanguage.Chinese, progress, cancellationToken);

    /// <summary>Always prints afresh and replaces the archived file of that language, e.g. after a correction.</summary>
    public Task<ReportFile> BuildAndArchiveAsync(Lot lot, YearMonth month, CultureInfo culture, IProgress<ReportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        RequireReportable(month);
        return BuildAsync(lot, month, ReportLanguage.For(culture), reuseArchive: false, progress, cancellationToken);
    }

    public IReadOnlyList<ArchivedReport> ListArchived(Lot lot) => archive.List(lot.Code);

    public static string FileName(Lot lot, YearMonth month, CultureInfo language) =>
        $"smartparking-{lot.Code}-{month}{ReportLanguage.Suffix(ReportLanguage.For(language)).Replace('.', '-')}.pdf";

    private async Task<ReportFile?> ArchivedAsync(Lot lot, YearMonth month, CultureInfo language, IProgress<ReportProgress>? progress, CancellationToken cancellationToken)
    {
        if (month >= CurrentMonth || await archive.ReadAsync(lot.Code, month, language, cancellationToken) is not { } pdf)
        {
            return null;
        }

        progress?.Report(new ReportProgress(ReportStage.Done));
        return new ReportFile(FileName(lot, month, language), pdf, FromArchive: true);
    }

    private async Task<ReportFile> BuildAsync(
        Lot lot, YearMonth month, CultureInfo language, bool reuseArchive, IProgress<ReportProgress>? progress, CancellationToken cancellationToken)
    {
        var building = _building.GetOrAdd($"{lot.Code}/{month}{ReportLanguage.Suffix(language)}", _ => new SemaphoreSlim(1, 1));
        await building.WaitAsync(cancellationToken);
        try
        {
            // Whoever held the lock before may have just archived this very month.
            if (reuseArchive && await ArchivedAsync(lot, month, language, progress, cancellationToken) is { } archived)
            {
                return archived;
            }

            progress?.Report(new ReportProgress(ReportStage.Querying));
            var report = await query.MonthlyAsync(lot.Id, month, cancellationToken);
            progress?.Report(new ReportProgress(ReportStage.RenderingHtml));
            var document = await layout.MonthlyAsync(report, language, cancellationToken);
            progress?.Report(new ReportProgress(ReportStage.Printing));
            var pdf = await printer.PrintAsync(document, cancellationToken);
            if (report.Complete)
            {
                progress?.Report(new ReportProgress(ReportStage.Archiving));
                await archive.WriteAsync(lot.Code, month, language, pdf, cancellationToken);
            }

            progress?.Report(new ReportProgress(ReportStage.Done));
            return new ReportFile(FileName(lot, month, language), pdf, FromArchive: false);
        }
        finally
        {
            building.Release();
        }
    }

    private void RequireReportable(YearMonth month)
    {
        if (!CanReport(month))
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, $"{month} has not begun (the lot's current month is {CurrentMonth}).");
        }
    }
}
