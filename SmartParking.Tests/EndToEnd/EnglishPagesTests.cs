using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// Every page as its person opens it, in English, at that person's screen size: no Chinese UI text is left. Names,
/// plates and what people typed are data, marked <c>translate="no"</c> (plates are also recognised by their shape).
/// </summary>
public sealed class EnglishPagesTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    // Chinese text still visible once data is taken out; plates (京A12345, 粤B1234学) are data wherever they appear.
    private const string ChineseLeftScript = """
        () => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('[translate=no], [lang=zh-CN], script, style').forEach(e => e.remove());
            const text = (body.innerText || body.textContent).replace(/\p{Script=Han}[A-Z][A-Z0-9]{4,6}\p{Script=Han}?/gu, '');
            return [...new Set(text.match(/[^\s\p{P}]*\p{Script=Han}[^\s]*/gu) || [])].slice(0, 20);
        }
        """;

    public static TheoryData<string, string, int, int, string[]> Visits => new()
    {
        { "-", "-", 375, 800, ["/account/login", "/visit/yangguang", "/pay/yangguang", "/no-such-page"] },
        { "-", "-", 1920, 1080, ["/board/yangguang", "/board"] },
        { "guard", "Guard123!", 1366, 768, ["/booth"] },
        { "owner", "Owner123!", 375, 800, ["/me", "/account/security"] },
        { "admin", "Admin123!", 1920, 1080, ["/admin", "/admin/rules", "/admin/calendar", "/admin/owners", "/admin/vehicles", "/admin/lists", "/admin/lanes",
            "/admin/settings", "/admin/announcements", "/admin/visit-qr", "/admin/reports", "/admin/finance", "/admin/passes", "/admin/coupons", "/admin/users", "/admin/jobs"] },
        { "shop", "Shop123!", 375, 812, ["/merchant"] },
    };

    [Theory]
    [MemberData(nameof(Visits))]
    public async Task EveryPage_InEnglish_ShowsNoChineseUiText(string user, string password, int width, int height, string[] paths)
    {
        var page = await browser.NewPageAsync(width, height);
        var refused = RefusedByThePolicy(page);
        await page.GotoAsync("/culture/set?culture=en&returnUrl=/account/login");
        if (user != "-")
        {
            await browser.LogInAsync(page, user, password);
            await BrowserApp.LeftLoginAsync(page);
        }

        var found = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, $"en-{width}{path.Replace('/', '-')}.png") });
            var left = await page.EvaluateAsync<string[]>(ChineseLeftScript);
            found.AddRange(left.Select(text => $"{path}: {text}"));
        }

        Assert.Empty(found);
        Assert.Empty(refused);
    }

    [Fact]
    public async Task TheApiDocsAndTheJobDashboard_RunUnderTheContentSecurityPolicy()
    {
        var page = await browser.NewPageAsync(1920, 1080);
        var refused = RefusedByThePolicy(page);
        await browser.LogInAsync(page, "admin", "Admin123!");
        await BrowserApp.LeftLoginAsync(page);

        await page.GotoAsync("/api-docs");
        await Assertions.Expect(page.Locator(".opblock").First).ToBeVisibleAsync();
        await page.GotoAsync("/admin/hangfire/recurring");
        await Assertions.Expect(page.Locator("table.table").First).ToBeVisibleAsync();

        Assert.Empty(refused);
    }

    // What Chromium refused to load or run because of the Content-Security-Policy header: a page that needs it broke.
    private static List<string> RefusedByThePolicy(IPage page)
    {
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                refused.Add($"{page.Url}: {message.Text}");
            }
        };
        return refused;
    }
}
