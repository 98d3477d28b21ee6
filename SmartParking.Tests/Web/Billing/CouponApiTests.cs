using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Billing;

/// <summary>
/// Coupons (商户优惠) over real HTTP: the demo shop's 60-minute coupon at a visitor's exit, its statement, and every
/// refusal (a code used twice, expired or used-up coupons, another shop's coupon, a car gone, a plate's daily share).
/// </summary>
public sealed class CouponApiTests(CouponApiTests.App app) : IClassFixture<CouponApiTests.App>
{
    // 2026-12-10 10:00 in the lot (Asia/Shanghai).
    public sealed class App() : ParkingAppFactory(clock: new FakeClock(new DateTimeOffset(2026, 12, 10, 2, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task TheShops60MinuteCoupon_TakesTenYuanOffAVisitorsExit_InTheBreakdownLedgerAndStatement()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        using var guard = await app.GuardClientAsync();
        var stay = await EnterAsync(camera, "京C60001", "2026-12-10T07:00:00");

        var code = await IssueCodeAsync(shop);
        var applied = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { code });
        var exited = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京C60001", start_time = "2026-12-10T10:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var statement = await shop.GetFromJsonAsync<JsonElement>("/api/merchant/statement/2026-12");
        var csv = await shop.GetStringAsync("/api/merchant/statement/2026-12?format=csv");

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        // 3 hours under the demo visitor rule (15 free minutes, ¥5 per half hour): ¥30; an hour less: ¥20.
        Assert.Equal(20m, (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fee_so_far").GetDecimal());
        Assert.Equal(20m, exited.GetProperty("cost").GetDecimal());
        Assert.Contains("优惠券 阳光便利店 · 停车 60 分钟：减 ¥10.00", exited.GetProperty("breakdown").EnumerateArray().Select(l => l.GetString()));
        var entry = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.SessionId == stay && e.Kind == LedgerEntryKind.CouponDiscount));
        Assert.Equal(10m, entry.Amount);
        Assert.Equal(PaymentChannel.Coupon, entry.Channel);
        var line = statement.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("plate").GetString() == "京C60001");
        Assert.Equal(10m, line.GetProperty("discount").GetDecimal());
        Assert.True(line.GetProperty("by_code").GetBoolean());
        Assert.True(statement.GetProperty("total").GetDecimal() >= 10m);
        Assert.Contains("京C60001", csv);
        Assert.Contains("10.00", csv);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "ApplyCoupon" && a.Actor == "guard")));
    }

    [Fact]
    public async Task ACodeUsedOnce_IsRefused409TheSecondTime_AndNothingIsWritten()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        using var guard = await app.GuardClientAsync();
        var first = await EnterAsync(camera, "京C60002", "2026-12-10T08:00:00");
        var second = await EnterAsync(camera, "京C60003", "2026-12-10T08:00:00");
        var code = await IssueCodeAsync(shop);

        var used = await guard.PostAsJsonAsync($"/api/stays/{first}/coupons", new { code });
        var again = await guard.PostAsJsonAsync($"/api/stays/{second}/coupons", new { code = code.ToLowerInvariant() });

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        await AssertRefusedAsync(again, HttpStatusCode.Conflict, "Coupon.CodeUsed", "code");
        Assert.Empty(await CouponsOfAsync(second));
        Assert.Equal(1, await app.WithDbAsync(db => db.CouponUses.CountAsync(u => u.SessionId == first || u.SessionId == second)));
    }

    [Fact]
    public async Task AnExpiredCoupon_AndAUsedUpOne_AreRefused()
    {
        using var camera = app.DeviceClient();
        using var admin = await app.AdminClientAsync();
        using var guard = await app.GuardClientAsync();
        var issuer = await AddIssuerAsync(admin, "阳光花店");
        var expired = await AddKindAsync(admin, new { issuer_id = issuer, name = "夏季券", discount = "amount_off", value = 5, valid_from = "2026-06-01", valid_to = "2026-08-31" });
        var single = await AddKindAsync(admin, new { issuer_id = issuer, name = "限量券", discount = "percent_off", value = 50, valid_from = "2026-12-01", valid_to = "2026-12-31", total_count = 1 });
        var stay = await EnterAsync(camera, "京C60004", "2026-12-10T08:00:00");
        var other = await EnterAsync(camera, "京C60005", "2026-12-10T08:00:00");

        var late = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { kind_id = expired });
        var taken = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { kind_id = single });
        var none = await guard.PostAsJsonAsync($"/api/stays/{other}/coupons", new { kind_id = single });

        await AssertRefusedAsync(late, HttpStatusCode.Conflict, "Coupon.Expired", "kind_id");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        await AssertRefusedAsync(none, HttpStatusCode.Conflict, "Coupon.Exhausted", "kind_id");
        Assert.Empty(await CouponsOfAsync(other));
        Assert.Equal(1, await app.WithDbAsync(db => db.CouponKinds.Where(k => k.Id == single).Select(k => k.Used).SingleAsync()));
    }

    [Fact]
    public async Task AShop_CannotGiveAnotherIssuersCoupon_NorSeeIt()
    {
        using var camera = app.DeviceClient();
        using var admin = await app.AdminClientAsync();
        using var shop = await ShopAsync();
        var issuer = await AddIssuerAsync(admin, "物业服务中心", "office");
        var theirs = await AddKindAsync(admin, new { issuer_id = issuer, name = "物业全免", discount = "full_waiver", valid_from = "2026-12-01", valid_to = "2027-12-31" });
        var stay = await EnterAsync(camera, "京C60006", "2026-12-10T08:00:00");

        var byKind = await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60006", kind_id = theirs });
        var byStay = await shop.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { kind_id = theirs });
        var code = await shop.PostAsJsonAsync("/api/merchant/coupon-codes", new { kind_id = theirs });
        var kinds = await shop.GetFromJsonAsync<JsonElement>("/api/merchant/coupon-kinds");

        await AssertRefusedAsync(byKind, HttpStatusCode.Forbidden, "Coupon.OtherIssuer", "kind_id");
        await AssertRefusedAsync(byStay, HttpStatusCode.Forbidden, "Coupon.OtherIssuer", "kind_id");
        await AssertRefusedAsync(code, HttpStatusCode.Forbidden, "Coupon.OtherIssuer", "kind_id");
        Assert.Empty(await CouponsOfAsync(stay));
        Assert.Equal([DatabaseStartup.DemoShopCoupon], kinds.EnumerateArray().Select(k => k.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ACarThatLeft_GetsNoCoupon()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        var stay = await EnterAsync(camera, "京C60007", "2026-12-10T08:00:00");
        await camera.PostAsJsonAsync("/api/exit", new { id = "京C60007", start_time = "2026-12-10T09:00:00" });

        var byStay = await shop.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { kind_id = await DemoKindAsync() });
        var byPlate = await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60007", kind_id = await DemoKindAsync() });

        await AssertRefusedAsync(byStay, HttpStatusCode.Conflict, "Coupon.StayNotOpen", "id");
        await AssertRefusedAsync(byPlate, HttpStatusCode.NotFound, "Coupon.NoCarInside", "plate");
        Assert.Empty(await CouponsOfAsync(stay));
    }

    [Fact]
    public async Task APlatesDailyShare_IsKept_AcrossItsStaysOfTheDay()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        var morning = await EnterAsync(camera, "京C60008", "2026-12-10T07:00:00");
        var given = await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60008", kind_id = await DemoKindAsync() });
        await camera.PostAsJsonAsync("/api/exit", new { id = "京C60008", start_time = "2026-12-10T08:00:00" });
        var later = await EnterAsync(camera, "京C60008", "2026-12-10T09:00:00");

        var again = await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60008", kind_id = await DemoKindAsync() });

        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        await AssertRefusedAsync(again, HttpStatusCode.Conflict, "Coupon.PlateDailyLimit", "plate");
        Assert.Empty(await CouponsOfAsync(later));
        Assert.Single(await CouponsOfAsync(morning));
    }

    [Fact]
    public async Task ANonStackableCoupon_IsTheStaysOnlyOne()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        using var guard = await app.GuardClientAsync();
        var stay = await EnterAsync(camera, "京C60009", "2026-12-10T07:00:00");
        await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60009", kind_id = await DemoKindAsync() });

        var second = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { code = await IssueCodeAsync(shop) });

        await AssertRefusedAsync(second, HttpStatusCode.Conflict, "Coupon.OnePerStay", "code");
        Assert.Single(await CouponsOfAsync(stay));
    }

    [Theory]
    [InlineData("""{"name": "", "discount": "minutes_off", "value": 60, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}""", "name")]
    [InlineData("""{"name": "券", "discount": "free_beer", "value": 60, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}""", "discount")]
    [InlineData("""{"name": "券", "discount": "percent_off", "value": 120, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}""", "value")]
    [InlineData("""{"name": "券", "discount": "minutes_off", "value": 60, "valid_from": "2026-12-31", "valid_to": "2026-12-01"}""", "valid_to")]
    [InlineData("""{"name": "券", "discount": "minutes_off", "value": 60, "valid_from": "2026-12-01", "valid_to": "2026-12-31", "total_count": 0}""", "total_count")]
    [InlineData("""{"name": "券", "discount": "minutes_off", "value": 60, "valid_from": "2026-12-01", "valid_to": "2026-12-31", "per_plate_per_day": -1}""", "per_plate_per_day")]
    [InlineData("""{"name": "券", "discount": "minutes_off", "value": 60, "valid_from": "12/01/2026", "valid_to": "2026-12-31"}""", "valid_from")]
    [InlineData("""{"name": "停车 60 分钟", "discount": "minutes_off", "value": 30, "valid_from": "2026-12-01", "valid_to": "2026-12-31"}""", "name")]
    public async Task ABadCouponKind_Is4xxNamingTheField_AndNothingIsWritten(string json, string field)
    {
        using var admin = await app.AdminClientAsync();
        var shopId = await app.WithDbAsync(db => db.CouponIssuers.Where(i => i.Name == DatabaseStartup.DemoShop).Select(i => i.Id).SingleAsync());
        var before = await app.WithDbAsync(db => db.CouponKinds.CountAsync());

        var response = await app.PostJsonAsync(admin, "/api/admin/coupon-kinds?lot=yangguang", json.Replace("{", $$"""{"issuer_id": "{{shopId}}", """, StringComparison.Ordinal));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await app.WithDbAsync(db => db.CouponKinds.CountAsync()));
    }

    [Fact]
    public async Task ABadGift_Is4xxNamingTheField()
    {
        using var camera = app.DeviceClient();
        using var guard = await app.GuardClientAsync();
        var stay = await EnterAsync(camera, "京C60010", "2026-12-10T08:00:00");

        var nothing = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { note = "x" });
        var unknown = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { code = "ZZZZZZZZZZ" });
        var shortCode = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { code = "ABC" });
        var noStay = await guard.PostAsJsonAsync($"/api/stays/{Guid.NewGuid()}/coupons", new { kind_id = await DemoKindAsync() });

        await AssertRefusedAsync(nothing, HttpStatusCode.BadRequest, "Request.Invalid", "code");
        await AssertRefusedAsync(unknown, HttpStatusCode.NotFound, "Coupon.CodeUnknown", "code");
        await AssertRefusedAsync(shortCode, HttpStatusCode.BadRequest, "Request.Invalid", "code");
        await AssertRefusedAsync(noStay, HttpStatusCode.NotFound, "Stay.NotFound", "id");
        Assert.Empty(await CouponsOfAsync(stay));
    }

    [Fact]
    public async Task RolesAreKept_TheShopHasNoAdminOrBoothRoutes_AndTheGuardNoMerchantOnes()
    {
        using var shop = await ShopAsync();
        using var guard = await app.GuardClientAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await shop.GetAsync("/api/admin/coupon-kinds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await shop.GetAsync("/api/lot/vehicles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/merchant/coupon-kinds")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PostAsJsonAsync("/api/merchant/coupon-codes", new { kind_id = await DemoKindAsync() })).StatusCode);
    }

    [Fact]
    public async Task AnAdmin_SetsUpAnIssuerAndKind_AuditedAndListed_AndFinanceReadsItsStatement()
    {
        using var admin = await app.AdminClientAsync();
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        var issuer = await AddIssuerAsync(admin, "阳光药房");
        await AddKindAsync(admin, new { issuer_id = issuer, name = "八折券", discount = "percent_off", value = 20, valid_from = "2026-12-01", valid_to = "2027-03-31", total_count = 100, stackable = true, per_plate_per_day = 2 });

        var kinds = await admin.GetFromJsonAsync<JsonElement>("/api/admin/coupon-kinds?lot=yangguang");
        var statement = await finance.GetAsync($"/api/admin/coupon-issuers/{issuer}/statement/2026-12");

        var kind = kinds.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "八折券");
        Assert.Equal("percent_off", kind.GetProperty("discount").GetString());
        Assert.Equal("2027-03-31", kind.GetProperty("valid_to").GetString());
        Assert.Equal(100, kind.GetProperty("left").GetInt32());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "AddCouponKind" && a.After!.Contains("八折券"))));
        Assert.Equal(HttpStatusCode.OK, statement.StatusCode);
        Assert.Equal(0m, (await statement.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task AnAdmin_GivesANewShopALogin_ThatSeesAndGivesOnlyItsOwnCoupons()
    {
        using var admin = await app.AdminClientAsync();
        using var guard = await app.GuardClientAsync();
        using var camera = app.DeviceClient();
        var issuer = await AddIssuerAsync(admin, "阳光洗车");
        var wash = await AddKindAsync(admin, new { issuer_id = issuer, name = "洗车减五元", discount = "amount_off", value = 5, valid_from = "2026-12-01", valid_to = "2027-12-31" });

        var created = await admin.PostAsJsonAsync($"/api/admin/coupon-issuers/{issuer}/merchants?lot=yangguang", new { user_name = "carwash", password = "Carwash123!" });
        var twice = await admin.PostAsJsonAsync($"/api/admin/coupon-issuers/{issuer}/merchants?lot=yangguang", new { user_name = "carwash", password = "Carwash123!" });
        var byGuard = await guard.PostAsJsonAsync($"/api/admin/coupon-issuers/{issuer}/merchants", new { user_name = "carwash2", password = "Carwash123!" });
        using var carwash = await app.ClientForAsync("carwash", "Carwash123!");
        var kinds = await carwash.GetFromJsonAsync<JsonElement>("/api/merchant/coupon-kinds");
        await EnterAsync(camera, "京C60011", "2026-12-10T08:00:00");
        var own = await carwash.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60011", kind_id = wash });
        var shops = await carwash.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C60011", kind_id = await DemoKindAsync() });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.True((await twice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("user_name", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byGuard.StatusCode);
        Assert.Equal(["洗车减五元"], kinds.EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await AssertRefusedAsync(shops, HttpStatusCode.Forbidden, "Coupon.OtherIssuer", "kind_id");
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "CreateUser" && a.After!.Contains("carwash Merchant"))));
    }

    private Task<HttpClient> ShopAsync() => app.ClientForAsync("shop", "Shop123!");

    private static async Task<Guid> EnterAsync(HttpClient camera, string plate, string at)
    {
        var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = plate, start_time = at })).Content.ReadFromJsonAsync<JsonElement>();
        return entered.GetProperty("session_id").GetGuid();
    }

    private Task<Guid> DemoKindAsync() => app.WithDbAsync(db => db.CouponKinds.Where(k => k.Name == DatabaseStartup.DemoShopCoupon).Select(k => k.Id).SingleAsync());

    private async Task<string> IssueCodeAsync(HttpClient shop)
    {
        var response = await shop.PostAsJsonAsync("/api/merchant/coupon-codes", new { kind_id = await DemoKindAsync() });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.StartsWith("<svg", body.GetProperty("qr_svg").GetString(), StringComparison.Ordinal);
        return body.GetProperty("code").GetString()!;
    }

    private static async Task<Guid> AddIssuerAsync(HttpClient admin, string name, string kind = "shop")
    {
        var response = await admin.PostAsJsonAsync("/api/admin/coupon-issuers?lot=yangguang", new { name, kind });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    private static async Task<Guid> AddKindAsync(HttpClient admin, object kind)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/coupon-kinds?lot=yangguang", kind);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetGuid();
    }

    private Task<List<Guid>> CouponsOfAsync(Guid stay) =>
        app.WithDbAsync(db => db.CouponUses.Where(u => u.SessionId == stay).Select(u => u.Id).ToListAsync());

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code, string field)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
