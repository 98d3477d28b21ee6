using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// The demo shop 阳光便利店 on its phone (375 px): its one-use QR is taken by the guard for a visitor, the screen shows a
/// new one, a photo of the old one is refused, the visitor's exit is ¥10 less, and the use is on the shop's page and
/// in its monthly statement. The admin's coupons page and the shop's page are looked at on a 1366 px screen too.
/// </summary>
public sealed class ShopCouponTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheShops60MinuteQr_TakesTenYuanOff_RotatesAfterUse_AndShowsInTheStatement()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        var entry = DateTime.UtcNow.AddHours(-3);
        var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京D60060", start_time = entry.ToString("yyyy-MM-ddTHH:mm:ssZ") })).Content.ReadFromJsonAsync<JsonElement>();
        var other = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京D60061", start_time = entry.ToString("yyyy-MM-ddTHH:mm:ssZ") })).Content.ReadFromJsonAsync<JsonElement>();

        var shop = await browser.NewPageAsync(375, 812);
        await browser.LogInAsync(shop, "shop", "Shop123!");
        await BrowserApp.ArrivedAtAsync(shop, "/merchant");
        await shop.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(shop.Locator("[data-testid=issuer]")).ToHaveTextAsync("阳光便利店");
        var code = shop.Locator("[data-testid=qr-code]");
        await Assertions.Expect(code).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[2-9A-Z]{10}$"));
        var shown = await code.InnerTextAsync();
        await shop.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupons-shop-375.png"), FullPage = true });

        // The visitor shows the QR at the booth window; the guard's scanner types its code.
        var booth = await browser.NewPageAsync(1366, 768);
        await browser.LogInAsync(booth, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(booth, "/booth");
        await booth.Locator(".sp-body[data-interactive]").WaitForAsync();
        await GiveAtTheBoothAsync(booth, "京D60060", shown);
        await Assertions.Expect(booth.Locator(".mud-snackbar")).ToContainTextAsync("阳光便利店 · 停车 60 分钟");
        await Assertions.Expect(booth.Locator(".mud-snackbar")).ToContainTextAsync("¥20.00");
        await Assertions.Expect(code).Not.ToHaveTextAsync(shown, new() { Timeout = 15_000 });

        // A photo of the used QR at the next car: refused with the reason, nothing given.
        await GiveAtTheBoothAsync(booth, "京D60061", shown);
        await Assertions.Expect(booth.Locator("[data-testid=action-error]")).ToContainTextAsync("已使用过");
        await booth.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupons-booth-reused-1366.png") });
        using var guard = await GuardAsync();
        var photo = await guard.PostAsJsonAsync($"/api/stays/{other.GetProperty("session_id").GetGuid()}/coupons", new { code = shown });
        Assert.Equal(HttpStatusCode.Conflict, photo.StatusCode);
        Assert.Equal("Coupon.CodeUsed", (await photo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var exit = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京D60060" })).Content.ReadFromJsonAsync<JsonElement>();
        // Three hours and a few seconds under the demo visitor rule are ¥30; an hour less is ¥20.
        Assert.Equal(20m, exit.GetProperty("cost").GetDecimal());
        Assert.Contains("优惠券 阳光便利店 · 停车 60 分钟：减 ¥10.00", exit.GetProperty("breakdown").EnumerateArray().Select(l => l.GetString()));

        await shop.ReloadAsync();
        await shop.Locator(".sp-body[data-interactive]").WaitForAsync();
        var use = shop.Locator("[data-testid=uses] tr[data-plate=京D60060]");
        await Assertions.Expect(use.Locator("[data-testid=use-discount]")).ToHaveTextAsync("¥10.00");
        await Assertions.Expect(shop.Locator("[data-testid=month-total]")).ToContainTextAsync("¥10.00");
        var download = await shop.RunAndWaitForDownloadAsync(() => shop.Locator("[data-testid=statement-csv]").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("京D60060", csv);
        Assert.Contains("10.00", csv);
        // The PDF is printed by a headless Chromium of its own: on a loaded 2-core machine that alone took over 20 s.
        var printed = await shop.RunAndWaitForDownloadAsync(() => shop.Locator("[data-testid=statement-pdf]").ClickAsync(), new() { Timeout = 90_000 });
        var pdf = await PdfText.ExtractAsync(await File.ReadAllBytesAsync(await printed.PathAsync()));
        Assert.Contains("商户优惠月结单", pdf);
        Assert.Contains("阳光便利店", pdf);
        Assert.Contains("京D60060", pdf);
        Assert.Contains("¥10.00", pdf);
        await shop.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupons-shop-used-375.png"), FullPage = true });

        var wide = await browser.NewPageAsync(1366, 900);
        await browser.LogInAsync(wide, "shop", "Shop123!");
        await BrowserApp.ArrivedAtAsync(wide, "/merchant");
        await wide.Locator(".sp-body[data-interactive]").WaitForAsync();
        await wide.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupons-shop-1366.png"), FullPage = true });
    }

    [Fact]
    public async Task AVisitor_ScansTheShopsQrWithTheirPhone_SeesThirtyBecomeTwenty_AndPaysTwenty()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        var entry = DateTime.UtcNow.AddHours(-3);
        await camera.PostAsJsonAsync("/api/entry", new { id = "京D60070", start_time = entry.ToString("yyyy-MM-ddTHH:mm:ssZ") });

        var shop = await browser.NewPageAsync(375, 812);
        await browser.LogInAsync(shop, "shop", "Shop123!");
        await BrowserApp.ArrivedAtAsync(shop, "/merchant");
        await shop.Locator(".sp-body[data-interactive]").WaitForAsync();
        var code = await shop.Locator("[data-testid=qr-code]").InnerTextAsync();
        var link = shop.Locator("[data-testid=qr-link]");
        await Assertions.Expect(link).ToHaveTextAsync($"{browser.BaseUrl}/coupon/{code}");
        await shop.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupon-shop-qr-375.png"), FullPage = true });

        // The visitor looked at the fee on /pay first, so the phone knows the plate.
        var phone = await browser.NewPageAsync(375, 812);
        await phone.GotoAsync("/pay/yangguang?plate=" + Uri.EscapeDataString("京D60070"));
        await Assertions.Expect(phone.GetByTestId("pay-due")).ToHaveTextAsync("¥30.00");
        await phone.GotoAsync(await link.InnerTextAsync());
        await Assertions.Expect(phone.GetByTestId("coupon-offer")).ToContainTextAsync("阳光便利店 · 停车 60 分钟");
        await Assertions.Expect(phone.GetByTestId("coupon-plate-input")).ToHaveValueAsync("京D60070");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupon-visitor-375.png"), FullPage = true });
        await phone.GetByTestId("coupon-submit").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("coupon-fee")).ToContainTextAsync("¥30.00");
        await Assertions.Expect(phone.GetByTestId("coupon-fee")).ToContainTextAsync("¥20.00");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupon-visitor-taken-375.png"), FullPage = true });
        await phone.GetByTestId("coupon-pay").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("pay-due")).ToHaveTextAsync("¥20.00");
        await Assertions.Expect(phone.GetByTestId("pay-breakdown")).ToContainTextAsync("阳光便利店 · 停车 60 分钟");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupon-visitor-pay-375.png"), FullPage = true });

        // The shop's screen shows a new QR; a friend who photographed the old one, reading in English, is told why not.
        await Assertions.Expect(shop.Locator("[data-testid=qr-code]")).Not.ToHaveTextAsync(code, new() { Timeout = 15_000 });
        var friend = await browser.NewPageAsync(375, 812);
        await friend.GotoAsync($"/culture/set?culture=en&returnUrl=/coupon/{code}");
        await Assertions.Expect(friend.GetByTestId("coupon-error")).ToContainTextAsync("already been used");
        Assert.Empty(await friend.GetByTestId("coupon-submit").AllAsync());
        await friend.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupon-visitor-used-en-375.png"), FullPage = true });
    }

    [Fact]
    public async Task AnAdmin_AddsAShopAndItsCoupon_OnTheCouponsPage()
    {
        var page = await browser.NewPageAsync(1366, 900);
        await browser.LogInAsync(page, "admin", "Admin123!");
        await page.GotoAsync("/admin/coupons");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=issuers] tr[data-issuer=阳光便利店]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=issuer-name]").FillAsync("阳光面包房");
        await page.Locator("[data-testid=add-issuer]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=issuers] tr[data-issuer=阳光面包房]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=kind-name]").FillAsync("面包房两小时");
        await page.Locator("[data-testid=kind-value]").FillAsync("120");
        await page.Locator("[data-testid=add-kind]").ClickAsync();

        var kind = page.Locator("[data-testid=kinds] tr[data-kind=面包房两小时]");
        await Assertions.Expect(kind).ToContainTextAsync("阳光面包房");
        await Assertions.Expect(kind).ToContainTextAsync("减 120 分钟");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupons-admin-1366.png"), FullPage = true });
        var phone = await browser.NewPageAsync(375, 812);
        await browser.LogInAsync(phone, "admin", "Admin123!");
        await phone.GotoAsync("/admin/coupons");
        await phone.Locator(".sp-body[data-interactive]").WaitForAsync();
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "coupons-admin-375.png"), FullPage = true });
    }

    private static async Task GiveAtTheBoothAsync(IPage booth, string plate, string code)
    {
        await booth.Locator("[data-testid=plate-input]").FillAsync(plate);
        await booth.Locator("[data-testid=plate-lookup]").ClickAsync();
        await Assertions.Expect(booth.Locator("[data-testid=lookup-result]")).ToContainTextAsync(plate);
        await booth.Locator("[data-testid=coupon-code]").FillAsync(code);
        await booth.Locator("[data-testid=give-coupon]").ClickAsync();
    }

    private async Task<HttpClient> GuardAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "Guard123!" })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }
}
