using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The first day of a real installation: Production, only the bootstrap admin, an admin at 1920×1080.</summary>
public sealed class SetupWizardTests(SetupWizardTests.Browser browser) : IClassFixture<SetupWizardTests.Browser>
{
    public sealed class Browser() : BrowserApp(FreshInstall.Settings(), FreshInstall.Environment);

    [Fact]
    public async Task TheBootstrapAdmin_IsLedThroughTheSteps_AndEachStepKeepsWhatWasSaved()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(page, "chief", "Chief-Secret-2026");

        await BrowserApp.ArrivedAtAsync(page, "/admin/setup");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=step-lot]")).ToHaveAttributeAsync("data-done", "false");
        await page.Locator("input[data-testid=lot-name-field], [data-testid=lot-name-field] input").FillAsync("东湖小区停车场");
        await page.Locator("input[data-testid=lot-address], [data-testid=lot-address] input").FillAsync("东湖路 8 号");
        await page.Locator("[data-testid=details-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=lot-name]")).ToHaveTextAsync("东湖小区停车场");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("东湖小区停车场");
        await Assertions.Expect(page.Locator("[data-testid=step-lot]")).ToHaveAttributeAsync("data-done", "true");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        await Assertions.Expect(page.Locator("[data-testid=missing-rules]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=new-small-visitor]").ClickAsync();
        await page.Locator("[data-testid=publish]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=current-rules]")).ToContainTextAsync("小车");
        await Assertions.Expect(page.Locator("[data-testid=step-rules]")).ToHaveAttributeAsync("data-done", "true");

        await page.Locator("[data-testid=step-guard]").ClickAsync();
        await page.Locator("#new-user-name").FillAsync("door1");
        await page.Locator("#new-display-name").FillAsync("东门门岗");
        await page.Locator("#new-password").FillAsync("Door-Guard-2026");
        await page.Locator("[data-testid=create]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=step-guard]")).ToHaveAttributeAsync("data-done", "true");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "setup-wizard-guard.png") });

        // Closing the browser half-way: a new visit resumes at the first step not done, the lanes.
        var again = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(again, "chief", "Chief-Secret-2026");
        await BrowserApp.ArrivedAtAsync(again, "/admin/setup");
        await Assertions.Expect(again.Locator("[data-testid=setup-lanes]")).ToBeVisibleAsync();
        await Assertions.Expect(again.Locator("h1")).ToContainTextAsync("东湖小区停车场");
        await Assertions.Expect(again.Locator("[data-testid=step-rules]")).ToHaveAttributeAsync("data-done", "true");
    }
}
