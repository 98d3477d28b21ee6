using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class PersonalDataTests : IDisposable
{
    private const string VisitorName = "欧阳访客";
    private const string VisitorId = "310115199003072549";
    private const string VisitorMobile = "13912345678";
    private const string VisitorPlate = "沪C77777";

    // Noon in Shanghai today, so the visitor's stay and its fee fall on one lot day.
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 20, 4, 0, 0, TimeSpan.Zero));
    private readonly ParkingAppFactory _app;

    public PersonalDataTests() => _app = new ParkingAppFactory(clock: _clock);

    public void Dispose() => _app.Dispose();

    private string Db => Path.Combine(_app.DataPath, "smartparking.db");

    private async Task<HttpClient> SecondAdminAsync()
    {
        var errors = await _app.Services.GetRequiredService<UserAccounts>().CreateAsync(_app.Community.Id, "admin2", "第二管理员", "Admin234!", Roles.Admin, "admin");
        Assert.Empty(errors);
        return await _app.ClientForAsync("admin2", "Admin234!");
    }

    /// <summary>The visitor registers on the phone, drives in at 10:00 and out at 12:00 (¥20 by the demo rule).</summary>
    private async Task<Guid> VisitorWithAStayAsync()
    {
        using var phone = _app.CreateClient();
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = VisitorPlate, start_time = "2026-11-20T10:00:00" });
        var registered = await phone.PostAsJsonAsync("/api/visitors?lot=yangguang", new { name = VisitorName, id_number = VisitorId, mobile = VisitorMobile, plate = VisitorPlate });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var exit = await (await camera.PostAsJsonAsync("/api/exit", new { id = VisitorPlate, end_time = "2026-11-20T12:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20m, exit.GetProperty("cost").GetDecimal());
        return await _app.WithDbAsync(db => db.Visitors.Select(v => v.Id).SingleAsync());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    private async Task<string> IncomeAsync(HttpClient admin) =>
        (await (await admin.PostAsJsonAsync("/api/income/daily?lot=yangguang", new { start_time = "2026-11-01", end_times = "2026-11-20" })).Content.ReadAsStringAsync());

    private static byte[] Bytes(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Holds(byte[] file, string text) => file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    [Fact]
    public async Task ErasingAVisitor_LeavesNoTraceOfThemInTheDatabaseFile_WhileTheIncomeStaysTheSame()
    {
        using var admin = await _app.AdminClientAsync();
        using var second = await SecondAdminAsync();
        var visitor = await VisitorWithAStayAsync();
        var income = await IncomeAsync(admin);
        var stored = await _app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT IdNumber || '|' || Mobile AS Value FROM Visitors").SingleAsync());
        var (idCipher, mobileCipher) = (stored.Split('|')[0], stored.Split('|')[1]);
        Assert.True(Holds(Bytes(Db), idCipher) || Holds(Bytes(Db + "-wal"), idCipher));

        var request = await JsonAsync(await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "本人来电要求删除" }));
        var confirmed = await second.PostAsync($"/api/admin/people/erasures/{request.GetProperty("id").GetString()}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var erased = (await JsonAsync(confirmed)).GetProperty("erased");
        Assert.Equal((1, 1), (erased.GetProperty("registrations").GetInt32(), erased.GetProperty("stays_pseudonymised").GetInt32()));
        var file = Bytes(Db).Concat(Bytes(Db + "-wal")).ToArray();
        Assert.False(Holds(file, VisitorName), "name");
        Assert.False(Holds(file, VisitorId), "ID number");
        Assert.False(Holds(file, VisitorMobile), "mobile");
        Assert.False(Holds(file, idCipher), "stored ID number");
        Assert.False(Holds(file, mobileCipher), "stored mobile");
        Assert.Equal(income, await IncomeAsync(admin));
        var stay = await _app.WithDbAsync(db => db.ParkingSessions.SingleAsync());
        Assert.True(stay.Plate.IsPseudonym);
        Assert.Equal((20m, SessionState.Closed), (stay.Fee, stay.State));
        Assert.Equal(stay.Plate, await _app.WithDbAsync(db => db.GateEvents.Where(e => e.Kind == GateEventKind.Exit).Select(e => e.Plate).SingleAsync()));
    }

    [Fact]
    public async Task TheRequestAndTheConfirmation_AreInTheAuditLog_Masked_WithoutThePlate()
    {
        using var admin = await _app.AdminClientAsync();
        using var second = await SecondAdminAsync();
        var visitor = await VisitorWithAStayAsync();
        var request = await JsonAsync(await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "本人要求" }));
        await second.PostAsync($"/api/admin/people/erasures/{request.GetProperty("id").GetString()}/confirm", null);

        var log = await JsonAsync(await admin.GetAsync("/api/admin/audit?lot=yangguang"));

        var items = log.GetProperty("items").EnumerateArray().ToList();
        var confirmation = items.Single(i => i.GetProperty("kind").GetString() == "ConfirmErasure");
        var asked = items.Single(i => i.GetProperty("kind").GetString() == "RequestErasure");
        Assert.Equal(("admin2", "admin"), (confirmation.GetProperty("person").GetString(), asked.GetProperty("person").GetString()));
        Assert.Equal("访客 欧*** · 310***********2549 · 139****5678", asked.GetProperty("before").GetString());
        Assert.Equal(JsonValueKind.Null, confirmation.GetProperty("plate").ValueKind);
        Assert.DoesNotContain(VisitorName, log.GetRawText());
        Assert.DoesNotContain(VisitorPlate, log.GetRawText());
    }

    [Fact]
    public async Task Export_HoldsEverythingAboutTheOwner_AndIsAudited()
    {
        using var admin = await _app.AdminClientAsync();
        var owner = await _app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());

        var response = await admin.GetAsync($"/api/admin/people/{owner}/export?lot=yangguang");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"personal-data-{owner:N}.json", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        var body = await JsonAsync(response);
        var record = body.GetProperty("owner");
        Assert.Equal(("张业主", "110105198001011238", "13800138000"), (record.GetProperty("name").GetString(), record.GetProperty("id_number").GetString(), record.GetProperty("mobile").GetString()));
        Assert.Equal("京A12345", record.GetProperty("vehicles")[0].GetProperty("plate").GetString());
        Assert.Equal("ExportPersonalData", await _app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).SingleAsync()));
    }

    [Fact]
    public async Task ErasingAnOwner_RemovesTheLoginAndVehicles_KeepsTheBalance()
    {
        using var admin = await _app.AdminClientAsync();
        using var second = await SecondAdminAsync();
        var owner = await _app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());
        var request = await JsonAsync(await admin.PostAsJsonAsync($"/api/admin/people/{owner}/erase?lot=yangguang", new { reason = "搬离小区" }));

        var confirmed = await second.PostAsync($"/api/admin/people/erasures/{request.GetProperty("id").GetString()}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var stored = await _app.WithDbAsync(db => db.Owners.SingleAsync());
        Assert.Equal(("（已删除）", 100m, null), (stored.Name, stored.Balance, stored.UserName));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Vehicles.CountAsync()));
        Assert.Empty(await _app.Services.GetRequiredService<OwnerRegister>().AllAsync(_app.Community.Id));
        using var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "owner", password = "Owner123!" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/owners/{owner}")).StatusCode);
    }

    [Fact]
    public async Task BadRequests_AreRefused_WithTheirCodes_AndEraseNothing()
    {
        using var admin = await _app.AdminClientAsync();
        using var second = await SecondAdminAsync();
        using var guard = await _app.GuardClientAsync();
        var visitor = await VisitorWithAStayAsync();

        var unknown = await admin.PostAsJsonAsync($"/api/admin/people/{Guid.NewGuid()}/erase?lot=yangguang", new { reason = "x" });
        var noReason = await _app.PostJsonAsync(admin, $"/api/admin/people/{visitor}/erase?lot=yangguang", "{}");
        var blankReason = await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "   " });
        var longReason = await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = new string('因', 501) });
        var byGuard = await guard.PostAsJsonAsync($"/api/admin/people/{visitor}/erase", new { reason = "x" });
        using var finance = await _app.ClientForAsync("finance", "Finance123!");
        var byFinance = await finance.PostAsJsonAsync($"/api/admin/people/{visitor}/erase", new { reason = "x" });
        var exportByFinance = await finance.GetAsync($"/api/admin/people/{visitor}/export");
        var exportUnknown = await admin.GetAsync($"/api/admin/people/{Guid.NewGuid()}/export?lot=yangguang");

        Assert.Equal((HttpStatusCode.NotFound, "Person.NotFound"), (unknown.StatusCode, Code(await JsonAsync(unknown))));
        Assert.Equal(HttpStatusCode.NotFound, exportUnknown.StatusCode);
        foreach (var response in new[] { noReason, blankReason, longReason })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("reason", out _));
        }

        Assert.Equal(HttpStatusCode.Forbidden, byGuard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byFinance.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, exportByFinance.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.PersonErasures.CountAsync()));

        var request = (await JsonAsync(await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "本人要求" }))).GetProperty("id").GetString();
        var twice = await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "再次" });
        var bySelf = await admin.PostAsync($"/api/admin/people/erasures/{request}/confirm?lot=yangguang", null);
        var unknownRequest = await second.PostAsync($"/api/admin/people/erasures/{Guid.NewGuid()}/confirm", null);

        Assert.Equal((HttpStatusCode.Conflict, "Erasure.AlreadyRequested"), (twice.StatusCode, Code(await JsonAsync(twice))));
        Assert.Equal((HttpStatusCode.Forbidden, "Erasure.SameAdmin"), (bySelf.StatusCode, Code(await JsonAsync(bySelf))));
        Assert.Equal((HttpStatusCode.NotFound, "Erasure.NotFound"), (unknownRequest.StatusCode, Code(await JsonAsync(unknownRequest))));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Visitors.CountAsync()));
        Assert.Equal(VisitorPlate, await _app.WithDbAsync(db => db.ParkingSessions.Select(s => s.Plate.Value).SingleAsync()));

        var confirmed = await second.PostAsync($"/api/admin/people/erasures/{request}/confirm", null);
        var again = await second.PostAsync($"/api/admin/people/erasures/{request}/confirm", null);
        var afterwards = await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "再删一次" });

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "Erasure.NotPending"), (again.StatusCode, Code(await JsonAsync(again))));
        Assert.Equal((HttpStatusCode.Conflict, "Erasure.AlreadyErased"), (afterwards.StatusCode, Code(await JsonAsync(afterwards))));
    }

    [Fact]
    public async Task AWithdrawnRequest_CannotBeConfirmed()
    {
        using var admin = await _app.AdminClientAsync();
        using var second = await SecondAdminAsync();
        var visitor = await VisitorWithAStayAsync();
        var request = (await JsonAsync(await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "误操作" }))).GetProperty("id").GetString();

        var withdrawn = await admin.PostAsync($"/api/admin/people/erasures/{request}/withdraw?lot=yangguang", null);
        var confirmed = await second.PostAsync($"/api/admin/people/erasures/{request}/confirm", null);

        Assert.Equal("withdrawn", (await JsonAsync(withdrawn)).GetProperty("state").GetString());
        Assert.Equal((HttpStatusCode.Conflict, "Erasure.NotPending"), (confirmed.StatusCode, Code(await JsonAsync(confirmed))));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Visitors.CountAsync()));
        Assert.Empty((await JsonAsync(await second.GetAsync("/api/admin/people/erasures"))).EnumerateArray());
    }

    [Fact]
    public async Task AVisitorWhoseCarIsInside_IsNotErasedYet()
    {
        using var admin = await _app.AdminClientAsync();
        using var second = await SecondAdminAsync();
        using var phone = _app.CreateClient();
        using var camera = _app.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = VisitorPlate, start_time = "2026-11-20T10:00:00" });
        await phone.PostAsJsonAsync("/api/visitors?lot=yangguang", new { name = VisitorName, id_number = VisitorId, mobile = VisitorMobile, plate = VisitorPlate });
        var visitor = await _app.WithDbAsync(db => db.Visitors.Select(v => v.Id).SingleAsync());
        var request = (await JsonAsync(await admin.PostAsJsonAsync($"/api/admin/people/{visitor}/erase?lot=yangguang", new { reason = "本人要求" }))).GetProperty("id").GetString();

        var confirmed = await second.PostAsync($"/api/admin/people/erasures/{request}/confirm", null);

        Assert.Equal((HttpStatusCode.Conflict, "Erasure.CarInside"), (confirmed.StatusCode, Code(await JsonAsync(confirmed))));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Visitors.CountAsync()));
        Assert.Single((await JsonAsync(await second.GetAsync("/api/admin/people/erasures"))).EnumerateArray());
    }

    [Fact]
    public async Task Retention_ErasesRegistrationsOlderThan180Days_AndKeepsNewerOnes()
    {
        await VisitorWithAStayAsync();
        _clock.Advance(TimeSpan.FromDays(100));
        using (var phone = _app.CreateClient())
        {
            await phone.PostAsJsonAsync("/api/visitors?lot=yangguang", new { name = "李新访", id_number = "110105198001011238", mobile = "13700137000", plate = "沪D12345" });
        }

        using var meanwhile = await _app.AdminClientAsync();
        var income = await IncomeAsync(meanwhile);
        _clock.Advance(TimeSpan.FromDays(81));

        var result = await _app.Services.GetRequiredService<VisitorRetention>().RunAsync(CancellationToken.None);

        Assert.Contains("1", result);
        Assert.Equal(["李新访"], await _app.WithDbAsync(db => db.Visitors.Select(v => v.Name).ToListAsync()));
        Assert.True((await _app.WithDbAsync(db => db.ParkingSessions.SingleAsync())).Plate.IsPseudonym);
        using var later = await _app.AdminClientAsync();
        Assert.Equal(income, await IncomeAsync(later));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "EraseExpiredVisitors"));
        Assert.Equal(PrivacyDesk.RetentionActor, audit.Actor);
        Assert.False(Holds(Bytes(Db).Concat(Bytes(Db + "-wal")).ToArray(), VisitorName));
    }

    [Fact]
    public void Retention_IsADailyJob() =>
        Assert.Contains(_app.Services.GetServices<ScheduledJob>(), j => j.Name == "visitor-retention" && j.Work == typeof(VisitorRetention));
}
