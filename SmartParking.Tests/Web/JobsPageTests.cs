using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class JobsPageTests(JobsPageTests.App app) : IClassFixture<JobsPageTests.App>
{
    public sealed class App : ParkingAppFactory;

    [Fact]
    public async Task Admin_SeesEveryJobWithItsScheduleAndNextRun()
    {
        using var admin = await app.AdminClientAsync();

        var html = await admin.GetStringAsync("/admin/jobs");

        foreach (var job in new[] { "overstay-warning", "notice-sending", "snapshot-retention", "monthly-report" })
        {
            Assert.Contains($"data-job=\"{job}\"", html);
        }

        var status = await app.Services.GetRequiredService<JobBoard>().StatusAsync();
        Assert.All(status, s => Assert.NotNull(s.NextRunLocal));
        var monthly = status.Single(s => s.Job.Name == "monthly-report").NextRunLocal!.Value;
        Assert.Equal((1, 2, 0), (monthly.Day, monthly.Hour, monthly.Minute));
    }

    [Fact]
    public async Task Guard_CannotOpenTheJobsPage()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("guard", "Guard123!"));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/jobs")).StatusCode);
    }

    // The run happens on the scheduler's own thread; wait for its record (bounded, not timed).
    private static async Task<JobRun?> FinishedRunAsync(JobBoard board, string job)
    {
        JobRun? run = null;
        for (var i = 0; i < 600 && run?.Succeeded is null; i++)
        {
            await Task.Delay(100);
            run = (await board.HistoryAsync(job)).FirstOrDefault(r => r.StartedBy == "admin");
        }

        return run;
    }

    [Fact]
    public async Task RunNow_MonthlyReport_ArchivesLastMonthsPdf()
    {
        var board = app.Services.GetRequiredService<JobBoard>();
        var reports = app.Services.GetRequiredService<SmartParking.Infrastructure.Reports.MonthlyReports>();

        await board.RunNowAsync("monthly-report", "admin");

        var run = await FinishedRunAsync(board, "monthly-report");
        Assert.True(run?.Succeeded, run?.Error);
        Assert.Contains(reports.ListArchived(), r => r.Month == reports.LastMonth);
    }

    [Fact]
    public async Task RunNow_RunsTheJobOnTheScheduler_AndKeepsTheRunWithWhoStartedIt()
    {
        var board = app.Services.GetRequiredService<JobBoard>();

        await board.RunNowAsync("snapshot-retention", "admin");

        var run = await FinishedRunAsync(board, "snapshot-retention");
        Assert.NotNull(run);
        Assert.True(run.Succeeded);
        Assert.Contains("删除 0 张", run.Summary);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "RunJob" && a.Subject == "Job snapshot-retention")));
    }
}
