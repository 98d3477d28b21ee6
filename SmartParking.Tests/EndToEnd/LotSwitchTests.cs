using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The group admin moves between lots with the menu in the top bar; a lot's guard has no menu to move with.</summary>
public sealed class LotSwitchTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheGroupAdmin_SwitchesToTheShoppingCentre_AndItsLanesAndBoothFollow()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(page, "/admin");
        await page.GotoAsync("/admin/lanes");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=lot-switch]")).ToContainTextAsync("阳光花园小区");
        await Assertions.Expect(page.GetByTestId("lanes").GetByText("in-1", new() { Exact = true })).ToBeVisibleAsync();

        await page.Locator("[data-testid=lot-switch] button").ClickAsync();
        await page.Locator("[data-testid=lot-cuihu]").ClickAsync();

        await BrowserApp.ArrivedAtAsync(page, "/admin/lanes");
        await Assertions.Expect(page.Locator("[data-testid=lot-switch]")).ToContainTextAsync("翠湖商业广场");
        await Assertions.Expect(page.GetByTestId("lanes").GetByText("p1-in", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("in-1", new() { Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/booth");
        await Assertions.Expect(page.Locator("[data-testid=occupancy]")).ToContainTextAsync("/ 500");
    }

    [Fact]
    public async Task TheShoppingCentresGuard_SeesItsName_AndNoLotMenu()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard2", "Guard123!");

        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await Assertions.Expect(page.Locator("[data-testid=lot-name]")).ToHaveTextAsync("翠湖商业广场");
        await Assertions.Expect(page.Locator("[data-testid=lot-switch]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=occupancy]")).ToContainTextAsync("/ 500");
    }

    [Fact]
    public async Task AGuard_WithTheOtherLotForgedIntoTheLotCookie_StillWorksInTheirOwnLot()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await page.Context.AddCookiesAsync([new Cookie { Name = "sp-lot", Value = "cuihu", Url = browser.BaseUrl }]);

        await page.GotoAsync("/booth");

        await Assertions.Expect(page.Locator("[data-testid=lot-name]")).ToHaveTextAsync("阳光花园小区");
        await Assertions.Expect(page.Locator("[data-testid=occupancy]")).ToContainTextAsync("/ 200");
        Assert.DoesNotContain("翠湖", await page.Locator("body").InnerTextAsync());
    }
}
