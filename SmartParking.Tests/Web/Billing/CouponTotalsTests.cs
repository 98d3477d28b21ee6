using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Billing;

/// <summary>
/// What the office settles with each coupon issuer in a month, on the monthly report (JSON, CSV and the PDF's money
/// section): a known set of stays — two of the shop's coupons, one office waiver, one coupon on a car still inside and
/// one booked in November — counted by issuer, apart from income.
/// </summary>
public sealed class CouponTotalsTests(CouponTotalsTests.App app) : IClassFixture<CouponTotalsTests.App>
{
    // 2026-12-20 10:00 in the lot (Asia/Shanghai): December is not over, so its report is built on request.
    public sealed class App() : ParkingAppFactory(clock: new FakeClock(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero)))
    {
        private readonly SemaphoreSlim _once = new(1, 1);
        private bool _seeded;

        public async Task SeedAsync()
        {
            await _once.WaitAsync();
            try
            {
                if (!_seeded)
                {
                    await SeedStaysAsync();
                    _seeded = true;
                }
            }
            finally
            {
                _once.Release();
            }
        }

        private async Task SeedStaysAsync()
        {
            using var camera = DeviceClient();
            using var admin = await AdminClientAsync();
            using var shop = await ClientForAsync("shop", "Shop123!");
            using var guard = await GuardClientAsync();
            var shopKind = await WithDbAsync(db => db.CouponKinds.Where(k => k.Name == DatabaseStartup.DemoShopCoupon).Select(k => k.Id).SingleAsync());
            var office = (await (await admin.PostAsJsonAsync("/api/admin/coupon-issuers?lot=yangguang", new { name = "物业服务中心", kind = "office" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var waiver = (await (await admin.PostAsJsonAsync("/api/admin/coupon-kinds?lot=yangguang", new { issuer_id = office, name = "施工全免", discount = "full_waiver", valid_from = "2026-11-01", valid_to = "2027-12-31" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            // Booked in November: a stay that left on 30 November with the shop's hour off (3 h → 2 h: ¥10 off).
            await StayAsync(camera, shop, guard, "京E80000", "2026-11-30T07:00:00", "2026-11-30T10:00:00", new { plate = "京E80000", kind_id = shopKind }, null);
            // December: the shop's hour off a 3-hour stay (¥30 → ¥20) and off a 2-hour one (¥20 → ¥10); the office waives a 3-hour one (¥30).
            await StayAsync(camera, shop, guard, "京E80001", "2026-12-20T07:00:00", "2026-12-20T10:00:00", new { plate = "京E80001", kind_id = shopKind }, null);
            await StayAsync(camera, shop, guard, "京E80002", "2026-12-20T07:00:00", "2026-12-20T09:00:00", new { plate = "京E80002", kind_id = shopKind }, null);
            await StayAsync(camera, shop, guard, "京E80003", "2026-12-20T07:00:00", "2026-12-20T10:00:00", null, new { kind_id = waiver });
            // Still inside: its coupon takes nothing off until it leaves.
            await StayAsync(camera, shop, guard, "京E80004", "2026-12-20T07:00:00", null, new { plate = "京E80004", kind_id = shopKind }, null);
        }

        private static async Task StayAsync(HttpClient camera, HttpClient shop, HttpClient guard, string plate, string entry, string? exit, object? byShop, object? byGuard)
        {
            var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = plate, start_time = entry })).Content.ReadFromJsonAsync<JsonElement>();
            var given = byShop is not null
                ? await shop.PostAsJsonAsync("/api/merchant/coupons", byShop)
                : await guard.PostAsJsonAsync($"/api/stays/{entered.GetProperty("session_id").GetGuid()}/coupons", byGuard);
            Assert.True(given.IsSuccessStatusCode, await given.Content.ReadAsStringAsync());
            if (exit is not null)
            {
                Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/exit", new { id = plate, start_time = exit })).StatusCode);
            }
        }
    }

    [Fact]
    public async Task DecembersCoupons_PerIssuer_CountAndAmount_InJsonAndCsv_ApartFromIncome()
    {
        await app.SeedAsync();
        using var finance = await app.ClientForAsync("finance", "Finance123!");

        var december = await finance.GetFromJsonAsync<JsonElement>("/api/reports/monthly/2026-12/coupons");
        var november = await finance.GetFromJsonAsync<JsonElement>("/api/reports/monthly/2026-11/coupons");
        var csv = await finance.GetStringAsync("/api/reports/monthly/2026-12/coupons?format=csv");

        var issuers = december.GetProperty("issuers").EnumerateArray()
            .Select(i => (i.GetProperty("issuer").GetString(), i.GetProperty("count").GetInt32(), i.GetProperty("amount").GetDecimal())).ToList();
        Assert.Equal([("物业服务中心", 1, 30m), (DatabaseStartup.DemoShop, 2, 20m)], issuers);
        Assert.Equal((3, 50m), (december.GetProperty("count").GetInt32(), december.GetProperty("total").GetDecimal()));
        Assert.Equal((1, 10m), (november.GetProperty("count").GetInt32(), november.GetProperty("total").GetDecimal()));
        var lines = csv.TrimStart('\uFEFF').Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["发放方,张数,抵扣金额", "物业服务中心,1,30.00", "阳光便利店,2,20.00", "合计,3,50.00"], lines);
        // Income is what the stays cost after their coupons: ¥20 + ¥10 + ¥0, nothing of the ¥50 the issuers owe.
        var (from, to) = (new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc));
        Assert.Equal(30m, (await app.WithDbAsync(db => db.ParkingSessions.Where(s => s.ExitUtc >= from && s.ExitUtc < to).Select(s => s.Fee).ToListAsync())).Sum());
    }

    [Fact]
    public async Task TheMonthlyReportPdf_ShowsEachIssuersCoupons_InItsMoneySection()
    {
        await app.SeedAsync();
        using var finance = await app.ClientForAsync("finance", "Finance123!");

        var text = await PdfText.ExtractAsync(await finance.GetByteArrayAsync("/api/reports/monthly/2026-12.pdf"));

        Assert.Contains("商户优惠抵扣（由发放方结算，不计入收入）", text);
        Assert.Matches(@"物业服务中心\s+1\s+30\.00", text);
        Assert.Matches(@"阳光便利店\s+2\s+20\.00", text);
        Assert.Matches(@"合计\s+3\s+50\.00", text);
    }

    [Fact]
    public async Task ABadMonthOrFormat_IsAProblemNamingIt_AndAnOwnerCannotReadIt()
    {
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        using var owner = await app.OwnerClientAsync();

        var month = await finance.GetAsync("/api/reports/monthly/2026-13/coupons");
        var format = await finance.GetAsync("/api/reports/monthly/2026-12/coupons?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, month.StatusCode);
        Assert.True((await month.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("month", out _));
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.True((await format.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("format", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/reports/monthly/2026-12/coupons")).StatusCode);
    }
}
