using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Billing;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Billing;

/// <summary>
/// A visitor scans the shop's QR with their own phone: the QR holds the lot's /coupon/{code} page, where the plate is
/// given and the coupon goes to that car's open stay, refused for the same reasons as at the booth with nothing written.
/// Static forms posted over real sockets as a phone would, each phone with its own address.
/// </summary>
public sealed class VisitorCouponTests(VisitorCouponTests.App app) : IClassFixture<VisitorCouponTests.App>
{
    // 2026-12-10 10:00 in the lot (Asia/Shanghai).
    public sealed class App() : ParkingAppFactory(clock: new FakeClock(new DateTimeOffset(2026, 12, 10, 2, 0, 0, TimeSpan.Zero)))
    {
        private string? _baseUrl;

        // Started before any client is made: the phones post over real sockets, each from its own address.
        public string BaseUrl => _baseUrl ??= StartOnKestrel();
    }

    private readonly string _baseUrl = app.BaseUrl;

    [Fact]
    public async Task AVisitor_TakesTheShopsQrOnTheirPhone_TheFeeDrops30To20_AndTheExitCharges20()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        var stay = await EnterAsync(camera, "京C70001", "2026-12-10T07:00:00");
        var (code, link) = await IssueCodeAsync(shop);
        using var phone = new FormBrowser(_baseUrl, "198.51.100.1");

        var opened = await phone.GetAsync(PathOf(link));
        var openedHtml = await opened.Content.ReadAsStringAsync();
        var taken = await phone.SubmitAsync(PathOf(link), Plate("京C70001"), "coupon-take");
        var html = await taken.Content.ReadAsStringAsync();
        var exited = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京C70001", start_time = "2026-12-10T10:00:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("阳光便利店 · 停车 60 分钟", openedHtml);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("data-testid=\"coupon-done\"", html);
        // Three hours under the demo visitor rule are ¥30; an hour less is ¥20.
        Assert.Contains("<s>¥30.00</s>", html);
        Assert.Contains("<strong>¥20.00</strong>", html);
        Assert.Contains($"/pay/yangguang?plate={Uri.EscapeDataString("京C70001")}", html);
        var use = await app.WithDbAsync(db => db.CouponUses.SingleAsync(u => u.SessionId == stay));
        Assert.Equal(CouponDesk.VisitorActor, use.AppliedBy);
        Assert.NotNull(await app.WithDbAsync(db => db.CouponCodes.Where(c => c.Code == code).Select(c => c.UsedUtc).SingleAsync()));
        Assert.Equal(20m, exited.GetProperty("cost").GetDecimal());
        Assert.Contains("优惠券 阳光便利店 · 停车 60 分钟：减 ¥10.00", exited.GetProperty("breakdown").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task AUsedCode_IsRefusedOnTheNextPhone_AndTheShopsScreenHasANewOne()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        await EnterAsync(camera, "京C70002", "2026-12-10T08:00:00");
        var other = await EnterAsync(camera, "京C70003", "2026-12-10T08:00:00");
        var desk = app.Services.GetRequiredService<CouponDesk>();
        var kind = await DemoKindAsync();
        var issuer = await app.WithDbAsync(db => db.CouponKinds.Where(k => k.Id == kind).Select(k => k.IssuerId).SingleAsync());
        var shown = await desk.ShownCodeAsync(app.Community.Id, issuer, kind, "shop");
        using var first = new FormBrowser(_baseUrl, "198.51.100.2");
        using var second = new FormBrowser(_baseUrl, "198.51.100.3");
        var link = $"/coupon/{shown.Code}";

        // The second phone opened the page before the first used it: its post is refused all the same.
        using var third = new FormBrowser(_baseUrl, "198.51.100.4");
        var early = await second.GetAsync(link);
        var earlyHtml = await early.Content.ReadAsStringAsync();
        await first.SubmitAsync(link, Plate("京C70002"), "coupon-take");
        var refused = await second.SubmitOpenedAsync(earlyHtml, link, Plate("京C70003"), "coupon-take");
        var later = await third.GetAsync(link);
        var next = await desk.ShownCodeAsync(app.Community.Id, issuer, kind, "shop");

        Assert.Contains("coupon-submit", earlyHtml);
        Assert.Contains("这张优惠券码已使用过", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await CouponsOfAsync(other));
        var laterHtml = await later.Content.ReadAsStringAsync();
        Assert.Contains("这张优惠券码已使用过", laterHtml);
        Assert.DoesNotContain("coupon-submit", laterHtml);
        Assert.NotEqual(shown.Code, next.Code);
    }

    [Fact]
    public async Task APlateWithNoCarInside_IsRefused_AndTheCodeStaysGoodForTheRightPlate()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        var stay = await EnterAsync(camera, "京C70004", "2026-12-10T08:00:00");
        var (code, link) = await IssueCodeAsync(shop);
        using var phone = new FormBrowser(_baseUrl, "198.51.100.5");

        var typo = await phone.SubmitAsync(PathOf(link), Plate("京C70040"), "coupon-take");
        var garbage = await phone.SubmitAsync(PathOf(link), Plate("ABC"), "coupon-take");
        var usedAfterTypo = await app.WithDbAsync(db => db.CouponCodes.Where(c => c.Code == code).Select(c => c.UsedUtc).SingleAsync());
        var right = await phone.SubmitAsync(PathOf(link), Plate("京C70004"), "coupon-take");

        Assert.Contains("车辆 京C70040 不在场内", await typo.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"coupon-error\"", await garbage.Content.ReadAsStringAsync());
        Assert.Null(usedAfterTypo);
        Assert.Contains("data-testid=\"coupon-done\"", await right.Content.ReadAsStringAsync());
        Assert.Single(await CouponsOfAsync(stay));
    }

    [Fact]
    public async Task APlatesDailyShare_AndASecondNonStackableCoupon_AreRefused_NothingWritten()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        using var phone = new FormBrowser(_baseUrl, "198.51.100.6");
        await EnterAsync(camera, "京C70005", "2026-12-10T07:00:00");
        await phone.SubmitAsync(PathOf((await IssueCodeAsync(shop)).Link), Plate("京C70005"), "coupon-take");
        await camera.PostAsJsonAsync("/api/exit", new { id = "京C70005", start_time = "2026-12-10T08:00:00" });
        var later = await EnterAsync(camera, "京C70005", "2026-12-10T09:00:00");
        var stacked = await EnterAsync(camera, "京C70006", "2026-12-10T07:00:00");
        await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京C70006", kind_id = await DemoKindAsync() });
        var (dailyCode, dailyLink) = await IssueCodeAsync(shop);

        var daily = await phone.SubmitAsync(PathOf(dailyLink), Plate("京C70005"), "coupon-take");
        var dailyUsed = await app.WithDbAsync(db => db.CouponCodes.Where(c => c.Code == dailyCode).Select(c => c.UsedUtc).SingleAsync());
        var second = await phone.SubmitAsync(PathOf(dailyLink), Plate("京C70006"), "coupon-take");

        Assert.Contains("这辆车今天已用过优惠券「停车 60 分钟」", await daily.Content.ReadAsStringAsync());
        Assert.Null(dailyUsed);
        Assert.Empty(await CouponsOfAsync(later));
        Assert.Contains("这次停车已有优惠券，且不可叠加", await second.Content.ReadAsStringAsync());
        Assert.Single(await CouponsOfAsync(stacked));
        Assert.Null(await app.WithDbAsync(db => db.CouponCodes.Where(c => c.Code == dailyCode).Select(c => c.UsedUtc).SingleAsync()));
    }

    [Fact]
    public async Task ACodeOfAnExpiredCoupon_ShowsWhy_AndGivesNothing()
    {
        using var admin = await app.AdminClientAsync();
        var issuer = await (await admin.PostAsJsonAsync("/api/admin/coupon-issuers?lot=yangguang", new { name = "阳光书店" })).Content.ReadFromJsonAsync<JsonElement>();
        var issuerId = issuer.GetProperty("id").GetGuid();
        var body = new { issuer_id = issuerId, name = "书店减五元", discount = "amount_off", value = 5, valid_from = "2026-12-01", valid_to = "2026-12-31" };
        var kind = (await (await admin.PostAsJsonAsync("/api/admin/coupon-kinds?lot=yangguang", body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var code = await app.Services.GetRequiredService<CouponDesk>().IssueCodeAsync(app.Community.Id, issuerId, kind, "bookshop");
        var ended = await admin.PutAsJsonAsync($"/api/admin/coupon-kinds/{kind}?lot=yangguang", body with { valid_to = "2026-12-09" });
        using var phone = new FormBrowser(_baseUrl, "198.51.100.7");

        var page = await phone.GetAsync($"/coupon/{code.Code}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Contains("优惠券「书店减五元」已过期", html);
        Assert.DoesNotContain("coupon-submit", html);
        Assert.Equal(0, await app.WithDbAsync(db => db.CouponUses.CountAsync(u => u.KindId == kind)));
    }

    [Fact]
    public async Task ThePlate_IsFilledIn_FromTheLinkOrFromThePayPageThisPhoneUsed()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        await EnterAsync(camera, "京C70007", "2026-12-10T08:00:00");
        var (_, link) = await IssueCodeAsync(shop);
        using var phone = new FormBrowser(_baseUrl, "198.51.100.8");

        var bare = await (await phone.GetAsync(PathOf(link))).Content.ReadAsStringAsync();
        var byQuery = await (await phone.GetAsync(PathOf(link) + "?plate=" + Uri.EscapeDataString("京C70099"))).Content.ReadAsStringAsync();
        await phone.GetAsync("/pay/yangguang?plate=" + Uri.EscapeDataString("京C70007"));
        var afterPaying = await (await phone.GetAsync(PathOf(link))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("value=\"京C70007\"", bare);
        Assert.Contains("value=\"京C70099\"", byQuery);
        Assert.Contains("value=\"京C70007\"", afterPaying);
    }

    [Fact]
    public async Task GuessingCodes_IsRateLimitedPerAddress_AndAnUnknownCodeIsNotFound()
    {
        using var guesser = new FormBrowser(_baseUrl, "203.0.113.9");
        using var other = new FormBrowser(_baseUrl, "203.0.113.10");

        var answers = new List<HttpStatusCode>();
        for (var guess = 0; guess < 31; guess++)
        {
            answers.Add((await guesser.GetAsync($"/coupon/ZZZZZZZZ{guess:00}")).StatusCode);
        }

        Assert.All(answers.Take(30), status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.Equal(HttpStatusCode.SeeOther, answers[30]);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/coupon/ZZZZZZZZZZ")).StatusCode);
    }

    [Fact]
    public async Task TheBoothScanner_ReadingTheQrsWholeLink_GivesTheCoupon()
    {
        using var camera = app.DeviceClient();
        using var shop = await ShopAsync();
        using var guard = await app.GuardClientAsync();
        var stay = await EnterAsync(camera, "京C70008", "2026-12-10T08:00:00");
        var (_, link) = await IssueCodeAsync(shop);

        var given = await guard.PostAsJsonAsync($"/api/stays/{stay}/coupons", new { code = link });

        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Single(await CouponsOfAsync(stay));
    }

    private static Dictionary<string, string> Plate(string plate) => new() { ["Input.Plate"] = plate };

    private static string PathOf(string link) => new Uri(link).AbsolutePath;

    private Task<HttpClient> ShopAsync() => app.ClientForAsync("shop", "Shop123!");

    private static async Task<Guid> EnterAsync(HttpClient camera, string plate, string at)
    {
        var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = plate, start_time = at })).Content.ReadFromJsonAsync<JsonElement>();
        return entered.GetProperty("session_id").GetGuid();
    }

    private Task<Guid> DemoKindAsync() => app.WithDbAsync(db => db.CouponKinds.Where(k => k.Name == DatabaseStartup.DemoShopCoupon).Select(k => k.Id).SingleAsync());

    private async Task<(string Code, string Link)> IssueCodeAsync(HttpClient shop)
    {
        var response = await shop.PostAsJsonAsync("/api/merchant/coupon-codes", new { kind_id = await DemoKindAsync() });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var code = body.GetProperty("code").GetString()!;
        var link = body.GetProperty("link").GetString()!;
        Assert.EndsWith($"/coupon/{code}", link);
        return (code, link);
    }

    private Task<List<Guid>> CouponsOfAsync(Guid stay) =>
        app.WithDbAsync(db => db.CouponUses.Where(u => u.SessionId == stay).Select(u => u.Id).ToListAsync());
}
