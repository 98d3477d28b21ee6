using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SmartParking.Tests.Support;

/// <summary>The app on a real Kestrel port and Debian's Chromium driven by Playwright; one per test class.</summary>
public class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserApp()
        : this((IDictionary<string, string?>?)null)
    {
    }

    // xunit wants one public constructor on a fixture; a test class that needs other settings subclasses.
    protected BrowserApp(IDictionary<string, string?>? settings, string environment = "Development") => App = new ParkingAppFactory(settings, environment);

    /// <summary>For a test class whose app replaces services (a subclass of <see cref="ParkingAppFactory"/>).</summary>
    protected BrowserApp(ParkingAppFactory app) => App = app;

    public ParkingAppFactory App { get; }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public virtual async Task InitializeAsync()
    {
        // Two cores shared by the app, Chromium and the other test classes: give a circuit time to answer.
        Assertions.SetDefaultExpectTimeout(20_000);
        BaseUrl = App.StartOnKestrel();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = BaseUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return page;
    }

    /// <summary>
    /// Waits until the page's address is <paramref name="path"/> (with any query), by the address alone: Playwright's
    /// WaitForURL also waits for the page's load event, which a Blazor page reached through a redirect may never
    /// report to it, and every following step waits for what it needs anyway.
    /// </summary>
    public static Task ArrivedAtAsync(IPage page, string path, bool exact = true) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex(System.Text.RegularExpressions.Regex.Escape(path) + (exact ? @"([?#].*)?$" : "")));

    public static Task LeftLoginAsync(IPage page) => Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));

    public async Task LogInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}
