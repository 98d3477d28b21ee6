using System.Net;
using Bunit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Common;
using SmartParking.Infrastructure.Reports;
using SmartParking.Tests.Support;
using SmartParking.Web.Reports;

namespace SmartParking.Tests.Web.Reports;

/// <summary>The admin's reports page on Friday 2026-11-20, with a printer the test releases by hand.</summary>
public sealed class ReportsPageTests : AdminPageContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly HeldPrinter _printer = new();

    public ReportsPageTests()
    {
        Services.AddSingleton(ActivatorUtilities.CreateInstance<MonthlyReports>(App.Services, _printer));
        Services.AddSingleton(App.Services.GetRequiredService<IDataProtectionProvider>());
    }

    [Fact]
    public async Task Build_ShowsEachStage_ThenOffersTheDownload_AndListsTheArchivedMonth()
    {
        var page = RenderPage<ReportsPage>();
        Assert.Equal("还没有归档的月度报表。", page.Find("[data-testid=no-archive]").TextContent);
        Assert.Contains("2026-10", page.Find("[data-testid=month]").TextContent);

        page.Find("button[data-testid=build]").Click();
        await _printer.Started.Task.WaitAsync(Patience);

        page.WaitForAssertion(() => Assert.Equal("正在打印 PDF…", page.Find("[data-testid=stage]").TextContent), Patience);
        Assert.NotNull(page.Find("[data-testid=progress] .mud-progress-linear"));
        Assert.True(page.Find("button[data-testid=build]").HasAttribute("disabled"));

        _printer.Finish();

        page.WaitForAssertion(() => Assert.Contains("2026-10 的报表已生成", page.Find("[data-testid=ready]").TextContent), Patience);
        Assert.Equal("/api/reports/monthly/2026-10.pdf?lot=yangguang&culture=zh-CN", page.Find("[data-testid=ready-download]").GetAttribute("href"));
        var archived = page.Find("[data-testid=archived] tr[data-month='2026-10']");
        Assert.Contains("中文", archived.TextContent);
        Assert.True(File.Exists(Path.Combine(App.DataPath, "reports", "monthly", "yangguang", "2026-10.pdf")));
    }

    [Fact]
    public async Task TheMoneyPanel_ShowsWhatThisMonthsClosedStaysOwe_AndSixMonthsOfBars()
    {
        await StayAsync("沪C40001", new DateTime(2026, 11, 20, 7, 0, 0), new DateTime(2026, 11, 20, 10, 30, 0));
        var (from, to) = (LotClock.ToUtc(new DateTime(2026, 11, 1)), LotClock.ToUtc(new DateTime(2026, 12, 1)));
        var owed = (await App.WithDbAsync(db => db.ParkingSessions.Where(s => s.LotId == Lot.Id && s.ExitUtc >= from && s.ExitUtc < to)
            .Select(s => s.Fee).ToListAsync())).Sum();
        Assert.True(owed > 0);

        var page = RenderPage<ReportsPage>();

        page.WaitForAssertion(() => Assert.StartsWith($"本月至今：应收 ¥{owed:0.00}，", page.Find("[data-testid=owed-collected-now]").TextContent.Trim()), Patience);
        var months = page.FindAll("[data-testid=owed-collected] svg text").Select(t => t.TextContent).ToList();
        Assert.Contains("2026-06", months);
        Assert.Contains("2026-11", months);
        Assert.DoesNotContain("2026-05", months);
    }

    [Fact]
    public void PrinterFailure_ShowsASentence_NotAStackTrace()
    {
        _printer.Fail(new PdfPrintException(DomainError.Of("Report.BrowserDidNotStart", "/usr/bin/chromium")));
        var page = RenderPage<ReportsPage>();

        page.Find("button[data-testid=build]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "报表生成失败：无法启动 Chromium（/usr/bin/chromium）",
            page.Find("[data-testid=build-error]").TextContent), Patience);
        Assert.DoesNotContain("   at ", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=progress]"));
    }

    [Fact]
    public void ThirtyDayLinks_AreThePdfAndTheCallersOwnExports()
    {
        var page = RenderPage<ReportsPage>();

        Assert.Equal("/api/reports/30days.pdf?lot=yangguang", page.Find("[data-testid=thirty-days-pdf]").GetAttribute("href"));
        // The signed link is made at the click (one made at page load would expire while the page stays open).
        page.Find("[data-testid=export-csv]").Click();
        page.Find("[data-testid=export-xlsx]").Click();
        var downloads = JSInterop.Invocations["smartParking.download"].Select(i => (string)i.Arguments[0]!).ToList();
        Assert.Equal(2, downloads.Count);
        Assert.All(downloads, url => Assert.StartsWith("/api/records/export/download?token=", url));
        Assert.NotEqual(downloads[0], downloads[1]);
    }

    [Fact]
    public async Task ReportsPage_IsForAdminsOnly()
    {
        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        using var guard = App.CreateClient(new() { AllowAutoRedirect = false });
        guard.DefaultRequestHeaders.Authorization = new("Bearer", await App.TokenAsync("guard", "Guard123!"));

        var anonymousAnswer = await anonymous.GetAsync("/admin/reports");
        var guardAnswer = await guard.GetAsync("/admin/reports");

        Assert.StartsWith("/account/login", anonymousAnswer.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, guardAnswer.StatusCode);
    }

    /// <summary>Holds every print until the test lets it finish, so the page can be seen mid-build.</summary>
    private sealed class HeldPrinter : IPdfPrinter
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? _failure;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish() => _finish.TrySetResult();

        public void Fail(Exception failure) => _failure = failure;

        public async Task<byte[]> PrintAsync(PrintableDocument document, CancellationToken cancellationToken = default)
        {
            if (_failure is not null)
            {
                throw _failure;
            }

            Started.TrySetResult();
            await _finish.Task.WaitAsync(cancellationToken);
            return "%PDF-1.7\n%test\n"u8.ToArray();
        }
    }
}
