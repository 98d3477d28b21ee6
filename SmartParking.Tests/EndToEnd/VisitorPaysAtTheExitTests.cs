using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Domain.Payments;
using SmartParking.Tests.Support;
using SmartParking.Tests.Web.Payments;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The demo app with the payment sandbox and the real ledger, on Kestrel, with Chromium.</summary>
public sealed class LedgerSandboxBrowser() : BrowserApp(new LedgerSandboxAppFactory());

/// <summary>
/// The whole visitor flow as people meet it: the exit camera reads the car, the barrier holds with the fee, the visitor
/// opens the pay link on the phone and pays on the provider's page, the booth's row turns "paid · WeChat Pay" and the
/// lane's controller hears "open".
/// </summary>
public sealed class VisitorPaysAtTheExitTests(LedgerSandboxBrowser browser) : IClassFixture<LedgerSandboxBrowser>
{
    [Fact]
    public async Task AVisitorsCar_LeavesOnlyAfterPayingOnThePhone_AndTheBoothSeesItPaidLive()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        var booth = await browser.NewPageAsync(1366, 768);
        await browser.LogInAsync(booth, "guard", "Guard123!");
        await booth.GotoAsync("/booth");
        await booth.Locator(".sp-body[data-interactive]").WaitForAsync();

        await camera.PostAsJsonAsync("/api/entry", new { id = "川A5P9Q8", start_time = DateTime.UtcNow.AddMinutes(-130).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var exit = await (await camera.PostAsJsonAsync("/api/exit", new { id = "川A5P9Q8", end_time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), lane = "out-1" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hold", exit.GetProperty("gate").GetString());
        var due = exit.GetProperty("due").GetDecimal();
        var row = booth.Locator("[data-testid=gate-events] tr[data-plate=川A5P9Q8]").Filter(new() { HasText = "出场" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "FeeDue");
        Assert.Equal("none", (await camera.GetFromJsonAsync<JsonElement>("/api/lanes/out-1/barrier")).GetProperty("command").GetString());
        await booth.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-fee-due.png") });

        // The visitor scans the lane display's QR: the pay link the exit answered with.
        var phone = await browser.NewPageAsync(375, 740);
        await phone.GotoAsync(exit.GetProperty("pay_url").GetString()!);
        await Assertions.Expect(phone.GetByTestId("pay-due")).ToHaveTextAsync($"¥{due:0.00}");
        await Assertions.Expect(phone.GetByTestId("pay-breakdown")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the pay page must fit a 375 px phone");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "pay-page-zh.png"), FullPage = true });
        await phone.GetByTestId("pay-wechat").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("sandbox-amount")).ToHaveTextAsync($"¥{due:0.00}");

        await phone.GetByTestId("sandbox-pay-button").ClickAsync();
        var paidAt = Stopwatch.StartNew();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Paid");
        var seen = paidAt.Elapsed;
        await Assertions.Expect(row.GetByTestId("row-state")).ToContainTextAsync("已收费 · 微信支付");
        await booth.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-paid-live.png") });
        Console.WriteLine($"booth row paid {seen.TotalMilliseconds:0} ms after the pay tap");

        Assert.Equal("open", (await camera.GetFromJsonAsync<JsonElement>("/api/lanes/out-1/barrier")).GetProperty("command").GetString());
        await Assertions.Expect(phone.GetByTestId("sandbox-paid")).ToBeVisibleAsync();
        // WeChat Pay's cashier returns the payer to our page (its redirect_url): paid, with the e-receipt to keep.
        await phone.GetByTestId("sandbox-back").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("pay-done")).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "pay-done-zh.png"), FullPage = true });
        var receipt = await camera.GetAsync(await phone.GetByTestId("pay-receipt").GetAttributeAsync("href"));
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (receipt.StatusCode, receipt.Content.Headers.ContentType?.MediaType));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await receipt.Content.ReadAsByteArrayAsync(), 0, 4));
        // The pay link scanned again says paid, not "no stay".
        await phone.GotoAsync(exit.GetProperty("pay_url").GetString()!);
        await Assertions.Expect(phone.GetByTestId("pay-done")).ToBeVisibleAsync();

        var booked = await browser.App.WithDbAsync(db => db.LedgerEntries.Where(e => e.Kind == LedgerEntryKind.StayPayment && e.Channel == PaymentChannel.WeChat && e.Amount == due).CountAsync());
        Assert.Equal(1, booked);
    }

    [Fact]
    public async Task ThePayPage_InEnglish_NamesABadPlate_AndACarWithNothingDue()
    {
        var phone = await browser.NewPageAsync(375, 740);
        await phone.GotoAsync("/culture/set?culture=en&returnUrl=/pay");

        await phone.GotoAsync("/pay/yangguang?plate=NOTAPLATE");
        await Assertions.Expect(phone.GetByTestId("pay-plate-error")).ToBeVisibleAsync();

        await phone.GotoAsync("/pay/yangguang?plate=" + Uri.EscapeDataString("川A0000Z"));
        await Assertions.Expect(phone.GetByTestId("pay-plate-error")).ToContainTextAsync("No stay found");
        Assert.Equal((int)HttpStatusCode.NotFound, (await phone.GotoAsync("/pay/no-such-lot"))!.Status);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "pay-page-en.png"), FullPage = true });
    }
}
