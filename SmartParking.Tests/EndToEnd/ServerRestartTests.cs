using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>The app stops and starts again on the same port and data folder while a guard's booth is open.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task AfterARestart_TheOpenBooth_ComesBackByItself_AndWorks()
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Storage:DataPath"] = data.Path };
        var first = new ParkingAppFactory(settings);
        first.UseKestrel(0);
        first.StartServer();
        var baseUrl = first.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserApp.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await (await browser.NewContextAsync(new() { BaseURL = baseUrl })).NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "guard");
        await page.FillAsync("#password", "Guard123!");
        await page.ClickAsync("[data-testid=login-submit]");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();

        var reloaded = new TaskCompletionSource();
        page.Load += (_, _) => reloaded.TrySetResult();
        await first.DisposeAsync();
        var dialog = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(dialog).ToHaveCSSAsync("display", "block", new() { Timeout = 20_000 });

        // Same port, same data folder (database and data-protection keys): the login cookie is still good, the
        // circuit is not — the script finds the server again and reloads the booth.
        await using var second = new ParkingAppFactory(settings);
        second.UseKestrel(new Uri(baseUrl).Port);
        second.StartServer();

        // The new server does not know the old circuit and cannot resume it: the script reloads the page itself.
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await page.Locator("[data-testid=plate-input]").FillAsync("京A12345");
        await page.Locator("[data-testid=plate-input]").PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=lookup-result]")).ToContainTextAsync("京A12345", new() { Timeout = 20_000 });
    }
}
