using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// A sign-in ends when its person logs out, changes the password, is locked, gets another role or is signed out
/// everywhere: a copied cookie and an earlier token stop working. The check interval is 0 here so that the cookie's
/// check runs on the next request instead of within the minute it runs in by default.
/// </summary>
public sealed class RevocationTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Auth:StampCheckSeconds"] = "0" });

    [Fact]
    public async Task ACookieCopiedBeforeLogout_IsRefusedAfterIt_AndSoIsTheTokenOfTheSamePerson()
    {
        var baseUrl = _app.StartOnKestrel();
        using var guard = new FormBrowser(baseUrl);
        await guard.LogInAsync("guard", "Guard123!");
        var copied = guard.Cookies["SmartParking.Auth"];
        var token = await _app.TokenAsync("guard", "Guard123!");
        Assert.Equal(HttpStatusCode.OK, (await guard.GetAsync("/api/auth/me")).StatusCode);

        var logout = await guard.SubmitAsync("/booth", new Dictionary<string, string>(), action: "/account/logout");
        using var thief = new FormBrowser(baseUrl);
        thief.Cookies["SmartParking.Auth"] = copied;

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await thief.GetAsync("/booth")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync(token)).StatusCode);
    }

    [Fact]
    public async Task AnAdminsLock_ATokenIssuedBefore_IsRefusedAtOnce()
    {
        var token = await _app.TokenAsync("guard", "Guard123!");
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(token)).StatusCode);

        Assert.Empty(await Accounts.SetLockedAsync(await GuardIdAsync(), true, "admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync(token)).StatusCode);
    }

    [Fact]
    public async Task ARoleChange_ATokenIssuedBefore_IsRefused_AndANewOneCarriesTheNewRole()
    {
        var token = await _app.TokenAsync("guard", "Guard123!");

        Assert.Empty(await Accounts.SetRoleAsync(await GuardIdAsync(), Roles.Finance, "admin"));
        var fresh = await WithTokenAsync(await _app.TokenAsync("guard", "Guard123!"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync(token)).StatusCode);
        Assert.Contains(Roles.Finance, (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task APasswordChange_OnTheSecurityPage_EndsTheOtherSignIns_AndKeepsThisOne()
    {
        var baseUrl = _app.StartOnKestrel();
        using var owner = new FormBrowser(baseUrl);
        await owner.LogInAsync("owner", "Owner123!");
        using var phone = new FormBrowser(baseUrl);
        await phone.LogInAsync("owner", "Owner123!");
        var token = await _app.TokenAsync("owner", "Owner123!");

        var wrong = await owner.SubmitAsync("/account/security", new Dictionary<string, string> { ["PasswordInput.Current"] = "Wrong-123", ["PasswordInput.New"] = "Owner-New-2026" }, "password");
        var changed = await owner.SubmitAsync("/account/security", new Dictionary<string, string> { ["PasswordInput.Current"] = "Owner123!", ["PasswordInput.New"] = "Owner-New-2026" }, "password");

        Assert.Contains("当前密码不正确", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync(token)).StatusCode);
        Assert.NotNull(await _app.TokenAsync("owner", "Owner-New-2026"));
    }

    [Fact]
    public async Task SignOutEverywhere_ByTheAdmin_EndsEveryTokenOfThatUser_AndIsAudited()
    {
        var token = await _app.TokenAsync("guard", "Guard123!");

        Assert.Empty(await Accounts.SignOutEverywhereAsync(await GuardIdAsync(), "admin"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await WithTokenAsync(token)).StatusCode);
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignOutEverywhere" && a.Actor == "admin")));
    }

    [Fact]
    public async Task Tokens_AreShortLived_AndARefreshBuysANewPair_UntilTheSignInEnds()
    {
        using var anonymous = _app.CreateClient();
        var issued = await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "Guard123!" })).Content.ReadFromJsonAsync<JsonElement>();
        var refresh = issued.GetProperty("refresh_token").GetString();

        var renewed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = refresh });
        var pair = await renewed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(await Accounts.SignOutEverywhereAsync(await GuardIdAsync(), "admin"));
        var afterSignOut = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = pair.GetProperty("refresh_token").GetString() });
        var forged = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refresh_token = "not-a-token" });
        var missing = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { });

        Assert.Equal(900, issued.GetProperty("expires_in").GetInt64());
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.NotEqual(issued.GetProperty("access_token").GetString(), pair.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
        Assert.Equal("Auth.RefreshRefused", (await afterSignOut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("refresh_token", out _));
    }

    private UserAccounts Accounts => _app.Services.GetRequiredService<UserAccounts>();

    private Task<string> GuardIdAsync() => _app.WithDbAsync(db => db.Users.Where(u => u.UserName == "guard").Select(u => u.Id).SingleAsync());

    private async Task<HttpResponseMessage> WithTokenAsync(string token)
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync("/api/auth/me");
    }

    public void Dispose() => _app.Dispose();
}
