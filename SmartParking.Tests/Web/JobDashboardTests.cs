using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class JobDashboardTests(JobDashboardTests.App app) : IClassFixture<JobDashboardTests.App>
{
    public sealed class App : ParkingAppFactory;

    [Fact]
    public async Task Admin_GetsTheDashboard_WithTheFourRecurringJobs()
    {
        using var admin = await app.AdminClientAsync();

        var home = await admin.GetAsync("/admin/hangfire");
        var recurring = await admin.GetStringAsync("/admin/hangfire/recurring");

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        foreach (var job in new[] { "overstay-warning", "notice-sending", "snapshot-retention", "monthly-report", "visitor-retention" })
        {
            Assert.Contains(job, recurring);
        }
    }

    [Theory]
    [InlineData("guard", "Guard123!")]
    [InlineData("owner", "Owner123!")]
    public async Task GuardOrOwner_IsForbidden(string user, string password)
    {
        using var client = await app.ClientForAsync(user, password);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/hangfire/recurring")).StatusCode);
    }

    [Theory]
    [InlineData("/admin/hangfire")]
    [InlineData("/admin/hangfire/recurring")]
    public async Task Anonymous_IsSentToLogin(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }
}

public sealed class JobDashboardRunNowTests : IAsyncLifetime
{
    private readonly ParkingAppFactory _app = new(HangfireRuns.ServerOn());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RunNow_OnTheOverstayJob_IsAudited_AndPutsTheWarningInTheOwnersInbox()
    {
        var clock = new LotClock(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new LotSettings()));
        using var camera = _app.DeviceClient();
        var entered = clock.LocalNow.AddHours(-80).ToString("yyyy-MM-ddTHH:mm:ss");
        (await _app.PostJsonAsync(camera, "/api/entry", $$"""{"id": "京A12345", "start_time": "{{entered}}"}""")).EnsureSuccessStatusCode();
        using var admin = await _app.AdminClientAsync();

        // The dashboard's own "Trigger now" request, with the antiforgery token its page carries.
        var page = await admin.GetStringAsync("/admin/hangfire/recurring");
        var header = Regex.Match(page, "<meta name=\"csrf-header\" content=\"([^\"]+)\"").Groups[1].Value;
        var token = Regex.Match(page, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/admin/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "overstay-warning")]),
        };
        trigger.Headers.Add(header, token);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(trigger)).StatusCode);

        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "RunJob"));
        Assert.Equal(("admin", "Job overstay-warning"), (audit.Actor, audit.Subject));
        var runId = Regex.Match(audit.After!, @"background job (\S+)").Groups[1].Value;
        var run = await _app.FinishedAsync(runId);
        Assert.Equal("Succeeded", run.Name);
        var inbox = await _app.WithDbAsync(db => db.Notices
            .Where(n => n.Template == NoticeTemplates.Overstay && n.Channel == NoticeChannel.Inbox && n.OwnerId == db.Owners.Single(o => o.UserName == "owner").Id)
            .CountAsync());
        Assert.Equal(1, inbox);
    }
}
