using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Passes;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Passes;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Passes;

/// <summary>An owner buys and renews a monthly pass through the payments, and hears before it ends.</summary>
public sealed class PassOnlineTests(PassOnlineTests.App app) : IClassFixture<PassOnlineTests.App>
{
    // 2026-12-10 10:00 in the lot (Asia/Shanghai).
    private static readonly DateTimeOffset Tenth = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);

    public sealed class App() : MoneyApp(null, new FakeClock(Tenth))
    {
        public FakeClock FakeClock => (FakeClock)Clock!;
    }

    private PaymentDesk Desk => app.Services.GetRequiredService<PaymentDesk>();

    [Fact]
    public async Task AnOwner_BuysAPass_ItStartsWhenPaid_IsInTheLedgerOnce_AndTheOwnerIsTold()
    {
        app.FakeClock.Set(Tenth);
        await OwnCarAsync("京A20001");
        using var owner = await app.OwnerClientAsync();

        var offers = await owner.GetFromJsonAsync<JsonElement>("/api/pass-products");
        var offer = offers.EnumerateArray().Single(o => o.GetProperty("plate").GetString() == "京A20001");
        var response = await owner.PostAsJsonAsync("/api/me/passes", new { product_id = offer.GetProperty("product_id").GetGuid(), plate = "京A20001", channel = "alipay" });

        Assert.Equal("2026-12-10T10:00:00", offer.GetProperty("starts").GetString());
        Assert.Equal("2027-01-10T10:00:00", offer.GetProperty("ends").GetString());
        Assert.True(offer.GetProperty("window_open").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        var outTradeNo = order.GetProperty("out_trade_no").GetString()!;
        Assert.Equal(300m, app.Alipay.Orders[outTradeNo].Amount);
        Assert.DoesNotContain((await MinePassesAsync(owner)), p => p.Plates.Contains("京A20001"));

        app.FakeClock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(NoticeBooking.Booked, await Desk.BookPaidAsync(outTradeNo, "T" + outTradeNo, app.FakeClock.GetUtcNow().UtcDateTime));
        Assert.Equal(NoticeBooking.AlreadyBooked, await Desk.BookPaidAsync(outTradeNo, "T" + outTradeNo, app.FakeClock.GetUtcNow().UtcDateTime));

        var mine = (await MinePassesAsync(owner)).Single(p => p.Plates.Contains("京A20001"));
        Assert.Equal(("2026-12-10T10:05:00", "2027-01-10T10:05:00", true), (mine.Starts, mine.Ends, mine.ValidNow));
        var paymentId = order.GetProperty("id").GetGuid();
        var ledger = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.PaymentId == paymentId).ToListAsync());
        Assert.Equal((LedgerEntryKind.PassSale, PaymentChannel.Alipay, 300m), (Assert.Single(ledger).Kind, ledger[0].Channel, ledger[0].Amount));
        var bought = await app.WithDbAsync(db => db.Notices.Where(n => n.Template == "PassBought").Select(n => n.Parameters).ToListAsync());
        Assert.Contains(bought, p => JsonDocument.Parse(p).RootElement.GetProperty("plate").GetString() == "京A20001");
    }

    [Fact]
    public async Task ARenewal_StartsAtTheCurrentEnd_AndGoesOnSaleOnlyFromTheWindowDay()
    {
        app.FakeClock.Set(Tenth);
        await OwnCarAsync("京A20003");
        await SellAtOfficeAsync("京A20003", "2026-12-01", "2026-12-31");
        using var owner = await app.OwnerClientAsync();
        var productId = await DemoProductAsync();
        var before = await CountsAsync();

        var early = await owner.PostAsJsonAsync("/api/me/passes", new { product_id = productId, plate = "京A20003", channel = "wechat" });

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("product_id", out _), problem.ToString());
        Assert.Equal(before, await CountsAsync());

        app.FakeClock.Set(new DateTimeOffset(2026, 12, 20, 2, 0, 0, TimeSpan.Zero));
        // Ten days on, the first sign-in's token has long expired.
        using var later = await app.OwnerClientAsync();
        var offer = (await later.GetFromJsonAsync<JsonElement>("/api/pass-products")).EnumerateArray().Single(o => o.GetProperty("plate").GetString() == "京A20003");
        var renewal = await later.PostAsJsonAsync("/api/me/passes", new { product_id = productId, plate = "京A20003", channel = "wechat" });
        var outTradeNo = (await renewal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("out_trade_no").GetString()!;
        await Desk.BookPaidAsync(outTradeNo, "T" + outTradeNo, app.FakeClock.GetUtcNow().UtcDateTime);

        Assert.True(offer.GetProperty("renewal").GetBoolean());
        Assert.Equal("2027-01-01T00:00:00", offer.GetProperty("starts").GetString());
        Assert.Equal(HttpStatusCode.Created, renewal.StatusCode);
        var passes = (await MinePassesAsync(later)).Where(p => p.Plates.Contains("京A20003")).OrderBy(p => p.Starts).ToList();
        Assert.Equal([("2026-12-01T00:00:00", "2027-01-01T00:00:00"), ("2027-01-01T00:00:00", "2027-02-01T00:00:00")], passes.Select(p => (p.Starts, p.Ends)));
    }

    [Theory]
    [InlineData("""{"product_id": "8d1f3a52-0000-4000-8000-000000000000", "plate": "京A12345", "channel": "wechat"}""", "product_id", HttpStatusCode.NotFound)]
    [InlineData("""{"plate": "京B99999", "channel": "wechat"}""", "plate", HttpStatusCode.Forbidden)]
    [InlineData("""{"plate": "NOTAPLATE", "channel": "wechat"}""", "plate", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "京A12345", "channel": "paypal"}""", "channel", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "京A12345", "channel": "wechat", "device": "watch"}""", "device", HttpStatusCode.BadRequest)]
    [InlineData("""{"channel": "wechat"}""", "plate", HttpStatusCode.BadRequest)]
    public async Task ABadPurchase_IsAProblemNamingTheField_AndNothingIsWritten(string json, string field, HttpStatusCode status)
    {
        app.FakeClock.Set(Tenth);
        using var owner = await app.OwnerClientAsync();
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        body.TryAdd("product_id", JsonSerializer.SerializeToElement(await DemoProductAsync()));
        var before = await CountsAsync();

        var response = await owner.PostAsJsonAsync("/api/me/passes", body);

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AProductNotSoldOnline_CannotBeBought()
    {
        app.FakeClock.Set(Tenth);
        var productId = await app.WithDbAsync(async db =>
        {
            var product = PassProduct.Create(app.Community.Id, "物业处专售卡", [VehicleType.Small], PassPeriod.Year, 3000m, 1, false, null, null, true, DateTime.UtcNow);
            db.PassProducts.Add(product);
            await db.SaveChangesAsync();
            return product.Id;
        });
        using var owner = await app.OwnerClientAsync();
        var before = await CountsAsync();

        var response = await owner.PostAsJsonAsync("/api/me/passes", new { product_id = productId, plate = "京A12345", channel = "wechat" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
        Assert.DoesNotContain((await owner.GetFromJsonAsync<JsonElement>("/api/pass-products")).EnumerateArray(), o => o.GetProperty("product_id").GetGuid() == productId);
    }

    [Fact]
    public async Task TheOwnerHears7DaysAnd1DayBeforeThePassEnds_OnceEach_AndNotWhenRenewed()
    {
        app.FakeClock.Set(Tenth);
        await OwnCarAsync("京A20005");
        await OwnCarAsync("京A20006");
        await SellAtOfficeAsync("京A20005", "2026-12-01", "2026-12-15");
        await SellAtOfficeAsync("京A20006", "2026-12-01", "2026-12-15");
        await SellAtOfficeAsync("京A20006", "2026-12-16", "2027-01-15");
        var reminders = app.Services.GetRequiredService<PassReminders>();

        await reminders.RunAsync(CancellationToken.None);
        await reminders.RunAsync(CancellationToken.None);
        app.FakeClock.Set(new DateTimeOffset(2026, 12, 15, 1, 0, 0, TimeSpan.Zero));
        await reminders.RunAsync(CancellationToken.None);

        var told = (await app.WithDbAsync(db => db.Notices.Where(n => n.Template == "PassExpiring").Select(n => n.Parameters).ToListAsync()))
            .Select(p => JsonDocument.Parse(p).RootElement).ToList();
        var forFive = told.Where(p => p.GetProperty("plate").GetString() == "京A20005").Select(p => p.GetProperty("days").GetInt32()).Order().ToList();
        Assert.Equal([1, 7], forFive);
        Assert.DoesNotContain(told, p => p.GetProperty("plate").GetString() == "京A20006");
    }

    private async Task OwnCarAsync(string plate) =>
        await app.WithDbAsync(async db =>
        {
            var owner = await db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.UserName == "owner");
            if (owner.Vehicles.All(v => v.Plate.Value != plate))
            {
                owner.AddVehicle(PlateNumber.Parse(plate), VehicleType.Small, DateTime.UtcNow, approved: true);
                await db.SaveChangesAsync();
            }

            return 0;
        });

    private async Task SellAtOfficeAsync(string plate, string from, string to) =>
        await app.Services.GetRequiredService<PassDesk>().SellAtOfficeAsync(
            app.Community.Id, await DemoProductAsync(), [PlateNumber.Parse(plate)], DateOnly.Parse(from), DateOnly.Parse(to), null, "finance");

    private Task<Guid> DemoProductAsync() =>
        app.WithDbAsync(db => db.PassProducts.Where(p => p.LotId == app.Community.Id && p.Name == DatabaseStartup.DemoPassProduct).Select(p => p.Id).SingleAsync());

    private Task<(int Passes, int Payments, int Ledger)> CountsAsync() =>
        app.WithDbAsync(async db => (await db.MonthlyPasses.CountAsync(), await db.Payments.CountAsync(), await db.LedgerEntries.CountAsync()));

    private static async Task<List<(string[] Plates, string Starts, string Ends, bool ValidNow)>> MinePassesAsync(HttpClient owner) =>
        [.. (await owner.GetFromJsonAsync<JsonElement>("/api/me/passes")).EnumerateArray().Select(p => (
            p.GetProperty("plates").EnumerateArray().Select(x => x.GetString()!).ToArray(),
            p.GetProperty("starts").GetString()!,
            p.GetProperty("ends").GetString()!,
            p.GetProperty("valid_now").GetBoolean()))];
}
