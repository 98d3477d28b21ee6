using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// The office at 1920×1080: after the shop's hour took ¥10 off a visitor's exit, /admin/finance shows this month's
/// coupons per issuer (one of 阳光便利店's, ¥10.00) apart from income, in Chinese and in English, with the CSV.
/// </summary>
public sealed class FinanceCouponTotalsTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheFinancePage_ShowsThisMonthsCouponsPerIssuer_ApartFromIncome()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        await camera.PostAsJsonAsync("/api/entry", new { id = "京D60080", start_time = DateTime.UtcNow.AddHours(-3).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        using var shop = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var token = await (await shop.PostAsJsonAsync("/api/auth/token", new { username = "shop", password = "Shop123!" })).Content.ReadFromJsonAsync<JsonElement>();
        shop.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var kinds = await shop.GetFromJsonAsync<JsonElement>("/api/merchant/coupon-kinds");
        var given = await shop.PostAsJsonAsync("/api/merchant/coupons", new { plate = "京D60080", kind_id = kinds[0].GetProperty("id").GetGuid() });
        Assert.True(given.IsSuccessStatusCode, await given.Content.ReadAsStringAsync());
        var exit = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京D60080" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20m, exit.GetProperty("cost").GetDecimal());

        var office = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(office, "finance", "Finance123!");
        await office.GotoAsync("/admin/finance");
        await office.Locator(".sp-body[data-interactive]").WaitForAsync();
        var card = office.GetByTestId("coupon-totals");
        var row = card.Locator("tr[data-issuer=阳光便利店]");
        await Assertions.Expect(row.GetByTestId("coupon-count")).ToHaveTextAsync("1");
        await Assertions.Expect(row.GetByTestId("coupon-amount")).ToHaveTextAsync("¥10.00");
        await Assertions.Expect(card.GetByTestId("coupon-total")).ToHaveTextAsync("¥10.00");
        await Assertions.Expect(card).ToContainTextAsync("不计入收入");
        await office.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "finance-coupons-1920.png"), FullPage = true });
        var download = await office.RunAndWaitForDownloadAsync(() => card.GetByTestId("coupons-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("阳光便利店,1,10.00", csv);

        await office.GotoAsync("/culture/set?culture=en&returnUrl=/admin/finance");
        await office.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(office.GetByTestId("coupon-totals")).ToContainTextAsync("not income");
        await Assertions.Expect(office.GetByTestId("coupon-totals").Locator("tr[data-issuer=阳光便利店]").GetByTestId("coupon-amount")).ToHaveTextAsync("¥10.00");
        await office.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "finance-coupons-en-1920.png"), FullPage = true });
    }
}
