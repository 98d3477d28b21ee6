using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class AuthApiTests(AuthApiTests.App app) : IClassFixture<AuthApiTests.App>
{
    public sealed class App : ParkingAppFactory;

    [Theory]
    [InlineData("admin", "Admin123!", "Admin")]
    [InlineData("guard", "Guard123!", "Guard")]
    [InlineData("owner", "Owner123!", "Owner")]
    public async Task Token_ForEachDemoAccount_CarriesItsRole(string userName, string password, string role)
    {
        using var client = await app.ClientForAsync(userName, password);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal(userName, me.GetProperty("name").GetString());
        Assert.Equal([role], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Token_Response_HasAccessTokenAndExpiry()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "Guard123!" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("access_token").GetString()));
        Assert.True(body.GetProperty("expires_in").GetInt64() > 0);
    }

    [Fact]
    public async Task Token_WrongPassword_IsRefused()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "wrong-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"username\":", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("", "body")]
    [InlineData("{\"username\":\"guard\"}", "password")]
    [InlineData("{\"password\":\"Guard123!\"}", "username")]
    [InlineData("{\"username\":\"\",\"password\":\"x\"}", "username")]
    [InlineData("{\"username\":{\"a\":1},\"password\":\"x\"}", "username")]
    public async Task Token_BadBody_Answers400NamingTheField(string json, string field)
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/auth/token", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem should name '{field}'");
    }

    [Fact]
    public async Task Token_OversizeBody_Answers400()
    {
        using var client = app.CreateClient();
        var json = "{\"username\":\"guard\",\"password\":\"" + new string('x', 70_000) + "\"}";

        var response = await client.PostAsync("/api/auth/token", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeviceKey_DemoKey_IsACamera_AndAnUnknownKeyIsNot()
    {
        using var camera = app.DeviceClient();
        using var stranger = app.DeviceClient("not-a-key");

        var me = await camera.GetFromJsonAsync<JsonElement>("/api/auth/me");
        var refused = await stranger.GetAsync("/api/auth/me");

        Assert.Equal(["Device"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Api_WithoutCredentials_Answers401_NotALoginRedirect()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithAForgedBearerToken_Answers401()
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "forged-token");

        var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/booth")]
    [InlineData("/admin")]
    [InlineData("/me")]
    public async Task Page_ForAnonymousVisitor_RedirectsToLogin(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task LoginPage_IsServed_InChineseByDefault_AndEnglishOnRequest()
    {
        using var client = app.CreateClient();

        var chinese = await client.GetStringAsync("/account/login");
        var english = await client.GetStringAsync("/account/login?culture=en&ui-culture=en");

        Assert.Contains("用户名", chinese);
        Assert.Contains("Username", english);
    }

    [Fact]
    public async Task Healthz_ChecksTheDatabase_AndAnswersHealthy()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}
