using Hangfire;
using SmartParking.Infrastructure.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>Two app instances with their Hangfire servers on one job store: a scheduled occurrence runs on one of them.</summary>
public sealed class TwoInstanceJobTests : IAsyncLifetime
{
    private ParkingAppFactory _a = null!;
    private ParkingAppFactory _b = null!;

    public Task InitializeAsync()
    {
        _a = new ParkingAppFactory(HangfireRuns.ServerOn());
        _ = _a.Services;
        _b = new ParkingAppFactory(HangfireRuns.ServerOn(new Dictionary<string, string?> { ["Storage:DataPath"] = _a.DataPath }));
        _ = _b.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task TheEveryMinuteNoticeJob_RunsOncePerMinute_ThoughBothInstancesScheduleIt()
    {
        // Wait for the next whole minute to pass with both servers polling every second, then for its run to end.
        var now = DateTime.UtcNow;
        var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
        await Task.Delay(minute - now + TimeSpan.FromSeconds(20));

        var monitor = _a.Storage().GetMonitoringApi();
        var runs = monitor.SucceededJobs(0, 500)
            .Where(j => j.Value.Job?.Type == typeof(NoticeSending) && j.Value.SucceededAt >= minute && j.Value.SucceededAt < minute.AddMinutes(1))
            .ToList();
        var failed = monitor.FailedJobs(0, 500).Count(j => j.Value.Job?.Type == typeof(NoticeSending));

        Assert.Single(runs);
        Assert.Equal(0, failed);
        Assert.Equal(2, monitor.Servers().Count);
    }
}
