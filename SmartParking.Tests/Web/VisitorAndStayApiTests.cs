using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class VisitorAndStayApiTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Lot:Capacity"] = "1", ["RateLimits:VisitorPerMinute"] = "1000" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task VisitorRegistration_ReleasesTheHeldCar_AndKeepsPersonalDataEncrypted()
    {
        using var camera = _app.DeviceClient();
        using var phone = _app.CreateClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });

        var response = await phone.PostAsJsonAsync("/api/visitors?lot=yangguang", new { name = "赵六", id_number = "110105198001011238", mobile = "137 0013 7000", plate = "nu123456" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", body.GetProperty("gate").GetString());
        Assert.Equal("110***********1238", body.GetProperty("id_number").GetString());
        Assert.Equal(SessionState.Inside, await _app.WithDbAsync(db => db.ParkingSessions.Select(s => s.State).SingleAsync()));
        var stored = await _app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT IdNumber AS Value FROM Visitors").SingleAsync());
        Assert.DoesNotContain("110105198001011238", stored);
    }

    [Theory]
    [InlineData("{\"name\":\"赵六\",\"id_number\":\"110105198001011239\",\"mobile\":\"13700137000\",\"plate\":\"NU123456\"}", "id_number")]
    [InlineData("{\"name\":\"赵六\",\"id_number\":\"110105198001011238\",\"mobile\":\"12700137000\",\"plate\":\"NU123456\"}", "mobile")]
    [InlineData("{\"name\":\"赵六\",\"id_number\":\"110105198001011238\",\"mobile\":\"13700137000\",\"plate\":\"京I12345\"}", "plate")]
    [InlineData("{\"id_number\":\"110105198001011238\",\"mobile\":\"13700137000\",\"plate\":\"NU123456\"}", "name")]
    [InlineData("{\"name\":\"赵\\u200B六\",\"id_number\":\"110105198001011238\",\"mobile\":\"13700137000\",\"plate\":\"NU123456\"}", "name")]
    [InlineData("{\"name\":\"\\u202E六赵\",\"id_number\":\"110105198001011238\",\"mobile\":\"13700137000\",\"plate\":\"NU123456\"}", "name")]
    [InlineData("{\"name\":\"赵\\n六\",\"id_number\":\"110105198001011238\",\"mobile\":\"13700137000\",\"plate\":\"NU123456\"}", "name")]
    [InlineData("{\"name\":\"赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵六赵\",\"id_number\":\"110105198001011238\",\"mobile\":\"13700137000\",\"plate\":\"NU123456\"}", "name")]
    public async Task VisitorRegistration_BadField_Answers400NamingIt_AndStoresNothing(string json, string field)
    {
        using var phone = _app.CreateClient();

        var response = await _app.PostJsonAsync(phone, "/api/visitors?lot=yangguang", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Visitors.CountAsync()));
    }

    [Fact]
    public async Task Guard_CancelsAStayThatNeverHappened_WithAnAuditedReason()
    {
        using var camera = _app.DeviceClient();
        using var guard = await _app.GuardClientAsync();
        var entry = await (await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = entry.GetProperty("session_id").GetString();

        var noReason = await _app.PostJsonAsync(guard, $"/api/sessions/{id}/cancel", "{}");
        var cancelled = await guard.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "车辆掉头离开" });
        var again = await guard.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "再次取消" });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync());
        Assert.Equal(("guard", "CancelStay", "车辆掉头离开"), (audit.Actor, audit.Action, audit.Reason));
        Assert.Equal("Cancelled", audit.After);
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:10:00" })).StatusCode);
    }

    [Fact]
    public async Task Booth_SettlesAVisitorsChargeInCash_Once()
    {
        using var camera = _app.DeviceClient();
        using var guard = await _app.GuardClientAsync();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00" });
        var exit = await (await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456", start_time = "2023-10-09T10:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = exit.GetProperty("session_id").GetString();

        var settled = await guard.PostAsync($"/api/sessions/{id}/settle", null);
        var twice = await guard.PostAsync($"/api/sessions/{id}/settle", null);

        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(PaymentState.Paid, await _app.WithDbAsync(db => db.ParkingSessions.Select(s => s.Payment).SingleAsync()));
        Assert.Equal("SettleInCash", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync())).Action);
    }

    [Fact]
    public async Task LotFull_QueuesOneNoticePerOwner_HoweverManyVisitorsAreTurnedAway()
    {
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU100001", start_time = "2023-10-09T09:00:00" });

        var first = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100002", start_time = "2023-10-09T09:01:00" });
        var second = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100003", start_time = "2023-10-09T09:02:00" });

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var notices = await _app.WithDbAsync(db => db.Notices.ToListAsync());
        var notice = Assert.Single(notices);
        Assert.Equal((NoticeTemplates.LotFull, NoticeStatus.Sent, NoticeChannel.Inbox), (notice.Template, notice.Status, notice.Channel));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }
}
