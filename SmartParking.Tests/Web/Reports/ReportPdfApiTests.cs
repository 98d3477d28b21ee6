using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Reports;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Reports;

/// <summary>The PDF routes over HTTP, printed by the real Chromium and read back with poppler's pdftotext.</summary>
public sealed class ReportPdfApiTests(OctoberLot lot) : IClassFixture<OctoberLot>
{
    private ParkingAppFactory App => lot.App;

    [Fact]
    public async Task MonthlyPdf_ShowsTheLotAndPeriodInChinese_AndTotalsThatMatchTheDatabaseAndTheDailyIncomeApi()
    {
        using var guard = await App.GuardClientAsync();

        var response = await guard.GetAsync("/api/reports/monthly/2023-10.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await PdfText.ExtractAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(OctoberLot.LotName, text);
        Assert.Contains("停车场月度报表", text);
        Assert.Contains("2023 年 10 月", text);
        Assert.Matches(@"第\s*1\s*页\s*/\s*共\s*5\s*页", text);

        var (from, to) = (Utc(2023, 10, 1), Utc(2023, 11, 1));
        var inDatabase = await App.WithDbAsync(async db => await db.ParkingSessions.Where(s => s.ExitUtc >= from && s.ExitUtc < to).Select(s => s.Fee).ToListAsync());
        var daily = await (await guard.PostAsJsonAsync("/api/income/daily", new { start_time = "2023-10-01", end_times = "2023-10-31" })).Content.ReadFromJsonAsync<JsonElement>();
        var apiIncome = daily.EnumerateObject().Sum(d => d.Value.GetProperty("income").GetDecimal());
        var apiStays = daily.EnumerateObject().Sum(d => d.Value.GetProperty("park_times").GetInt32());
        Assert.Equal((OctoberLot.OctoberIncome, OctoberLot.OctoberStays), (inDatabase.Sum(), inDatabase.Count));
        Assert.Equal((OctoberLot.OctoberIncome, OctoberLot.OctoberStays), (apiIncome, apiStays));
        Assert.Matches(@"收入\s+¥293\.00", text);
        Assert.Matches(@"停车次数（按出场）\s+12\b", text);
        Assert.Matches(@"合计\s+293\.00\s+12\b", text);
    }

    [Fact]
    public async Task MonthlyPdf_ListsPeakLongestStaysArrearsAndTheRulesInForce()
    {
        using var admin = await App.AdminClientAsync();

        var text = await PdfText.ExtractAsync(await admin.GetByteArrayAsync("/api/reports/monthly/2023-10.pdf?lot=yangguang"));

        Assert.Matches(@"最高同时在场\s+3 辆（共 200 个车位），2023-10-09 09:45", text);
        Assert.Matches(@"业主 / 访客\s+4 次 ¥28\.00 / 8 次 ¥265\.00", text);
        // The visitor still inside since 25 October leads the longest stays, unbilled.
        var longest = Section(text, "停车时长最长的 10 次", "业主欠费");
        Assert.Matches(@"NU100009\s+小车\s+访客\s+2023-10-25 12:00\s+仍在场内", longest);
        Assert.Matches(@"NU100003\s+小车\s+访客\s+2023-10-05 08:00\s+2023-10-07 08:30\s+2 天 0 小时 30 分\s+105\.00", longest);
        var arrears = Section(text, "业主欠费", "本期执行的收费规则");
        Assert.Matches(@"王\*\s+沪C54321\s+10\.00", arrears);
        Assert.Matches(@"李\*\s+粤B12345\s+9\.00", arrears);
        Assert.DoesNotContain("王五", text);
        // Owed (the closed stays' fees) and collected (by channel, and in all) each have their line.
        var money = Section(text, "应收与实收", "未缴停车费");
        Assert.Matches(@"应收：本月离场车辆的停车费\s+[\d,]+\.\d\d", money);
        Assert.Matches(@"实收 · 微信支付\s+[\d,]+\.\d\d", money);
        Assert.Matches(@"实收合计\s+[\d,]+\.\d\d", money);
        var rules = Section(text, "本期执行的收费规则", null);
        Assert.Matches(@"小车\s+业主\s+2\s+30 分钟\s+¥2\.00 / 60 分钟\s+¥10\.00", rules);
        Assert.Matches(@"小车\s+访客\s+1\s+15 分钟\s+¥5\.00 / 30 分钟\s+¥50\.00", rules);
    }

    [Fact]
    public async Task MonthlyPdf_HasCoverSummaryAndDetailPages_ThatRenderAsImages()
    {
        using var admin = await App.AdminClientAsync();
        var pdf = await admin.GetByteArrayAsync("/api/reports/monthly/2023-10.pdf?lot=yangguang");

        // Cover and summary pages land in bin/.../screenshots, like the browser tests' screenshots.
        var pages = await PdfText.PagesAsPngAsync(pdf, BrowserApp.ScreenshotFolder, "monthly-report", first: 1, last: 2);

        Assert.Equal(2, pages.Count);
        Assert.Equal(5, await PdfText.PageCountAsync(pdf));
    }

    [Fact]
    public async Task MonthlyPdf_IsAPdfDownloadNamedAfterTheMonth()
    {
        using var guard = await App.GuardClientAsync();

        var response = await guard.GetAsync("/api/reports/monthly/2023-10.pdf");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("smartparking-yangguang-2023-10.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("%PDF-"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..5]);
    }

    [Fact]
    public async Task MonthlyPdf_InEnglish_WhenTheCallerChoseEnglish()
    {
        using var guard = await App.GuardClientAsync();

        var response = await guard.GetAsync("/api/reports/monthly/2023-10.pdf?culture=en");

        var text = await PdfText.ExtractAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("smartparking-yangguang-2023-10-en.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("Monthly car park report", text);
        Assert.Contains("October 2023", text);
        Assert.Matches(@"Income\s+¥293\.00", text);
        Assert.Contains("Page 1 of", text);
    }

    [Fact]
    public async Task FinishedMonth_IsArchivedOnFirstRequest_AndServedFromTheArchiveAfterwards()
    {
        using var guard = await App.GuardClientAsync();
        var archived = Path.Combine(App.DataPath, "reports", "monthly", "yangguang", "2023-09.pdf");
        Assert.False(File.Exists(archived));

        var first = await guard.GetByteArrayAsync("/api/reports/monthly/2023-09.pdf");
        Assert.Equal(first, await File.ReadAllBytesAsync(archived));
        // Mark the archived copy: only a response read from the archive can carry the mark.
        await File.AppendAllTextAsync(archived, "%archived-copy\n");
        var second = await guard.GetByteArrayAsync("/api/reports/monthly/2023-09.pdf");

        Assert.Equal(await File.ReadAllBytesAsync(archived), second);
        Assert.Contains(App.Services.GetRequiredService<MonthlyReports>().ListArchived(App.Community), r => r.Month == new YearMonth(2023, 9));
    }

    [Fact]
    public async Task CurrentMonth_IsPrintedUpToNow_ButNotArchived()
    {
        using var guard = await App.GuardClientAsync();

        var response = await guard.GetAsync("/api/reports/monthly/2023-11.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await PdfText.ExtractAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("本月尚未结束", text);
        Assert.False(File.Exists(Path.Combine(App.DataPath, "reports", "monthly", "yangguang", "2023-11.pdf")));
    }

    [Theory]
    [InlineData("2023-12")]
    [InlineData("2024-01")]
    [InlineData("2023-13")]
    [InlineData("2023-1")]
    [InlineData("abc")]
    [InlineData("1999-12")]
    public async Task MonthlyPdf_ForAFutureOrMalformedMonth_Answers400NamingTheMonth(string month)
    {
        using var guard = await App.GuardClientAsync();

        var response = await guard.GetAsync($"/api/reports/monthly/{month}.pdf");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("month", out _));
    }

    [Theory]
    [InlineData("/api/reports/monthly/2023-10.pdf")]
    [InlineData("/api/reports/30days.pdf")]
    public async Task PdfRoutes_WithoutToken401_ForAnOwner403(string route)
    {
        using var anonymous = App.CreateClient();
        using var owner = await App.OwnerClientAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(route)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(route)).StatusCode);
    }

    [Fact]
    public async Task ThirtyDayPdf_CoversTheLast30Days_WithTotalsThatMatchTheDailyIncomeApi()
    {
        using var admin = await App.AdminClientAsync();

        var response = await admin.GetAsync("/api/reports/30days.pdf?lot=yangguang");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("smartparking-yangguang-30days-20231017-20231115.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = await PdfText.ExtractAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("近 30 天停车报表", text);
        Assert.Contains("2023 年 10 月 17 日 至 2023 年 11 月 15 日", text);
        var daily = await (await admin.PostAsJsonAsync("/api/income/daily?lot=yangguang", new { start_time = "2023-10-17", end_times = "2023-11-15" })).Content.ReadFromJsonAsync<JsonElement>();
        var income = daily.EnumerateObject().Sum(d => d.Value.GetProperty("income").GetDecimal());
        var stays = daily.EnumerateObject().Sum(d => d.Value.GetProperty("park_times").GetInt32());
        Assert.Equal((64m, 4), (income, stays));
        Assert.Matches($@"收入\s+¥{income.ToString("0.00", CultureInfo.InvariantCulture)}", text);
        Assert.Matches($@"合计\s+{income.ToString("0.00", CultureInfo.InvariantCulture)}\s+{stays}\b", text);
        Assert.Equal(30, Regex.Matches(text, @"20\d\d-\d\d-\d\d\s+\d+\.\d\d\s+\d+\s+[优良差]").Count);
    }

    [Fact]
    public async Task ConcurrentRequests_AllGetTheirPdf_FromOneBrowserProcess()
    {
        using var guard = await App.GuardClientAsync();
        var printer = App.Services.GetRequiredService<ChromiumPdfPrinter>();
        await guard.GetByteArrayAsync("/api/reports/30days.pdf");
        var launches = printer.Launches;

        var responses = await Task.WhenAll(
            guard.GetAsync("/api/reports/30days.pdf"),
            guard.GetAsync("/api/reports/monthly/2023-11.pdf"),
            guard.GetAsync("/api/reports/30days.pdf?culture=en"),
            guard.GetAsync("/api/reports/monthly/2023-11.pdf?culture=en"));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("%PDF-"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..5]);
        }

        Assert.Equal(launches, printer.Launches);
        Assert.Single(ChromiumProcesses.BrowsersTagged(printer.ProcessTag));
    }

    [Fact]
    public async Task BrowserThatDied_IsReplaced_AndTheNextReportStillPrints()
    {
        using var guard = await App.GuardClientAsync();
        var printer = App.Services.GetRequiredService<ChromiumPdfPrinter>();
        await guard.GetByteArrayAsync("/api/reports/30days.pdf");
        var dead = Assert.Single(ChromiumProcesses.BrowsersTagged(printer.ProcessTag));

        using (var process = System.Diagnostics.Process.GetProcessById(dead))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var response = await guard.GetAsync("/api/reports/30days.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alive = Assert.Single(ChromiumProcesses.BrowsersTagged(printer.ProcessTag));
        Assert.NotEqual(dead, alive);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesBothPdfRoutes()
    {
        using var anonymous = App.CreateClient();

        var paths = (await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");

        foreach (var route in new[] { "/api/reports/monthly/{month}.pdf", "/api/reports/30days.pdf" })
        {
            var ok = paths.GetProperty(route).GetProperty("get").GetProperty("responses").GetProperty("200");
            Assert.True(ok.GetProperty("content").TryGetProperty("application/pdf", out _), route);
        }
    }

    private static DateTime Utc(int year, int month, int day) => new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);

    private static string Section(string text, string from, string? until)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section '{from}'");
        var end = until is null ? text.Length : text.IndexOf(until, start, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)];
    }
}
