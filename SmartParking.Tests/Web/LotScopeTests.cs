using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;
using SmartParking.Tests.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// Two lots in one installation (the demo's community 阳光花园 and shopping centre 翠湖): each guard, camera and
/// visitor works in one lot, and nothing of the other lot is seen, changed or even hinted at.
/// </summary>
public sealed class LotScopeTests(LotScopeTests.App app) : IClassFixture<LotScopeTests.App>
{
    public sealed class App : ParkingAppFactory;

    private const string CommercialKey = DatabaseStartup.DemoCommercialDeviceKey;

    [Fact]
    public async Task OnePlate_CanBeInsideBothLots_EachStayInItsOwnLot_AndEachGuardSeesOnlyTheirs()
    {
        using var community = app.DeviceClient();
        using var mall = app.DeviceClient(CommercialKey);

        var here = await community.PostAsJsonAsync("/api/entry", new { id = "苏E11111", start_time = "2026-11-20T09:00:00" });
        var there = await mall.PostAsJsonAsync("/api/entry", new { id = "苏E11111", start_time = "2026-11-20T09:05:00" });

        Assert.Equal(HttpStatusCode.OK, here.StatusCode);
        Assert.Equal(HttpStatusCode.OK, there.StatusCode);
        using var guard = await app.GuardClientAsync();
        using var guard2 = await app.ClientForAsync("guard2", "Guard123!");
        var seenHere = await guard.GetFromJsonAsync<Dictionary<string, JsonElement>>("/api/lot/vehicles");
        var seenThere = await guard2.GetFromJsonAsync<Dictionary<string, JsonElement>>("/api/lot/vehicles");
        Assert.Equal("09:00", seenHere!["苏E11111"].GetProperty("start_time").GetString());
        Assert.Equal("09:05", seenThere!["苏E11111"].GetProperty("start_time").GetString());
        Assert.Equal(2, await app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == SmartParking.Domain.People.PlateNumber.Parse("苏E11111"))));
    }

    [Fact]
    public async Task TheShoppingCentre_LetsAVisitorStraightIn_WhereTheCommunityHoldsItForRegistration()
    {
        using var community = app.DeviceClient();
        using var mall = app.DeviceClient(CommercialKey);

        var held = await (await community.PostAsJsonAsync("/api/entry", new { id = "苏E22222", start_time = "2026-11-20T10:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var open = await (await mall.PostAsJsonAsync("/api/entry", new { id = "苏E22223", start_time = "2026-11-20T10:00:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("hold", held.GetProperty("gate").GetString());
        Assert.Equal("open", open.GetProperty("gate").GetString());
    }

    [Fact]
    public async Task AGuardOfTheCommunity_NamingTheShoppingCentre_GetsNothing_OnEveryLotRoute()
    {
        using var mall = app.DeviceClient(CommercialKey);
        var entered = await (await mall.PostAsJsonAsync("/api/entry", new { id = "苏E33333", start_time = "2026-11-20T11:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        var stayThere = entered.GetProperty("session_id").GetGuid();
        using var guard = await app.GuardClientAsync();

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .Where(r => !LotFree.Contains(r.Path))
            .ToList();
        Assert.True(routes.Count >= 12, $"only {routes.Count} lot routes found");

        foreach (var (method, pattern) in routes)
        {
            var path = pattern.Replace("{id:guid}", stayThere.ToString()).Replace("{lane}", DatabaseStartup.DemoCommercialEntryLane).Replace("{month}", "2026-11");
            using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?lot={DatabaseStartup.DemoCommercial}")
            {
                Content = method == "GET" ? null : JsonContent.Create(new { id = "苏E33333", reason = "test", start_time = "2026-11-20", end_times = "2026-11-20" }),
            };
            var response = await guard.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("苏E33333", text);
            Assert.DoesNotContain("翠湖", text);
        }

        // And the stay itself, without naming the lot, is no stay of the guard's.
        var settle = await guard.PostAsync($"/api/sessions/{stayThere}/settle", null);
        Assert.Equal(HttpStatusCode.NotFound, settle.StatusCode);
        Assert.Equal(0m, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SettleInCash")));
    }

    // Routes that work on no lot's data: signing in, reading a photo, the caller's own login, the board's own lot.
    private static readonly HashSet<string> LotFree = ["/api/auth/token", "/api/auth/refresh", "/api/auth/me", "/api/devices/ivs/plate", "/api/devices/ivs/heartbeat", "/api/devices/hikvision/{lane}", "/api/recognize", "/api/records/export/download", "/api/board", "/api/lots/", "/api/visitors",
        // Payment providers call back with their signature, not a lot: the order number finds the lot.
        "/api/payments/wechat/notify", "/api/payments/alipay/notify"];

    [Fact]
    public async Task ACameraKeyOfOneLot_PostingToTheOtherLotsLane_IsRefusedAs401_AndNothingIsStored()
    {
        using var community = app.DeviceClient();
        using var photo = new MultipartFormDataContent { { new ByteArrayContent(TestImages.GreyPng(320, 240)), "image", "photo.png" } };

        var response = await community.PostAsync($"/api/lanes/{DatabaseStartup.DemoCommercialEntryLane}/capture", photo);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Device.KeyOfAnotherLot", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.LaneCaptures.CountAsync(c => c.LaneCode == DatabaseStartup.DemoCommercialEntryLane)));
    }

    [Fact]
    public async Task TheGroupAdmin_NamesTheLot_OnLotRoutes_AndSeesEitherLot()
    {
        using var admin = await app.AdminClientAsync();

        var unnamed = await admin.GetAsync("/api/lot/vehicles");
        var mall = await admin.GetAsync($"/api/lot/vehicles?lot={DatabaseStartup.DemoCommercial}");
        var byHeader = new HttpRequestMessage(HttpMethod.Get, "/api/lot/vehicles") { Headers = { { "X-Lot", DatabaseStartup.DemoCommunity } } };
        var community = await admin.SendAsync(byHeader);
        var unknown = await admin.GetAsync("/api/lot/vehicles?lot=nowhere");

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("Lot.Ambiguous", (await unnamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, mall.StatusCode);
        Assert.Equal(HttpStatusCode.OK, community.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task TheLobbyBoard_NamesItsLot_InTheUrl_AndAnUnknownLotIsNotFound()
    {
        using var anyone = app.CreateClient();

        var mall = await anyone.GetFromJsonAsync<JsonElement>($"/api/board?lot={DatabaseStartup.DemoCommercial}");
        var unnamed = await anyone.GetAsync("/api/board");
        var page = await anyone.GetStringAsync($"/board/{DatabaseStartup.DemoCommercial}");
        var picker = await anyone.GetStringAsync("/board");
        var unknown = await anyone.GetAsync("/board/nowhere");

        Assert.Equal("翠湖商业广场", mall.GetProperty("lot").GetString());
        Assert.Equal(500, mall.GetProperty("capacity").GetInt32());
        Assert.Contains("欢迎光临翠湖商业广场", mall.GetProperty("announcements").ToString());
        Assert.DoesNotContain("场内限速", mall.GetProperty("announcements").ToString());
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("翠湖商业广场", page);
        Assert.Contains("/board/yangguang", picker);
        Assert.Contains("/board/cuihu", picker);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ALotChoice_OfALotTheUserDoesNotWorkIn_IsNotFound_AndSetsNoCookie()
    {
        using var guard = await app.GuardClientAsync();

        var response = await guard.GetAsync($"/lots/choose/{DatabaseStartup.DemoCommercial}?returnUrl=/booth");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("sp-lot=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheGroupAdmin_AddsALot_ButNotOneNamedLikeAnother_AndAGuardAddsNone()
    {
        using var admin = await app.AdminClientAsync();
        using var guard = await app.GuardClientAsync();

        var added = await admin.PostAsJsonAsync("/api/lots", new { code = "xincheng", name = "新城花园", kind = "community", capacity = 120 });
        var twin = await admin.PostAsJsonAsync("/api/lots", new { code = "xincheng-2", name = "新城花园", capacity = 80 });
        var badKind = await admin.PostAsJsonAsync("/api/lots", new { code = "xincheng-3", name = "新城三期", kind = "airport", capacity = 80 });
        var byGuard = await guard.PostAsJsonAsync("/api/lots", new { code = "xincheng-4", name = "新城四期", capacity = 80 });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twin.StatusCode);
        Assert.Contains("新城花园", (await twin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.True((await badKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byGuard.StatusCode);
        var lots = await app.WithDbAsync(db => db.Lots.Select(l => l.Code).ToListAsync());
        Assert.Contains("xincheng", lots);
        Assert.DoesNotContain("xincheng-2", lots);
        Assert.DoesNotContain("xincheng-4", lots);
        Assert.Equal(["yangguang"], (await guard.GetFromJsonAsync<JsonElement[]>("/api/lots"))!.Select(l => l.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task AnOwnerWithCarsInBothLots_HasOneLogin_AndReadsEachMembershipByItsLot()
    {
        await app.WithDbAsync(db =>
        {
            var there = SmartParking.Domain.People.Owner.Register(
                app.Commercial.Id, "张业主", SmartParking.Domain.People.ChineseIdNumber.Parse("110105198001011238"),
                SmartParking.Domain.People.MobileNumber.Parse("13800138000"), DateTime.UtcNow, "owner");
            there.AddVehicle(SmartParking.Domain.People.PlateNumber.Parse("浙A99999"), SmartParking.Domain.Billing.VehicleType.Small, DateTime.UtcNow, approved: true);
            db.Owners.Add(there);
            return db.SaveChangesAsync();
        });
        using var owner = await app.OwnerClientAsync();

        var unnamed = await owner.GetAsync("/api/me");
        var home = await owner.GetFromJsonAsync<JsonElement>($"/api/me?lot={DatabaseStartup.DemoCommunity}");
        var mall = await owner.GetFromJsonAsync<JsonElement>($"/api/me?lot={DatabaseStartup.DemoCommercial}");
        var lots = await owner.GetFromJsonAsync<JsonElement[]>("/api/lots");

        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("京A12345", home.ToString());
        Assert.DoesNotContain("浙A99999", home.ToString());
        Assert.Contains("浙A99999", mall.ToString());
        Assert.Equal(100m, home.GetProperty("balance").GetDecimal());
        Assert.Equal(0m, mall.GetProperty("balance").GetDecimal());
        Assert.Equal(["yangguang", "cuihu"], lots!.Select(l => l.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task ASecondLot_WithTheNameOfAnExistingOne_IsRefused()
    {
        var lots = app.Services.GetRequiredService<LotDirectory>();
        var twin = Lot.Open("cuihu-2", "翠湖商业广场", null, LotKind.Commercial, "Asia/Shanghai", LotPolicy.Create(10, 100m, 10m, 72), DateTime.UtcNow);

        var refused = await Assert.ThrowsAsync<DomainException>(() => lots.OpenAsync(twin, "admin"));

        Assert.Equal("Lot.NameTaken", refused.Error.Code);
        Assert.DoesNotContain(await lots.AllAsync(), l => l.Code == "cuihu-2");
    }
}
