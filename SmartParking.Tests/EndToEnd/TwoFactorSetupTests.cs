using Microsoft.Playwright;
using OtpNet;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// Production's first sign-in of the admin, at 1920×1080 in Chromium: held at the authenticator setup, turns it on
/// with the code the phone shows, is let into the setup; the next sign-in asks for the code. The phone is Otp.NET.
/// </summary>
public sealed class TwoFactorSetupTests(TwoFactorSetupTests.Browser browser) : IClassFixture<TwoFactorSetupTests.Browser>
{
    public sealed class Browser() : BrowserApp(ProductionSettings(), FreshInstall.Environment);

    private static Dictionary<string, string?> ProductionSettings()
    {
        var settings = FreshInstall.Settings();
        settings["Auth:RequireTwoFactor"] = "true";
        return settings;
    }

    [Fact]
    public async Task TheAdmin_TurnsOnTheAuthenticator_ThenSignsInWithItsCode_WithTheKeyboard()
    {
        // Before it is on: the page in English on a phone reads whole and fits the width.
        var phoneScreen = await browser.NewPageAsync(375, 800);
        await phoneScreen.GotoAsync("/culture/set?culture=en&returnUrl=/account/login");
        await browser.LogInAsync(phoneScreen, FreshInstall.AdminUserName, FreshInstall.AdminPassword);
        await BrowserApp.ArrivedAtAsync(phoneScreen, "/account/security?required=true");
        await Assertions.Expect(phoneScreen.Locator("[data-testid=two-factor-required]")).ToContainTextAsync("two-factor");
        await phoneScreen.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "en-375-account-security.png"), FullPage = true });
        Assert.False(await phoneScreen.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));

        var page = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(page, FreshInstall.AdminUserName, FreshInstall.AdminPassword);

        await BrowserApp.ArrivedAtAsync(page, "/account/security?required=true");
        await Assertions.Expect(page.Locator("[data-testid=two-factor-required]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=authenticator-qr] svg")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "two-factor-setup-1920.png"), FullPage = true });
        var key = (await page.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var phone = new Totp(Base32Encoding.ToBytes(key));

        await page.Locator("#code").FocusAsync();
        await page.Keyboard.TypeAsync(phone.ComputeTotp());
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("[data-testid=recovery-codes] li")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=two-factor-on]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "two-factor-on-1920.png"), FullPage = true });
        await page.GotoAsync("/admin");
        await BrowserApp.ArrivedAtAsync(page, "/admin/setup");

        var nextDay = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(nextDay, FreshInstall.AdminUserName, FreshInstall.AdminPassword);
        await BrowserApp.ArrivedAtAsync(nextDay, "/account/login/two-factor", exact: false);
        await nextDay.Locator("#code").FillAsync("000000");
        await nextDay.Locator("[data-testid=code-submit]").ClickAsync();
        await Assertions.Expect(nextDay.Locator("[data-testid=login-error]")).ToContainTextAsync("动态码不正确");
        await nextDay.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "two-factor-login-1920.png") });
        await nextDay.Locator("#code").FillAsync(phone.ComputeTotp());
        await nextDay.Locator("[data-testid=code-submit]").ClickAsync();
        await BrowserApp.ArrivedAtAsync(nextDay, "/admin/setup");
    }
}
