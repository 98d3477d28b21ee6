using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Notices;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

public sealed class ScheduledJobsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task RecurringJobs_AreRegistered_WithTheirCronEvaluatedInTheLotsTimeZone()
    {
        await using var app = new ParkingAppFactory();

        var recurring = app.RecurringJobs();

        Assert.Equal(["bill-reconciliation", "database-backup", "ledger-check", "monthly-report", "notice-sending", "overstay-warning", "pass-reminders", "payment-follow-up", "snapshot-retention", "visitor-retention"], recurring.Keys.Order());
        // The bills of the day before are out from 10:00 lot time; the reconciliation runs after that.
        Assert.Equal((10, 30), (Local("bill-reconciliation").Hour, Local("bill-reconciliation").Minute));
        Assert.All(recurring.Values, r => Assert.Equal("Asia/Shanghai", r.TimeZoneId));
        DateTime Local(string job) => TimeZoneInfo.ConvertTimeFromUtc(recurring[job].NextExecution!.Value, Shanghai);
        // 03:30 in Shanghai is 19:30 UTC the day before: a cron read in UTC would say 03:30 UTC.
        Assert.Equal((3, 30), (Local("snapshot-retention").Hour, Local("snapshot-retention").Minute));
        Assert.Equal((19, 30), (recurring["snapshot-retention"].NextExecution!.Value.Hour, recurring["snapshot-retention"].NextExecution!.Value.Minute));
        Assert.Equal((1, 2, 0), (Local("monthly-report").Day, Local("monthly-report").Hour, Local("monthly-report").Minute));
        Assert.Equal(0, Local("overstay-warning").Minute % 15);
        Assert.Equal((9, 0), (Local("pass-reminders").Hour, Local("pass-reminders").Minute));
        Assert.Equal((3, 45), (Local("visitor-retention").Hour, Local("visitor-retention").Minute));
        // After the night's erasures, so a backup does not keep what they removed.
        Assert.Equal((4, 0), (Local("database-backup").Hour, Local("database-backup").Minute));
        // With no server running here a due occurrence is not taken yet, so "next" may lie just behind now.
        Assert.True(recurring["notice-sending"].NextExecution!.Value - DateTime.UtcNow <= TimeSpan.FromMinutes(1));
        Assert.Equal(0, recurring["notice-sending"].NextExecution!.Value.Second);

        var board = (await app.Services.GetRequiredService<JobBoard>().StatusAsync()).Single(s => s.Job.Name == "monthly-report");
        Assert.Equal(Local("monthly-report"), board.NextRunLocal);
    }

    [Fact]
    public async Task ARestart_OnTheSameDataFolder_KeepsTheRecurringJobsAndTheirRunHistory()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Storage:DataPath"] = data.Path };
        string runId;
        DateTime? nextMonthly;
        await using (var first = new ParkingAppFactory(HangfireRuns.ServerOn(settings)))
        {
            nextMonthly = first.RecurringJobs()["monthly-report"].NextExecution;
            runId = ((IRecurringJobManagerV2)first.Services.GetRequiredService<IRecurringJobManager>()).TriggerJob("snapshot-retention");
            Assert.Equal("Succeeded", (await first.FinishedAsync(runId)).Name);
        }

        await using var second = new ParkingAppFactory(settings);
        var recurring = second.RecurringJobs();

        Assert.Equal(10, recurring.Count);
        Assert.Equal(nextMonthly, recurring["monthly-report"].NextExecution);
        Assert.Equal(runId, recurring["snapshot-retention"].LastJobId);
        Assert.Equal("Succeeded", recurring["snapshot-retention"].LastJobState);
        using var connection = second.Storage().GetConnection();
        Assert.Contains("删除 0 张", connection.GetStateData(runId).Data["Result"]);
        Assert.Equal("Succeeded", (await second.Services.GetRequiredService<JobBoard>().StatusAsync()).Single(s => s.Job.Name == "snapshot-retention").LastState);
    }

    [Fact]
    public async Task ANoticeForSms_QueuedByAGateEvent_EnqueuesTheSendingAtOnce()
    {
        await using var app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["Notices:Sms:Enabled"] = "true",
            ["Notices:Sms:AccessKeyId"] = "test-key",
            ["Notices:Sms:AccessKeySecret"] = "test-secret",
            ["Notices:Sms:SignName"] = "阳光花园",
            ["Notices:Sms:Templates:Entry"] = "SMS_100001",
        });
        var owner = await app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());
        await app.Services.GetRequiredService<OwnerAccount>().ChooseNoticesAsync(owner, new OwnerNoticeChoices([], true, null), "owner");
        var monitoring = app.Storage().GetMonitoringApi();
        Assert.Equal(0, monitoring.EnqueuedCount("default"));

        using var camera = app.DeviceClient();
        (await app.PostJsonAsync(camera, "/api/entry", """{"id": "京A12345"}""")).EnsureSuccessStatusCode();

        var enqueued = monitoring.EnqueuedJobs("default", 0, 10);
        Assert.Single(enqueued);
        Assert.Equal(typeof(NoticeSending), enqueued.Single().Value.Job.Type);
    }

    [Fact]
    public async Task AGateEventWithInboxNoticesOnly_EnqueuesNothing()
    {
        await using var app = new ParkingAppFactory();

        using var camera = app.DeviceClient();
        (await app.PostJsonAsync(camera, "/api/entry", """{"id": "京A12345"}""")).EnsureSuccessStatusCode();

        Assert.Equal(1, await app.WithDbAsync(db => db.Notices.CountAsync()));
        Assert.Equal(0, app.Storage().GetMonitoringApi().EnqueuedCount("default"));
    }
}
