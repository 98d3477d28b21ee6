using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Passes;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Passes;

/// <summary>Monthly passes over real HTTP: products, the office's cash sale, and what the gate does with a holder.</summary>
public sealed class PassApiTests(PassApiTests.App app) : IClassFixture<PassApiTests.App>
{
    // 2026-12-10 10:00 in the lot (Asia/Shanghai).
    public sealed class App() : ParkingAppFactory(clock: new FakeClock(new DateTimeOffset(2026, 12, 10, 2, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task AnAdmin_AddsAProduct_ItIsListedAndAudited()
    {
        using var admin = await app.AdminClientAsync();

        var added = await admin.PostAsJsonAsync("/api/admin/pass-products?lot=yangguang", new
        {
            name = "货车季卡", vehicle_types = new[] { "货车" }, period = "quarter", price = 2400m, max_plates = 1, sold_online = false, max_passes = 5,
        });
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/admin/pass-products?lot=yangguang");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var product = listed.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "货车季卡");
        Assert.Equal("quarter", product.GetProperty("period").GetString());
        Assert.Equal(2400m, product.GetProperty("price").GetDecimal());
        Assert.Equal("货车", product.GetProperty("vehicle_types")[0].GetString());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "AddPassProduct" && a.After!.Contains("货车季卡"))));
        Assert.Contains(listed.EnumerateArray(), p => p.GetProperty("name").GetString() == DatabaseStartup.DemoPassProduct && p.GetProperty("price").GetDecimal() == 300m);
    }

    [Theory]
    [InlineData("""{"name": "", "vehicle_types": ["小车"], "period": "calendar_month", "price": 300}""", "name")]
    [InlineData("""{"name": "周卡", "vehicle_types": ["小车"], "period": "weekly", "price": 300}""", "period")]
    [InlineData("""{"name": "负价卡", "vehicle_types": ["小车"], "period": "calendar_month", "price": -1}""", "price")]
    [InlineData("""{"name": "无车型卡", "vehicle_types": [], "period": "calendar_month", "price": 300}""", "vehicle_types")]
    [InlineData("""{"name": "多牌卡", "vehicle_types": ["小车"], "period": "year", "price": 300, "max_plates": 9}""", "max_plates")]
    [InlineData("""{"name": "窗口卡", "vehicle_types": ["小车"], "period": "year", "price": 300, "sold_online": true, "online_from_day": 31}""", "online_from_day")]
    [InlineData("""{"name": "小车月卡", "vehicle_types": ["小车"], "period": "year", "price": 300}""", "name")]
    public async Task ABadProduct_Is4xxNamingTheField_AndNothingIsWritten(string json, string field)
    {
        using var admin = await app.AdminClientAsync();
        var before = await app.WithDbAsync(db => db.PassProducts.CountAsync());

        var response = await app.PostJsonAsync(admin, "/api/admin/pass-products?lot=yangguang", json);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await app.WithDbAsync(db => db.PassProducts.CountAsync()));
    }

    [Fact]
    public async Task AGuard_CannotAddProducts_NorSellPasses()
    {
        using var guard = await app.GuardClientAsync();

        var product = await guard.PostAsJsonAsync("/api/admin/pass-products?lot=yangguang", new { name = "x", vehicle_types = new[] { "小车" }, period = "year", price = 1 });
        var sale = await guard.PostAsJsonAsync("/api/admin/passes", new { product_id = await DemoProductAsync(), plate = "京B10000", from = "2026-12-01" });

        Assert.Equal(HttpStatusCode.Forbidden, product.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sale.StatusCode);
    }

    [Fact]
    public async Task FinanceSellsAPassForCash_ItRunsTheCalendarMonth_InTheLedgerAndAudited_IncomeApart()
    {
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        var money = app.Services.GetRequiredService<MoneyOverview>();
        var (from, to) = (new DateTime(2026, 12, 9, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 10, 16, 0, 0, DateTimeKind.Utc));
        var before = await money.TotalsAsync(app.Community.Id, from, to);

        var response = await finance.PostAsJsonAsync("/api/admin/passes", new { product_id = await DemoProductAsync(), plates = new[] { "京B10001" }, from = "2026-12-01" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pass = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2026-12-01T00:00:00", pass.GetProperty("starts").GetString());
        Assert.Equal("2027-01-01T00:00:00", pass.GetProperty("ends").GetString());
        Assert.True(pass.GetProperty("valid_now").GetBoolean());
        var ledger = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.Kind == LedgerEntryKind.PassSale && e.Note.Contains("京B10001")).ToListAsync());
        Assert.Equal(300m, Assert.Single(ledger).Amount);
        Assert.Equal(PaymentChannel.Cash, ledger[0].Channel);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "SellPass" && a.Actor == "finance")));
        var after = await money.TotalsAsync(app.Community.Id, from, to);
        Assert.Equal(before.PassSales + 300m, after.PassSales);
        Assert.Equal(before.CollectedTotal, after.CollectedTotal);
    }

    [Fact]
    public async Task AHolder_EntersAndLeavesAtNothing_Shown月卡()
    {
        await SellAsync("京B10002", "2026-12-01", null);
        using var camera = app.DeviceClient();

        var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京B10002", start_time = "2026-12-09T08:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var exited = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京B10002", start_time = "2026-12-09T18:30:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("open", entered.GetProperty("gate").GetString());
        Assert.Equal("月卡（小车月卡）", entered.GetProperty("reason").GetString());
        Assert.True(entered.GetProperty("pass").GetBoolean());
        Assert.Equal(0m, exited.GetProperty("cost").GetDecimal());
        Assert.Equal("open", exited.GetProperty("gate").GetString());
        Assert.Equal("月卡有效至 2027-01-01 00:00，本次停车免费", exited.GetProperty("breakdown")[0].GetString());
        var reasons = await app.WithDbAsync(db => db.GateEvents.Where(e => e.Plate == PlateNumber.Parse("京B10002")).OrderBy(e => e.AtUtc).Select(e => e.Reason).ToListAsync());
        Assert.Equal(["Gate.MonthlyPass", "Gate.PassHolderLeft"], reasons.Select(r => SmartParking.Domain.Common.DomainError.TryDecode(r, out var error) ? error.Code : r));
    }

    [Fact]
    public async Task AStayRunningPastThePassEnd_PaysOnlyTheTimeAfterIt_UnderTheVisitorRule()
    {
        await SellAsync("京B10003", "2026-12-01", "2026-12-08");
        using var camera = app.DeviceClient();

        await camera.PostAsJsonAsync("/api/entry", new { id = "京B10003", start_time = "2026-12-08T22:00:00" });
        var exited = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京B10003", start_time = "2026-12-09T02:00:00" })).Content.ReadFromJsonAsync<JsonElement>();

        // 00:00 → 02:00 under the visitor rule: 120 minutes less 15 free = 4 half hours at ¥5.
        Assert.Equal(20m, exited.GetProperty("cost").GetDecimal());
        Assert.Equal("hold", exited.GetProperty("gate").GetString());
        var breakdown = exited.GetProperty("breakdown").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Equal("月卡有效至 2026-12-09 00:00，之后按访客规则计费", breakdown[0]);
        Assert.StartsWith("第1段 00:00→02:00", breakdown[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondPlateOfThePass_WhileTheFirstIsInside_IsBilledAsAVisitor()
    {
        using var admin = await app.AdminClientAsync();
        var added = await (await admin.PostAsJsonAsync("/api/admin/pass-products?lot=yangguang", new
        {
            name = "家庭双车卡", vehicle_types = new[] { "小车" }, period = "calendar_month", price = 400m, max_plates = 2,
        })).Content.ReadFromJsonAsync<JsonElement>();
        await SellAsync(["京B10004", "京B10005"], "2026-12-01", null, added.GetProperty("id").GetGuid());
        using var camera = app.DeviceClient();

        var first = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京B10004", start_time = "2026-12-09T08:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京B10005", start_time = "2026-12-09T09:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        await camera.PostAsJsonAsync("/api/exit", new { id = "京B10004", start_time = "2026-12-09T10:00:00" });
        var secondOut = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京B10005", start_time = "2026-12-09T11:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京B10005", start_time = "2026-12-09T12:00:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(first.GetProperty("pass").GetBoolean());
        Assert.False(second.GetProperty("pass").GetBoolean());
        Assert.Equal("hold", second.GetProperty("gate").GetString());
        Assert.Equal(20m, secondOut.GetProperty("cost").GetDecimal());
        Assert.True(again.GetProperty("pass").GetBoolean());
    }

    [Fact]
    public async Task HoldersOnReservedSpaces_LeaveTheFreeSpacesAlone()
    {
        using var admin = await app.AdminClientAsync();
        var added = await (await admin.PostAsJsonAsync("/api/admin/pass-products?lot=yangguang", new
        {
            name = "地库专属车位卡", vehicle_types = new[] { "小车" }, period = "year", price = 3600m, counts_against_free_spaces = false,
        })).Content.ReadFromJsonAsync<JsonElement>();
        await SellAsync(["京B10006"], "2026-12-01", null, added.GetProperty("id").GetGuid());
        var status = app.Services.GetRequiredService<LotStatus>();
        var before = await status.OccupancyAsync(app.Community.Id);
        using var camera = app.DeviceClient();

        var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京B10006", start_time = "2026-12-10T09:00:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(entered.GetProperty("pass").GetBoolean());
        Assert.Equal(before.Free, (await status.OccupancyAsync(app.Community.Id)).Free);
        await camera.PostAsJsonAsync("/api/exit", new { id = "京B10006", start_time = "2026-12-10T09:30:00" });
    }

    [Theory]
    [InlineData("""{"plates": ["京B20001"], "from": "2026-12-10", "to": "2026-12-09"}""", "to", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": ["京B20001"], "from": "1999-01-01"}""", "from", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": ["京B20001"], "from": "2026-13-01"}""", "from", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": ["京B20001"], "from": "2026-12-01", "to": "2029-12-01"}""", "to", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": ["NOTAPLATE"], "from": "2026-12-01"}""", "plates", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": [], "from": "2026-12-01"}""", "plates", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": ["京B20001"], "from": "2026-12-01", "price": -5}""", "price", HttpStatusCode.BadRequest)]
    [InlineData("""{"plates": ["京B20001"], "from": "2026-12-01", "product_id": "8d1f3a52-0000-4000-8000-000000000000"}""", "product_id", HttpStatusCode.NotFound)]
    [InlineData("""{"plates": ["京B10009"], "from": "2026-12-15"}""", "plates", HttpStatusCode.Conflict)]
    public async Task ABadSale_IsAProblemNamingTheField_AndNothingIsWritten(string json, string field, HttpStatusCode status)
    {
        await SellAsync("京B10009", "2026-12-01", null, allowTaken: true);
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        body.TryAdd("product_id", JsonSerializer.SerializeToElement(await DemoProductAsync()));
        var before = await app.WithDbAsync(async db => (await db.MonthlyPasses.CountAsync(), await db.LedgerEntries.CountAsync()));

        var response = await finance.PostAsJsonAsync("/api/admin/passes", body);

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.MonthlyPasses.CountAsync(), await db.LedgerEntries.CountAsync())));
    }

    [Fact]
    public async Task ASoldOutProduct_SellsNoMore_AndNothingIsWritten()
    {
        using var admin = await app.AdminClientAsync();
        var added = await (await admin.PostAsJsonAsync("/api/admin/pass-products?lot=yangguang", new
        {
            name = "唯一车位卡", vehicle_types = new[] { "小车" }, period = "calendar_month", price = 500m, max_passes = 1,
        })).Content.ReadFromJsonAsync<JsonElement>();
        var productId = added.GetProperty("id").GetGuid();
        await SellAsync(["京B30001"], "2026-12-01", null, productId);
        var before = await app.WithDbAsync(db => db.MonthlyPasses.CountAsync());
        using var finance = await app.ClientForAsync("finance", "Finance123!");

        var response = await finance.PostAsJsonAsync("/api/admin/passes", new { product_id = productId, plates = new[] { "京B30002" }, from = "2026-12-10" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("售罄", problem.GetProperty("errors").GetProperty("product_id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.MonthlyPasses.CountAsync()));
    }

    private Task<Guid> DemoProductAsync() =>
        app.WithDbAsync(db => db.PassProducts.Where(p => p.LotId == app.Community.Id && p.Name == DatabaseStartup.DemoPassProduct).Select(p => p.Id).SingleAsync());

    private Task SellAsync(string plate, string from, string? to, bool allowTaken = false) => SellAsync([plate], from, to, null, allowTaken);

    private async Task SellAsync(string[] plates, string from, string? to, Guid? productId, bool allowTaken = false)
    {
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        var response = await finance.PostAsJsonAsync("/api/admin/passes", new { product_id = productId ?? await DemoProductAsync(), plates, from, to });
        if (!(allowTaken && response.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }
}
