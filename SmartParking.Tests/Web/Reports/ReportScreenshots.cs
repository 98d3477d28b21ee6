using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Reports;

/// <summary>The seeded October as the admin downloads it: cover and summary pages as PNG for docs/screenshots/.</summary>
public sealed class ReportScreenshots(OctoberLot lot) : IClassFixture<OctoberLot>
{
    [Fact]
    public async Task MonthlyPdf_CoverAndSummaryPages_RenderAsImages()
    {
        using var admin = await lot.App.AdminClientAsync();
        var pdf = await admin.GetByteArrayAsync("/api/reports/monthly/2023-10.pdf");

        var pages = await PdfText.PagesAsPngAsync(pdf, BrowserApp.ScreenshotFolder, "monthly-report", first: 1, last: 2);

        Assert.Equal(2, pages.Count);
        Assert.True(await PdfText.PageCountAsync(pdf) >= 4, "cover, summary and chart, days, stays, arrears and rules");
    }
}
