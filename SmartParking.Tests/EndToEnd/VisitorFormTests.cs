using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Domain.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class VisitorFormTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Visitor_OnAPhone_FixesABadIdNumber_Registers_AndTheHeldCarIsLetIn()
    {
        using var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU515151" });
        var page = await browser.NewPageAsync(375, 740);

        await page.GotoAsync("/visit/yangguang?plate=NU515151");
        // Every field shows where to type: a borderless input on a white card is invisible on a phone.
        foreach (var field in new[] { "#name", "#idNumber", "#mobile", "#plate" })
        {
            Assert.NotEqual("0px", await page.EvalOnSelectorAsync<string>(field, "e => getComputedStyle(e).borderTopWidth"));
        }

        await page.FillAsync("#name", "赵六");
        await page.FillAsync("#idNumber", "110105198001011239");
        await page.FillAsync("#mobile", "13700137000");
        await page.ClickAsync("[data-testid=visit-submit]");

        await Assertions.Expect(page.Locator(".sp-error")).ToContainTextAsync("校验");
        Assert.Equal("NU515151", await page.InputValueAsync("#plate"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the form must fit a 375 px phone");

        await page.FillAsync("#idNumber", "110105198001011238");
        await page.ClickAsync("[data-testid=visit-submit]");

        await Assertions.Expect(page.Locator("[data-testid=visit-done]")).ToContainTextAsync("NU515151");
        await Assertions.Expect(page.Locator("[data-testid=visit-done]")).ToContainTextAsync("道闸已放行");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "visit-phone.png"), FullPage = true });
        Assert.Equal(SessionState.Inside, await browser.App.WithDbAsync(db => db.ParkingSessions.Select(s => s.State).SingleAsync()));

        // The confirmation came by redirect: reloading it shows it again and registers nobody a second time.
        Assert.Contains("registered=", page.Url);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=visit-done]")).ToContainTextAsync("NU515151");
        Assert.Equal(1, await browser.App.WithDbAsync(db => db.Visitors.CountAsync()));
    }
}
