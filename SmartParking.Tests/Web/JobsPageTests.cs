using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using SmartParking.Web;
using SmartParking.Web.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class JobsPageTests(JobsPageTests.App app) : IClassFixture<JobsPageTests.App>
{
    public sealed class App : ParkingAppFactory;

    [Fact]
    public async Task Admin_SeesEveryJob_WithItsScheduleInWords_AndTheNextRunInLotTime()
    {
        using var admin = await app.AdminClientAsync();

        var html = await admin.GetStringAsync("/admin/jobs");

        foreach (var (job, schedule) in new[] { ("overstay-warning", "每 15 分钟"), ("notice-sending", "每分钟"), ("snapshot-retention", "每天 03:30"), ("monthly-report", "每月 1 日 02:00") })
        {
            Assert.Matches($"data-job=\"{job}\"[^§]*?data-testid=\"job-schedule\">{schedule}</td>", html);
        }

        Assert.DoesNotContain("* * *", html);
        Assert.Contains("href=\"/admin/hangfire\"", html);
        var monthly = (await app.Services.GetRequiredService<SmartParking.Infrastructure.Common.JobBoard>().StatusAsync()).Single(s => s.Job.Name == "monthly-report");
        Assert.Contains(monthly.NextRunLocal!.Value.ToString("yyyy-MM-dd 02:00"), html);
    }

    [Fact]
    public async Task Guard_CannotOpenTheJobsPage()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("guard", "Guard123!"));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/jobs")).StatusCode);
    }

    [Theory]
    [InlineData("*/15 * * * *", "zh-CN", "每 15 分钟")]
    [InlineData("*/15 * * * *", "en", "every 15 minutes")]
    [InlineData("* * * * *", "zh-CN", "每分钟")]
    [InlineData("* * * * *", "en", "every minute")]
    [InlineData("*/1 * * * *", "en", "every minute")]
    [InlineData("30 3 * * *", "zh-CN", "每天 03:30")]
    [InlineData("30 3 * * *", "en", "daily at 03:30")]
    [InlineData("0 2 1 * *", "zh-CN", "每月 1 日 02:00")]
    [InlineData("0 2 1 * *", "en", "monthly on day 1 at 02:00")]
    [InlineData("5 * * * *", "zh-CN", "每小时第 5 分")]
    [InlineData("0 8 * * 1-5", "en", "0 8 * * 1-5")]
    [InlineData("0 0 2 1 * ?", "en", "0 0 2 1 * ?")]
    public void Cron_IsDescribedInWords_OrShownAsItIs(string cron, string culture, string expected)
    {
        var ui = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            var text = app.Services.GetRequiredService<IStringLocalizer<AdminText>>();

            Assert.Equal(expected, CronText.Describe(cron, text));
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
    }
}
