using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartParking.Domain.Billing;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class OwnerPortalTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Owner_OnAPhone_SeesTheBalanceDropAfterAnExit_AndRegistersANewCarAsPending()
    {
        await browser.App.WithDbAsync(async db =>
        {
            db.FeeRules.Add(FeeRule.Create(VehicleType.Small, CustomerClass.Owner, 0, 60, 2m, 20m, false, version: 2, createdUtc: DateTime.UtcNow).For(browser.App.Community.Id));
            return await db.SaveChangesAsync();
        });
        // The rule was written behind the rule book's back: let it read the rules again.
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SmartParking.Infrastructure.Billing.FeeRuleBook>(browser.App.Services).Invalidate();
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        var page = await browser.NewPageAsync(375, 800);
        await browser.LogInAsync(page, "owner", "Owner123!");
        await BrowserApp.ArrivedAtAsync(page, "/me");
        await Assertions.Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("¥100.00");

        await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345", start_time = DateTime.UtcNow.AddMinutes(-150).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        await camera.PostAsJsonAsync("/api/exit", new { id = "京A12345", start_time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") });
        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("¥94.00");
        await Assertions.Expect(page.Locator("[data-testid=history]")).ToContainTextAsync("¥6.00");
        // The ledger tells the same story: the opening balance, then the charge, with the balance after each.
        await Assertions.Expect(page.Locator("[data-testid=ledger-lines] tr[data-kind=Charge]")).ToContainTextAsync("-6.00");
        await Assertions.Expect(page.Locator("[data-testid=ledger-lines] tr[data-kind=Charge]")).ToContainTextAsync("94.00");
        await Assertions.Expect(page.Locator("[data-testid=ledger-lines] tr[data-kind=CarryOver]")).ToContainTextAsync("100.00");

        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await page.Locator("[data-testid=new-plate]").FillAsync("粤B D12345");
        await page.Locator("[data-testid=register-vehicle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=vehicles]")).ToContainTextAsync("粤BD12345");
        await Assertions.Expect(page.Locator("[data-testid=vehicles]")).ToContainTextAsync("待审核");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the portal must fit a 375 px phone");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "owner-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task Owner_TurnsOffLotFullNotices_AndTheEntryNoticeReadsAsASentence()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        // In and out again at once, so the other test in this class finds the car outside.
        await camera.PostAsJsonAsync("/api/entry", new { id = "京A12345", start_time = DateTime.UtcNow.AddMinutes(-300).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        await camera.PostAsJsonAsync("/api/exit", new { id = "京A12345", start_time = DateTime.UtcNow.AddMinutes(-299).ToString("yyyy-MM-ddTHH:mm:ssZ") });
        var page = await browser.NewPageAsync(375, 800);
        await browser.LogInAsync(page, "owner", "Owner123!");
        await BrowserApp.ArrivedAtAsync(page, "/me");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        await Assertions.Expect(page.Locator("[data-testid=inbox] li[data-template=Entry]").First).ToContainTextAsync("京A12345 于");
        await page.Locator("[data-testid=wants-LotFull]").UncheckAsync();
        await page.Locator("[data-testid=save-notice-choices]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=notice-choices-saved]")).ToBeVisibleAsync();
        var muted = await browser.App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Owners.Where(o => o.UserName == "owner").Select(o => o.MutedNotices)));
        Assert.Equal("LotFull", muted);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=wants-LotFull]")).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("[data-testid=wants-Overstay]")).ToBeCheckedAsync();
    }
}
