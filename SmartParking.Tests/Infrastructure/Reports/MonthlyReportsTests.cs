using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Reports;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Reports;

/// <summary>The builder and archive on the app's real SQLite file, on 2026-11-20 in Shanghai, with a counting printer.</summary>
public sealed class MonthlyReportsTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(clock: new FakeClock(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero)));
    private readonly CountingPrinter _printer = new();
    private readonly MonthlyReports _reports;

    public MonthlyReportsTests() => _reports = ActivatorUtilities.CreateInstance<MonthlyReports>(_app.Services, _printer);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SameMonthAskedTwiceAtOnce_IsPrintedOnce_AndTheSecondCallerGetsTheArchivedFile()
    {
        var october = new YearMonth(2026, 10);

        var files = await Task.WhenAll(
            _reports.GetOrBuildAsync(_app.Community, october, ReportLanguage.Chinese),
            _reports.GetOrBuildAsync(_app.Community, october, ReportLanguage.Chinese));

        Assert.Equal(1, _printer.Prints);
        Assert.Single(files, f => f.FromArchive);
        Assert.Equal(files[0].Content, files[1].Content);
    }

    [Fact]
    public async Task BuildAndArchive_ReprintsAMonthAlreadyArchived()
    {
        var october = new YearMonth(2026, 10);
        await _reports.GetOrBuildAsync(_app.Community, october, ReportLanguage.Chinese);

        var rebuilt = await _reports.BuildAndArchiveAsync(_app.Community, october, ReportLanguage.Chinese);

        Assert.Equal(2, _printer.Prints);
        Assert.False(rebuilt.FromArchive);
        Assert.Equal(rebuilt.Content, await File.ReadAllBytesAsync(Path.Combine(_app.DataPath, "reports", "monthly", "yangguang", "2026-10.pdf")));
    }

    [Fact]
    public async Task CurrentMonth_IsBuiltWithItsStages_ButNeverArchived()
    {
        var stages = new List<ReportStage>();

        await _reports.BuildAndArchiveAsync(_app.Community, new YearMonth(2026, 11), ReportLanguage.Chinese, new Recorder(stages));

        Assert.Equal([ReportStage.Querying, ReportStage.RenderingHtml, ReportStage.Printing, ReportStage.Done], stages);
        Assert.Empty(_reports.ListArchived(_app.Community));
    }

    [Fact]
    public async Task EnglishAndChinese_AreArchivedSideBySide()
    {
        var september = new YearMonth(2026, 9);

        var english = await _reports.GetOrBuildAsync(_app.Community, september, ReportLanguage.English);
        var chinese = await _reports.GetOrBuildAsync(_app.Community, september, ReportLanguage.Chinese);

        Assert.Equal(("smartparking-yangguang-2026-09-en.pdf", "smartparking-yangguang-2026-09.pdf"), (english.FileName, chinese.FileName));
        Assert.Equal(["zh-CN", "en"], _reports.ListArchived(_app.Community).Select(r => r.Language.Name));
    }

    [Fact]
    public async Task NextMonth_IsRefused()
    {
        Assert.False(_reports.CanReport(new YearMonth(2026, 12)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _reports.GetOrBuildAsync(_app.Community, new YearMonth(2026, 12), ReportLanguage.Chinese));
    }

    [Theory]
    [InlineData("2023-10", true)]
    [InlineData("2023-13", false)]
    [InlineData("2023-00", false)]
    [InlineData("2023-1", false)]
    [InlineData("23-10", false)]
    [InlineData("２０２３-１０", false)]
    [InlineData("1999-12", false)]
    [InlineData("", false)]
    public void YearMonth_TakesOnlyFourDigitsDashTwoDigits(string text, bool valid) =>
        Assert.Equal(valid, YearMonth.TryParse(text, out _));

    private sealed class CountingPrinter : IPdfPrinter
    {
        private int _prints;

        public int Prints => Volatile.Read(ref _prints);

        public async Task<byte[]> PrintAsync(PrintableDocument document, CancellationToken cancellationToken = default)
        {
            // Yield, so two builds of one month really overlap while the first is printing.
            await Task.Yield();
            return System.Text.Encoding.UTF8.GetBytes($"%PDF-1.7 print {Interlocked.Increment(ref _prints)} {document.Html.Length}");
        }
    }

    private sealed class Recorder(List<ReportStage> stages) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => stages.Add(value.Stage);
    }
}
