using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class OwnerAdminApiTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<HttpClient> AdminAsync()
    {
        var admin = await _app.AdminClientAsync();
        admin.DefaultRequestHeaders.Add("X-Lot", DatabaseStartup.DemoCommunity);
        return admin;
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, string field = "file") =>
        new() { { new ByteArrayContent(bytes), field, fileName } };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    private Task<int> OwnerCountAsync() => _app.WithDbAsync(db => db.Owners.CountAsync());

    [Fact]
    public async Task AdminCreatesAnOwner_AnsweredMasked_AndTheGateLetsTheCarInAsTheOwners()
    {
        using var admin = await AdminAsync();
        using var camera = _app.DeviceClient();

        var response = await _app.PostJsonAsync(admin, "/api/admin/owners",
            """{"name": "王芳", "id_number": "310115199003072549", "mobile": "13912345678", "unit": "3-2-1201", "vehicles": [{"plate": "沪B 67890", "vehicle_type": "货车"}, {"plate": "沪C12345", "vehicle_type": "Small"}]}""");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var entry = await (await camera.PostAsJsonAsync("/api/entry", new { id = "沪B67890" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("310***********2549", body.GetProperty("id_number").GetString());
        Assert.Equal("139****5678", body.GetProperty("mobile").GetString());
        Assert.DoesNotContain("13912345678", body.GetRawText());
        Assert.Equal(["货车", "小车"], body.GetProperty("vehicles").EnumerateArray().Select(v => v.GetProperty("vehicle_type").GetString()));
        Assert.Equal("owner", entry.GetProperty("customer").GetString());
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "CreateOwner"));
        Assert.Contains("沪B67890 Truck", audit.After);
        Assert.DoesNotContain("310115199003072549", audit.After);
    }

    [Fact]
    public async Task AdminCreatesAnOwner_WithEveryFieldWrong_Hears400NamingEachField_AndNothingIsWritten()
    {
        using var admin = await AdminAsync();

        var response = await _app.PostJsonAsync(admin, "/api/admin/owners",
            """{"name": " ", "id_number": "310115199003072548", "mobile": "1391234567", "unit": "", "vehicles": [{"plate": "沪B6789"}]}""");

        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest, "Request.Invalid")).GetProperty("errors");
        Assert.Equal(["id_number", "mobile", "name", "unit", "vehicles"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("校验位", errors.GetProperty("id_number")[0].GetString());
        Assert.Contains("11 位，实际 10 位", errors.GetProperty("mobile")[0].GetString());
        Assert.Equal(1, await OwnerCountAsync());
    }

    [Fact]
    public async Task AdminCreatesAnOwner_WithThePlateOfAnotherOwner_Hears409_AndNothingIsWritten()
    {
        using var admin = await AdminAsync();

        var response = await _app.PostJsonAsync(admin, "/api/admin/owners",
            """{"name": "王芳", "id_number": "310115199003072549", "mobile": "13912345678", "unit": "3-2-1201", "vehicles": [{"plate": "京A12345"}]}""");
        var unknownType = await _app.PostJsonAsync(admin, "/api/admin/owners",
            """{"name": "王芳", "id_number": "310115199003072549", "mobile": "13912345678", "unit": "3-2-1201", "vehicles": [{"plate": "京A54321", "vehicle_type": "飞机"}]}""");

        var body = await ProblemAsync(response, HttpStatusCode.Conflict, "Vehicle.PlateTaken");
        Assert.Contains("京A12345", body.GetProperty("errors").GetProperty("vehicles")[0].GetString());
        Assert.Contains("飞机", (await ProblemAsync(unknownType, HttpStatusCode.BadRequest, "Request.Invalid")).GetProperty("errors").GetProperty("vehicles")[0].GetString());
        Assert.Equal(1, await OwnerCountAsync());
    }

    [Fact]
    public async Task Guard_IsForbiddenEveryOwnerAdminRoute()
    {
        using var guard = await _app.GuardClientAsync();
        var ownerId = await _app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await _app.PostJsonAsync(guard, "/api/admin/owners", """{"name": "x"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/admin/owners?query=张")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PostAsync("/api/admin/owners/import?dryRun=false", Upload(OwnerFiles.Csv(2), "o.csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PostAsync($"/api/admin/owners/{ownerId}/activation", null)).StatusCode);
        Assert.Equal(1, await OwnerCountAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.ActivationLinks.CountAsync()));
    }

    [Fact]
    public async Task Search_FindsOwnersByName_Unit_AndPlate()
    {
        using var admin = await AdminAsync();
        await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(OwnerFiles.Csv(30), "o.csv"));

        var byName = await admin.GetFromJsonAsync<JsonElement>("/api/admin/owners?query=业主2");
        var byUnit = await admin.GetFromJsonAsync<JsonElement>("/api/admin/owners?query=1-11-1201");
        var byPlate = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/owners?query={Uri.EscapeDataString(OwnerFiles.Plate(7))}");
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/admin/owners?take=5");
        var badTake = await admin.GetAsync("/api/admin/owners?take=5000");

        Assert.Equal(11, byName.GetProperty("total").GetInt32()); // 业主2, 业主20–29
        Assert.Equal("业主10", byUnit.GetProperty("owners")[0].GetProperty("name").GetString());
        Assert.Equal("业主7", byPlate.GetProperty("owners")[0].GetProperty("name").GetString());
        Assert.Equal((31, 5), (all.GetProperty("total").GetInt32(), all.GetProperty("owners").GetArrayLength()));
        Assert.Contains("take", (await ProblemAsync(badTake, HttpStatusCode.BadRequest, "Request.Invalid")).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Import_DryRunOf200WithThreeBadRows_ListsExactlyThose_ThenTheImportWritesThe197()
    {
        using var admin = await AdminAsync();
        var file = OwnerFiles.TwoHundredWithThreeBad();

        var dry = await (await admin.PostAsync("/api/admin/owners/import?dryRun=true", Upload(file, "owners.csv"))).Content.ReadFromJsonAsync<JsonElement>();
        var ownersAfterDryRun = await OwnerCountAsync();
        var real = await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(file, "owners.csv"));
        var done = await real.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((200, 197, 0), (dry.GetProperty("rows").GetInt32(), dry.GetProperty("valid").GetInt32(), dry.GetProperty("imported").GetInt32()));
        Assert.Equal(OwnerFiles.BadRowsOfTwoHundred, dry.GetProperty("bad_rows").EnumerateArray().Select(r => r.GetInt32()));
        Assert.Equal(
            [(15, "id_number"), (89, "mobile"), (151, "plates")],
            dry.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString())));
        Assert.Contains("第 26 行", dry.GetProperty("errors")[2].GetProperty("message").GetString());
        Assert.Equal(1, ownersAfterDryRun);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(197, done.GetProperty("imported").GetInt32());
        Assert.Equal(198, await OwnerCountAsync());
        Assert.Equal(197, await _app.WithDbAsync(db => db.Vehicles.CountAsync(v => v.Plate != PlateNumber.Parse("京A12345"))));
        var stored = await _app.WithDbAsync(db => db.Owners.SingleAsync(o => o.Name == "业主5"));
        Assert.Equal((OwnerFiles.IdNumber(5), OwnerFiles.Mobile(5), "1-6-1201"), (stored.IdNumber, stored.Mobile, stored.Unit));
        Assert.Contains("197 of 200", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "ImportOwners"))).After);

        // The same file again: every plate is registered now, so nothing more is written.
        var again = await (await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(file, "owners.csv"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("imported").GetInt32());
        Assert.Equal(198, await OwnerCountAsync());
    }

    [Fact]
    public async Task Import_OfAnXlsx_WithTheMobileTypedAsANumber_ReadsLikeTheCsv()
    {
        using var admin = await AdminAsync();
        using var workbook = new MemoryStream();
        var rows = Enumerable.Range(0, 3).Select(n => new Dictionary<string, object>
        {
            ["姓名"] = $"业主{n}", ["身份证号"] = OwnerFiles.IdNumber(n), ["手机号"] = 13900000000L + n, ["房号"] = $"5-{n}-101", ["车牌"] = $"{OwnerFiles.Plate(n)}:货车",
        }).ToList();
        rows.Add(new Dictionary<string, object> { ["姓名"] = "坏行", ["身份证号"] = OwnerFiles.IdNumber(9), ["手机号"] = "13900000009", ["房号"] = "5-9-101", ["车牌"] = "沪C1" });
        workbook.SaveAs(rows, excelType: ExcelType.XLSX);

        var done = await (await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(workbook.ToArray(), "业主.xlsx"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(3, done.GetProperty("imported").GetInt32());
        Assert.Equal((5, "plates"), (done.GetProperty("errors")[0].GetProperty("row").GetInt32(), done.GetProperty("errors")[0].GetProperty("column").GetString()));
        Assert.Equal("13900000001", await _app.WithDbAsync(db => db.Owners.Where(o => o.Name == "业主1").Select(o => o.Mobile).SingleAsync()));
        Assert.Equal(3, await _app.WithDbAsync(db => db.Vehicles.CountAsync(v => v.Type == SmartParking.Domain.Billing.VehicleType.Truck)));
    }

    [Fact]
    public async Task Import_RefusesBadFilesWhole_NamingWhatIsWrong_AndWritesNothing()
    {
        using var admin = await AdminAsync();
        var tooMany = OwnerFiles.Csv(100_001);

        await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload("hello"u8.ToArray(), "owners.txt")), HttpStatusCode.BadRequest, "Import.NotCsvOrXlsx");
        await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(OwnerFiles.Csv(3), "owners.xlsx")), HttpStatusCode.BadRequest, "Import.NotCsvOrXlsx");
        await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload([0x50, 0x4B, 3, 4, 9, 9, 9], "owners.xlsx")), HttpStatusCode.BadRequest, "Import.NotCsvOrXlsx");
        await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload([], "owners.csv")), HttpStatusCode.BadRequest, "Import.Empty");
        await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(OwnerFiles.Csv(0), "owners.csv")), HttpStatusCode.BadRequest, "Import.Empty");
        var many = await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(tooMany, "owners.csv")), HttpStatusCode.BadRequest, "Import.TooManyRows");
        var missing = await ProblemAsync(
            await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(OwnerFiles.Csv(2, n => $"业主{n},{OwnerFiles.IdNumber(n)},1-1-101,{OwnerFiles.Plate(n)}", "姓名,身份证号,房号,车牌"), "owners.csv")),
            HttpStatusCode.BadRequest, "Import.MissingColumn");
        await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(OwnerFiles.Csv(2), "owners.csv", field: "upload")), HttpStatusCode.BadRequest, "Import.FileMissing");
        await ProblemAsync(await _app.PostJsonAsync(admin, "/api/admin/owners/import?dryRun=false", "{}"), HttpStatusCode.BadRequest, "Import.NotMultipart");
        var dryRun = await ProblemAsync(await admin.PostAsync("/api/admin/owners/import?dryRun=perhaps", Upload(OwnerFiles.Csv(2), "owners.csv")), HttpStatusCode.BadRequest, "Import.DryRunInvalid");

        Assert.Contains("100000", many.GetProperty("detail").GetString()!.Replace(",", ""));
        Assert.Equal("mobile", missing.GetProperty("column").GetString());
        Assert.Contains("手机号", missing.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.True(dryRun.GetProperty("errors").TryGetProperty("dryRun", out _));
        Assert.Equal(1, await OwnerCountAsync());
    }

    [Fact]
    public async Task Template_DownloadsInBothFormats_WithTheColumnsTheImportReads()
    {
        using var admin = await AdminAsync();

        var csv = await admin.GetByteArrayAsync("/api/admin/owners/import/template?format=csv");
        var xlsx = await admin.GetByteArrayAsync("/api/admin/owners/import/template?format=xlsx");

        Assert.StartsWith("姓名,身份证号,手机号,房号,车牌", System.Text.Encoding.UTF8.GetString(csv).TrimStart('\uFEFF'));
        using var stream = new MemoryStream(xlsx);
        Assert.Equal(["姓名", "身份证号", "手机号", "房号", "车牌"], MiniExcel.GetColumns(stream, useHeaderRow: true));
        // Filled in, the template imports.
        var filled = csv.Concat(System.Text.Encoding.UTF8.GetBytes(OwnerFiles.Row(1) + "\r\n")).ToArray();
        var done = await (await admin.PostAsync("/api/admin/owners/import?dryRun=false", Upload(filled, "t.csv"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, done.GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task ActivationLink_SetsTheOwnersPassword_Once()
    {
        using var admin = await AdminAsync();
        var created = await (await _app.PostJsonAsync(admin, "/api/admin/owners",
            """{"name": "王芳", "id_number": "310115199003072549", "mobile": "13912345678", "unit": "3-2-1201", "vehicles": [{"plate": "沪B67890"}]}""")).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();

        var issued = await (await admin.PostAsync($"/api/admin/owners/{id}/activation", null)).Content.ReadFromJsonAsync<JsonElement>();
        var url = new Uri(issued.GetProperty("url").GetString()!);
        var secret = url.AbsolutePath.Split('/').Last();
        using var browser = _app.CreateClient();
        var page = await browser.GetAsync(url.AbsolutePath);
        var logins = _app.Services.GetRequiredService<OwnerLogins>();
        var weak = await logins.RedeemAsync(secret, "wangfang", "short");
        var (userName, errors) = await logins.RedeemAsync(secret, "wangfang", "Wang-Fang-2026");
        var again = await logins.RedeemAsync(secret, "wangfang2", "Wang-Fang-2027");
        var reopened = await browser.GetAsync(url.AbsolutePath);
        using var owner = await _app.ClientForAsync("wangfang", "Wang-Fang-2026");
        var me = await owner.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.StartsWith("/account/activate/", url.AbsolutePath);
        Assert.Contains("王芳", await page.Content.ReadAsStringAsync());
        Assert.Contains(weak.Errors, e => e.Code == "PasswordTooShort");
        Assert.Equal(("wangfang", 0), (userName, errors.Count));
        Assert.Equal("Activation.Used", Assert.Single(again.Errors).Code);
        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        Assert.Contains("已经用过", await reopened.Content.ReadAsStringAsync());
        Assert.Equal(0m, me.GetProperty("balance").GetDecimal());
        Assert.Equal("沪B67890", me.GetProperty("vehicles")[0].GetProperty("plate").GetString());
        Assert.DoesNotContain(secret, string.Join(" ", await _app.WithDbAsync(db => db.AuditEntries.Select(a => a.After ?? "").ToListAsync())));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/account/activate/not-a-link")).StatusCode);
    }

    [Fact]
    public async Task WithSmsSwitchedOn_TheLinkAlsoGoesToTheOwnersMobile()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["Notices:Sms:Enabled"] = "true",
            ["Notices:Sms:Endpoint"] = "http://127.0.0.1:9",
            ["Notices:Sms:AccessKeyId"] = "test-key",
            ["Notices:Sms:AccessKeySecret"] = "test-secret",
            ["Notices:Sms:SignName"] = "阳光花园",
            ["Notices:Sms:Templates:Activation"] = "SMS_100009",
        });
        using var client = app.CreateClient();
        var ownerId = await app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());

        var link = await app.Services.GetRequiredService<OwnerLogins>().IssueAsync(app.Community.Id, ownerId, new Uri("http://localhost/"), "admin");

        var notice = await app.WithDbAsync(db => db.Notices.SingleAsync(n => n.Template == "Activation"));
        Assert.True(link.SentBySms);
        Assert.Equal((SmartParking.Domain.Notices.NoticeChannel.Sms, ownerId), (notice.Channel, notice.OwnerId));
        Assert.Contains(link.Url, notice.Parameters);
    }

    [Fact]
    public async Task ForcedReset_StopsTheOldPasswordAtOnce_AndTheNewLinkSetsANewOne()
    {
        using var admin = await AdminAsync();
        var ownerId = await _app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());
        using var anonymous = _app.CreateClient();

        var first = await (await admin.PostAsync($"/api/admin/owners/{ownerId}/activation", null)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await admin.PostAsync($"/api/admin/owners/{ownerId}/activation", null)).Content.ReadFromJsonAsync<JsonElement>();
        var oldPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "owner", password = "Owner123!" });
        var logins = _app.Services.GetRequiredService<OwnerLogins>();
        var firstUse = await logins.RedeemAsync(new Uri(first.GetProperty("url").GetString()!).AbsolutePath.Split('/').Last(), null, "New-Owner-2026");
        var secondUse = await logins.RedeemAsync(new Uri(second.GetProperty("url").GetString()!).AbsolutePath.Split('/').Last(), null, "New-Owner-2026");

        Assert.True(second.GetProperty("resets_login").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal("Activation.Replaced", Assert.Single(firstUse.Errors).Code);
        Assert.Equal("owner", secondUse.UserName);
        Assert.NotNull(await _app.TokenAsync("owner", "New-Owner-2026"));
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "ResetOwnerLogin")));
    }

    [Fact]
    public async Task ActivationLink_After72Hours_IsRefusedAsExpired()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        using var app = new ParkingAppFactory(clock: clock);
        using var admin = await app.AdminClientAsync();
        admin.DefaultRequestHeaders.Add("X-Lot", DatabaseStartup.DemoCommunity);
        var ownerId = await app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());
        var issued = await (await admin.PostAsync($"/api/admin/owners/{ownerId}/activation", null)).Content.ReadFromJsonAsync<JsonElement>();
        var path = new Uri(issued.GetProperty("url").GetString()!).AbsolutePath;

        clock.Advance(TimeSpan.FromHours(72));
        using var browser = app.CreateClient();
        var page = await browser.GetAsync(path);
        var use = await app.Services.GetRequiredService<OwnerLogins>().RedeemAsync(path.Split('/').Last(), null, "New-Owner-2026");

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("已过期", await page.Content.ReadAsStringAsync());
        Assert.Equal("Activation.Expired", Assert.Single(use.Errors).Code);
    }

    [Fact]
    public async Task DeactivatedOwner_CarIsAVisitorAtTheGate_LoginStops_AndTheRecordStays()
    {
        using var _ = _app.CreateClient();
        var register = _app.Services.GetRequiredService<OwnerRegister>();
        var owner = Assert.Single(await register.AllAsync(_app.Community.Id));
        using var anonymous = _app.CreateClient();
        using var camera = _app.DeviceClient();

        await Assert.ThrowsAsync<SmartParking.Domain.Common.DomainException>(() => register.DeactivateAsync(_app.Community.Id, owner.Id, "admin", ""));
        await register.DeactivateAsync(_app.Community.Id, owner.Id, "admin", "搬走了");
        var login = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "owner", password = "Owner123!" });
        var entry = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345" })).Content.ReadFromJsonAsync<JsonElement>();
        var link = await Assert.ThrowsAsync<SmartParking.Domain.Common.DomainException>(() =>
            _app.Services.GetRequiredService<OwnerLogins>().IssueAsync(_app.Community.Id, owner.Id, new Uri("http://localhost/"), "admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.NotEqual("owner", entry.GetProperty("customer").GetString());
        Assert.Equal("Owner.Deactivated", link.Code);
        var stored = await _app.WithDbAsync(db => db.Owners.SingleAsync());
        Assert.Equal((100m, false), (stored.Balance, stored.IsActive));
        Assert.Contains("京A12345", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "DeactivateOwner"))).After);
    }

    [Fact]
    public async Task OwnerUnbindsTheirCarWhileInside_TheStayIsStillTheirs_TheNextEntryIsAVisitors()
    {
        using var camera = _app.DeviceClient();
        var start = DateTime.UtcNow.AddHours(-3);
        await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345", start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var ownerId = await _app.WithDbAsync(db => db.Owners.Select(o => o.Id).SingleAsync());

        await _app.Services.GetRequiredService<OwnerAccount>().UnbindVehicleAsync(ownerId, PlateNumber.Parse("京A12345"), "owner");
        await camera.PostAsJsonAsync("/api/exit", new { id = "京A12345", start_time = start.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var next = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345", start_time = start.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ") })).Content.ReadFromJsonAsync<JsonElement>();

        var stays = await _app.WithDbAsync(db => db.ParkingSessions.OrderBy(s => s.EntryUtc).Select(s => s.OwnerId).ToListAsync());
        Assert.Equal([ownerId, null], stays);
        Assert.NotEqual("owner", next.GetProperty("customer").GetString());
        Assert.Contains("open stay", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "UnbindVehicle"))).After);
    }
}
