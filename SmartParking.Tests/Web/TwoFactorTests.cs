using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OtpNet;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// Production on a fresh install: the admin must set up an authenticator before anything else, then signs in with
/// password and code; the phone's codes come from Otp.NET, as an authenticator app computes them.
/// </summary>
public sealed partial class TwoFactorTests : IDisposable
{
    private readonly ParkingAppFactory _app;

    public TwoFactorTests()
    {
        var settings = FreshInstall.Settings();
        settings["Auth:RequireTwoFactor"] = null; // Production's own default: required for Admin and Finance
        _app = new ParkingAppFactory(settings, FreshInstall.Environment);
    }

    [Fact]
    public async Task AnAdminWithoutASecondFactor_ReachesOnlyTheSetup_AndGetsNoToken()
    {
        using var admin = new FormBrowser(_app.StartOnKestrel());
        await admin.LogInAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);

        var page = await admin.GetAsync("/admin");
        var api = await admin.GetAsync("/api/auth/me");
        var setup = await (await admin.GetAsync("/account/security?required=true")).Content.ReadAsStringAsync();
        using var script = _app.CreateClient();
        var token = await script.PostAsJsonAsync("/api/auth/token", new { username = FreshInstall.AdminUserName, password = FreshInstall.AdminPassword });

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/security?required=true", page.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("Auth.TwoFactorRequired", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Contains("data-testid=\"two-factor-required\"", setup);
        Assert.Contains("<svg", setup);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
    }

    [Fact]
    public async Task AnAdminTurnsOnTheAuthenticator_ThenSignsInWithPasswordAndCode_OrARecoveryCodeOnce()
    {
        var baseUrl = _app.StartOnKestrel();
        using var admin = new FormBrowser(baseUrl);
        await admin.LogInAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);
        var phone = new Totp(Base32Encoding.ToBytes(KeyOn(await (await admin.GetAsync("/account/security")).Content.ReadAsStringAsync())));

        var wrong = await (await admin.SubmitAsync("/account/security", new Dictionary<string, string> { ["TwoFactorInput.Code"] = "000000" }, "two-factor-on")).Content.ReadAsStringAsync();
        var on = await (await admin.SubmitAsync("/account/security", new Dictionary<string, string> { ["TwoFactorInput.Code"] = phone.ComputeTotp() }, "two-factor-on")).Content.ReadAsStringAsync();
        var recovery = RecoveryCodes().Matches(on[on.IndexOf("recovery-codes", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("动态码不正确", wrong);
        Assert.Equal(10, recovery.Count);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/me")).StatusCode); // this sign-in passed the code just now

        using var nextDay = new FormBrowser(baseUrl);
        var password = await nextDay.LogInAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);
        var codePage = password.Headers.Location!.PathAndQuery;
        Assert.StartsWith("/account/login/two-factor", codePage);
        var badCode = await (await nextDay.SubmitAsync(codePage, new Dictionary<string, string> { ["Input.Code"] = "123456" }, "two-factor")).Content.ReadAsStringAsync();
        var signedIn = await nextDay.SubmitAsync(codePage, new Dictionary<string, string> { ["Input.Code"] = phone.ComputeTotp() }, "two-factor");
        Assert.Contains("动态码不正确", badCode);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nextDay.GetAsync("/api/auth/me")).StatusCode);

        var lostPhone = await SignInWithRecoveryAsync(baseUrl, recovery[0]);
        var usedTwice = await SignInWithRecoveryAsync(baseUrl, recovery[0]);
        Assert.Equal(HttpStatusCode.Redirect, lostPhone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usedTwice.StatusCode); // the form again, with the error
    }

    [Fact]
    public async Task TheTokenEndpoint_AsksForTheCode_OnceTwoFactorIsOn()
    {
        using var admin = new FormBrowser(_app.StartOnKestrel());
        await admin.LogInAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);
        var phone = new Totp(Base32Encoding.ToBytes(KeyOn(await (await admin.GetAsync("/account/security")).Content.ReadAsStringAsync())));
        await admin.SubmitAsync("/account/security", new Dictionary<string, string> { ["TwoFactorInput.Code"] = phone.ComputeTotp() }, "two-factor-on");
        using var script = _app.CreateClient();

        var noCode = await script.PostAsJsonAsync("/api/auth/token", new { username = FreshInstall.AdminUserName, password = FreshInstall.AdminPassword });
        var badCode = await script.PostAsJsonAsync("/api/auth/token", new { username = FreshInstall.AdminUserName, password = FreshInstall.AdminPassword, otp = "000000" });
        var withCode = await script.PostAsJsonAsync("/api/auth/token", new { username = FreshInstall.AdminUserName, password = FreshInstall.AdminPassword, otp = phone.ComputeTotp() });

        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.True((await noCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("otp", out _));
        Assert.Equal("Auth.WrongCode", (await badCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        script.DefaultRequestHeaders.Authorization = new("Bearer", (await withCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/auth/me")).StatusCode);
    }

    private async Task<HttpResponseMessage> SignInWithRecoveryAsync(string baseUrl, string code)
    {
        using var browser = new FormBrowser(baseUrl);
        var password = await browser.LogInAsync(FreshInstall.AdminUserName, FreshInstall.AdminPassword);
        return await browser.SubmitAsync(password.Headers.Location!.PathAndQuery + "&recovery=True", new Dictionary<string, string> { ["Input.Code"] = code }, "two-factor");
    }

    private static string KeyOn(string page) => AuthenticatorKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex("data-testid=\"authenticator-key\"[^>]*>([^<]+)<")]
    private static partial Regex AuthenticatorKey();

    [GeneratedRegex("<li>([^<]+)</li>")]
    private static partial Regex RecoveryCodes();

    public void Dispose() => _app.Dispose();
}
