using System.Net;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Common;

/// <summary>What the browser is told on every response, over real sockets, and which proxy the app believes.</summary>
public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/app.css")]
    [InlineData("/api/sessions")]
    [InlineData("/no-such-page")]
    public async Task EveryResponse_CarriesTheBrowserProtections_AndNoServerName(string path)
    {
        using var app = new ParkingAppFactory();
        using var browser = new FormBrowser(app.StartOnKestrel());

        var response = await browser.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.False(response.Headers.Contains("Server"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // Development: no HSTS on a developer's machine
    }

    [Fact]
    public async Task InProduction_BehindTheTlsProxy_HstsIsSent_AndTheSignInCookieIsSecure()
    {
        using var app = new ParkingAppFactory(FreshInstall.Settings(), FreshInstall.Environment);
        using var browser = new FormBrowser(app.StartOnKestrel());
        browser.AddHeader("X-Forwarded-Proto", "https");
        browser.AddHeader("Host", "parking.example.com"); // HSTS is never sent to localhost

        var page = await browser.GetAsync("/account/login");
        var login = await browser.LogInAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);

        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var signIn = Assert.Single(browser.LastSetCookies, c => c.StartsWith("SmartParking.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", signIn, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", signIn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHeaders_FromAnAddressThatIsNotTheConfiguredProxy_AreIgnored()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?>
        {
            ["ReverseProxy:KnownProxies:0"] = "10.20.30.40",
            ["RateLimits:LoginPerMinute"] = "3",
        });
        var baseUrl = app.StartOnKestrel();
        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            // Each post claims another client address; the app sees loopback, which is not the proxy, so all four
            // share one address's allowance.
            using var caller = new FormBrowser(baseUrl, $"203.0.113.{attempt + 1}");
            caller.AddHeader("X-Forwarded-Proto", "https");
            answers.Add((await caller.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
            {
                Content = new StringContent("""{"username":"guard","password":"wrong-password"}""", System.Text.Encoding.UTF8, "application/json"),
            })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task ForwardedHeaders_FromTheProxy_GiveEachClientItsOwnAllowance()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "3" });
        var baseUrl = app.StartOnKestrel();
        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var caller = new FormBrowser(baseUrl, $"203.0.113.{attempt + 1}");
            answers.Add((await caller.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
            {
                Content = new StringContent("""{"username":"nobody","password":"wrong-password"}""", System.Text.Encoding.UTF8, "application/json"),
            })).StatusCode);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api-docs/index.html")]
    public async Task InProduction_TheApiDescription_IsForSignedInStaffOnly(string path)
    {
        using var app = new ParkingAppFactory(FreshInstall.Settings(), FreshInstall.Environment);
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        using var admin = await app.ClientForAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);

        var refused = await anonymous.GetAsync(path);
        var shown = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/login", refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Fact]
    public async Task InDevelopment_TheApiDescription_StaysOpen()
    {
        using var app = new ParkingAppFactory();
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
