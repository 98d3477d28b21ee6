using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure;

public sealed class DemoHistoryTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Demo:History"] = "true", ["Jobs:Enabled"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task FreshDemo_HasTwoMonthsOfIncome_ThatTheDailyReportAndTheRollupAgreeOn()
    {
        using var guard = await _app.GuardClientAsync();
        var today = DateTime.UtcNow.AddHours(8).Date;

        var days = await (await guard.PostAsJsonAsync("/api/income/daily", new
        {
            start_time = today.AddDays(-30).ToString("yyyy-MM-dd"),
            end_times = today.AddDays(-1).ToString("yyyy-MM-dd"),
        })).Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>();

        Assert.Equal(30, days!.Count);
        Assert.All(days.Values, d => Assert.True(d.GetProperty("park_times").GetInt32() > 0));
        var fees = await _app.WithDbAsync(db => db.ParkingSessions.Where(s => s.State == SessionState.Closed).SumAsync(s => s.Fee));
        var booked = await _app.WithDbAsync(db => db.IncomeHours.SumAsync(h => h.Income));
        Assert.True(fees > 0);
        Assert.Equal(fees, booked);
    }

    [Fact]
    public async Task FreshDemo_OwnersCarHasOverstayed_AndTheJobWarnsTheOwnerExactlyOnce()
    {
        var job = _app.Services.GetRequiredService<OverstayWarnings>();

        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        var warnings = await _app.WithDbAsync(db => db.Notices.Where(n => n.Template == NoticeTemplates.Overstay && n.OwnerId != null).ToListAsync());
        var warning = Assert.Single(warnings);
        Assert.Equal(NoticeChannel.Inbox, warning.Channel);
        Assert.Equal(4, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.LotId == _app.Community.Id && s.State == SessionState.Inside)));
    }
}
