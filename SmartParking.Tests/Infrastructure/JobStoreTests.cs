using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

public sealed class JobStoreTests
{
    [Fact]
    public async Task Schedules_AndRunHistory_SurviveARestartOfTheApp()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Storage:DataPath"] = data.Path };
        DateTime? nextMonthly;
        await using (var first = new ParkingAppFactory(settings))
        {
            var board = first.Services.GetRequiredService<JobBoard>();
            nextMonthly = (await board.StatusAsync()).Single(s => s.Job.Name == "monthly-report").NextRunLocal;
            await board.RunNowAsync("snapshot-retention", "admin");
            for (var i = 0; i < 300 && (await board.HistoryAsync("snapshot-retention")).All(r => r.Succeeded is null); i++)
            {
                await Task.Delay(100);
            }
        }

        await using var second = new ParkingAppFactory(settings);
        var status = await second.Services.GetRequiredService<JobBoard>().StatusAsync();

        Assert.Equal(nextMonthly, status.Single(s => s.Job.Name == "monthly-report").NextRunLocal);
        Assert.Equal("admin", status.Single(s => s.Job.Name == "snapshot-retention").LastRun?.StartedBy);
        var triggers = await second.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT TRIGGER_NAME AS Value FROM QRTZ_TRIGGERS").ToListAsync());
        Assert.Contains("monthly-report.schedule", triggers);
    }
}
