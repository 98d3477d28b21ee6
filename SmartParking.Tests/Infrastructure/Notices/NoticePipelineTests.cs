using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Notices;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Infrastructure.Notices;

public sealed class NoticePipelineTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
    private readonly FakeClock _clock = new(Start);
    private readonly ParkingAppFactory _app;

    public NoticePipelineTests()
    {
        // The scheduler stays off: the tests drive each job run themselves, on the fake clock.
        _app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "false",
            ["Notices:Sms:Enabled"] = "true",
            ["Notices:Sms:Endpoint"] = "http://127.0.0.1:9",
            ["Notices:Sms:TimeoutSeconds"] = "2",
            ["Notices:Sms:AccessKeyId"] = "test-key",
            ["Notices:Sms:AccessKeySecret"] = "test-secret",
            ["Notices:Sms:SignName"] = "阳光花园",
            ["Notices:Sms:Templates:Entry"] = "SMS_100001",
            ["Notices:Sms:Templates:Overstay"] = "SMS_100002",
        }, clock: _clock);
    }

    public void Dispose() => _app.Dispose();

    private T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private Task<int> CountAsync(string template, NoticeChannel channel) =>
        _app.WithDbAsync(db => db.Notices.CountAsync(n => n.Template == template && n.Channel == channel));

    private Task<Guid> DemoOwnerAsync() => _app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());

    [Fact]
    public async Task OverstayJob_RunOverManyHours_WarnsOncePerStayPerThreshold()
    {
        var gate = Service<GateKeeper>();
        var job = Service<OverstayWarnings>();
        await gate.EnterAsync(new EntryRequest(_app.Community.Id, PlateNumber.Parse("京A12345"), _clock.GetUtcNow().UtcDateTime, null, "test"));
        var visitor = Visitor.TryRegister(_app.Community.Id, "李访客", "11010519491231002X", "13912345678", "沪C55555", DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime), _clock.GetUtcNow().UtcDateTime, out _)!;
        await gate.RegisterVisitorAsync(visitor);
        await gate.EnterAsync(new EntryRequest(_app.Community.Id, PlateNumber.Parse("沪C55555"), _clock.GetUtcNow().UtcDateTime, null, "test"));

        // Every 15 minutes for four days, as the schedule would run it.
        for (var run = 0; run < 4 * 24 * 4; run++)
        {
            _clock.Advance(TimeSpan.FromMinutes(15));
            await job.RunAsync(CancellationToken.None);
        }

        // Owner: threshold 72 h → one inbox warning (and one SMS, not chosen by the owner: none).
        Assert.Equal(1, await CountAsync(NoticeTemplates.Overstay, NoticeChannel.Inbox));
        // Visitor: thresholds 24 h and 72 h → two SMS warnings to the registered mobile.
        Assert.Equal(2, await _app.WithDbAsync(db => db.Notices.CountAsync(n => n.Template == NoticeTemplates.Overstay && n.VisitorId == visitor.Id)));
        Assert.Equal([24, 72], await _app.WithDbAsync(db => db.OverstayWarnings
            .Join(db.ParkingSessions.Where(s => s.Plate == PlateNumber.Parse("沪C55555")), w => w.SessionId, s => s.Id, (w, s) => w.ThresholdHours)
            .OrderBy(h => h).ToListAsync()));

        using var owner = await _app.OwnerClientAsync();
        var page = await owner.GetStringAsync("/me");
        Assert.Contains("京A12345 自 2026-11-02 09:00 起在场已超过 72 小时", page);
    }

    [Fact]
    public async Task OverstayJob_ForAnOwnerWhoTurnedItOff_RecordsTheWarningButSendsNothing()
    {
        var owner = await DemoOwnerAsync();
        await Service<OwnerAccount>().ChooseNoticesAsync(owner, new OwnerNoticeChoices([NoticeTemplates.Overstay], false, null), "owner");
        await Service<GateKeeper>().EnterAsync(new EntryRequest(_app.Community.Id, PlateNumber.Parse("京A12345"), _clock.GetUtcNow().UtcDateTime, null, "test"));

        _clock.Advance(TimeSpan.FromHours(80));
        await Service<OverstayWarnings>().RunAsync(CancellationToken.None);

        Assert.Equal(0, await CountAsync(NoticeTemplates.Overstay, NoticeChannel.Inbox));
        Assert.Equal(1, await _app.WithDbAsync(db => db.OverstayWarnings.CountAsync()));
        Assert.Equal(1, await CountAsync(NoticeTemplates.Entry, NoticeChannel.Inbox));
    }

    [Fact]
    public async Task SmsToADeadAddress_IsRetriedWithBackoff_AndEndsFailed_WhileTheGateKeepsOpening()
    {
        var owner = await DemoOwnerAsync();
        await Service<OwnerAccount>().ChooseNoticesAsync(owner, new OwnerNoticeChoices([], true, null), "owner");
        using var camera = _app.DeviceClient();

        var entry = await _app.PostJsonAsync(camera, "/api/entry", """{"id": "京A12345"}""");

        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Equal(1, await CountAsync(NoticeTemplates.Entry, NoticeChannel.Inbox));
        var sending = Service<NoticeSending>();
        var backoff = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NoticeSettings>>().Value.Backoff;
        Task<Notice> SmsAsync() => _app.WithDbAsync(db => db.Notices.SingleAsync(n => n.Template == NoticeTemplates.Entry && n.Channel == NoticeChannel.Sms));

        await sending.RunAsync(CancellationToken.None);
        Assert.Equal((NoticeStatus.Pending, 1), ((await SmsAsync()).Status, (await SmsAsync()).Attempts));

        // Before its back-off is over the notice is left alone.
        await sending.RunAsync(CancellationToken.None);
        Assert.Equal(1, (await SmsAsync()).Attempts);

        foreach (var wait in backoff)
        {
            _clock.Advance(wait);
            await sending.RunAsync(CancellationToken.None);
        }

        var sms = await SmsAsync();
        Assert.Equal(NoticeStatus.Failed, sms.Status);
        Assert.Equal(backoff.Count + 1, sms.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(sms.LastError));
        Assert.Equal(HttpStatusCode.OK, (await _app.PostJsonAsync(camera, "/api/exit", """{"id": "京A12345"}""")).StatusCode);

        // The admin sees it among the failed ones and sends it again once the channel is fixed.
        var outbox = Service<NoticeOutbox>();
        Assert.Contains(await outbox.FailedAsync(), f => f.Id == sms.Id && f.LastError == sms.LastError);
        await outbox.RetryAsync(sms.Id, "admin");
        Assert.Equal((NoticeStatus.Pending, 0), ((await SmsAsync()).Status, (await SmsAsync()).Attempts));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "RetryNotice")));
    }

    [Fact]
    public async Task SnapshotRetention_DeletesPhotosPastTheirDays_AndKeepsTheCaptureRecord()
    {
        using var camera = _app.DeviceClient();
        var photo = new ByteArrayContent(SmartParking.Tests.Recognition.TestImages.GreyPng(320, 240));
        photo.Headers.ContentType = new("image/png");
        var first = await camera.PostAsync("/api/lanes/in-1/capture", new MultipartFormDataContent { { photo, "image", "a.png" } });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var old = await _app.WithDbAsync(db => db.LaneCaptures.SingleAsync());
        var file = Path.Combine(Service<SnapshotStore>().Root, old.PhotoPath!);
        Assert.True(File.Exists(file));

        _clock.Advance(TimeSpan.FromDays(31));
        var second = new ByteArrayContent(SmartParking.Tests.Recognition.TestImages.GreyPng(320, 240, 90));
        second.Headers.ContentType = new("image/png");
        await camera.PostAsync("/api/lanes/in-1/capture", new MultipartFormDataContent { { second, "image", "b.png" } });
        await Service<SnapshotRetention>().RunAsync(CancellationToken.None);

        Assert.False(File.Exists(file));
        var captures = await _app.WithDbAsync(db => db.LaneCaptures.OrderBy(c => c.TakenUtc).ToListAsync());
        Assert.Equal(2, captures.Count);
        Assert.Null(captures[0].PhotoPath);
        Assert.NotNull(captures[1].PhotoPath);
        using var guard = await _app.GuardClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await guard.GetAsync($"/api/captures/{captures[0].Id}/photo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guard.GetAsync($"/api/captures/{captures[1].Id}/photo")).StatusCode);
    }
}
