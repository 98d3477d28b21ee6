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

        foreach (var job in new[] { "overstay-warning", "notice-sending", "snapshot-retention" })
        {
            Assert.Contains($"data-job=\"{job}\"", html);
        }

        var status = await app.Services.GetRequiredService<JobBoard>().StatusAsync();
        Assert.All(status, s => Assert.NotNull(s.NextRunLocal));
    }

    [Fact]
    public async Task Guard_CannotOpenTheJobsPage()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("guard", "Guard123!"));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/jobs")).StatusCode);
    }

    [Fact]
    public async Task RunNow_RunsTheJobOnTheScheduler_AndKeepsTheRunWithWhoStartedIt()
    {
        var board = app.Services.GetRequiredService<JobBoard>();

        await board.RunNowAsync("snapshot-retention", "admin");

        // The run happens on the scheduler's own thread; wait for its record (bounded, not timed).
        JobRun? run = null;
        for (var i = 0; i < 200 && run?.Succeeded is null; i++)
        {
            await Task.Delay(100);
            run = (await board.HistoryAsync("snapshot-retention")).FirstOrDefault(r => r.StartedBy == "admin");
        }

        Assert.NotNull(run);
        Assert.True(run.Succeeded);
        Assert.Contains("删除 0 张", run.Summary);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "RunJob" && a.Subject == "Job snapshot-retention")));
    }
}
