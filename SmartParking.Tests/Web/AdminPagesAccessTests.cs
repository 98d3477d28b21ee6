using System.Net;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class AdminPagesAccessTests(AdminPagesAccessTests.App app) : IClassFixture<AdminPagesAccessTests.App>
{
    public sealed class App : ParkingAppFactory;

    [Theory]
    [InlineData("/admin/rules")]
    [InlineData("/admin/vehicles")]
    [InlineData("/admin/lists")]
    [InlineData("/admin/users")]
    [InlineData("/admin/owners")]
    [InlineData("/admin/settings")]
    [InlineData("/admin/lanes")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/announcements")]
    [InlineData("/admin/visit-qr")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/passes")]
    [InlineData("/admin/coupons")]
    [InlineData("/merchant")]
    public async Task AnonymousVisitor_IsSentToLogin(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/admin/rules")]
    [InlineData("/admin/vehicles")]
    [InlineData("/admin/lists")]
    [InlineData("/admin/users")]
    [InlineData("/admin/owners")]
    [InlineData("/admin/settings")]
    [InlineData("/admin/lanes")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/announcements")]
    [InlineData("/admin/visit-qr")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/passes")]
    [InlineData("/admin/coupons")]
    [InlineData("/merchant")]
    public async Task Guard_IsForbidden(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("guard", "Guard123!"));

        var response = await client.GetAsync(path);

        // A bearer caller gets the status; the browser's cookie gets the access-denied page (end-to-end test).
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/rules")]
    [InlineData("/admin/lists")]
    [InlineData("/admin/users")]
    [InlineData("/admin/owners")]
    [InlineData("/admin/lanes")]
    [InlineData("/admin/jobs")]
    [InlineData("/booth")]
    [InlineData("/admin/coupons")]
    [InlineData("/merchant")]
    public async Task Finance_IsForbidden_OutsideTheMoney(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("finance", "Finance123!"));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/coupons")]
    [InlineData("/admin/finance")]
    [InlineData("/admin/reports")]
    [InlineData("/booth")]
    [InlineData("/me")]
    public async Task AShop_IsForbidden_OutsideItsOwnPage(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("shop", "Shop123!"));

        var response = await client.GetAsync(path);
        var own = await client.GetAsync("/merchant");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task Finance_GetsTheReports_AndTheReportApi_ButNotTheGate()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("finance", "Finance123!"));

        var page = await client.GetAsync("/admin/reports");
        var today = await client.GetAsync("/api/records/today");
        var lookup = await client.GetAsync("/api/lot/vehicles");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("月度报表（PDF）", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, today.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lookup.StatusCode);
    }

    [Theory]
    [InlineData("/admin/rules", "收费规则", "current-rules")]
    [InlineData("/admin/vehicles", "车辆审核", "no-pending")]
    [InlineData("/admin/lists", "黑白名单", "list-form")]
    [InlineData("/admin/users", "用户与角色", "user-form")]
    [InlineData("/admin", "管理控制台", "income-chart")]
    [InlineData("/admin/owners", "业主管理", "owners")]
    [InlineData("/admin/settings", "车场设置", "policy-save")]
    [InlineData("/admin/lanes", "车道与摄像头", "lanes")]
    [InlineData("/admin/announcements", "公告管理", "ann-list")]
    [InlineData("/admin/visit-qr", "访客车辆请扫码登记", "visit-qr")]
    [InlineData("/admin/audit", "审计日志", "audit-filters")]
    public async Task Admin_GetsThePage_InChinese(string path, string title, string testId)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("admin", "Admin123!"));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, html);
        Assert.Contains($"data-testid=\"{testId}\"", html);
    }

    [Fact]
    public async Task UnknownAddress_InABrowser_GetsTheAppsOwnNotFoundPage_WhileTheApiKeepsItsJsonProblem()
    {
        using var client = app.CreateClient();

        var page = await client.GetAsync("/no-such-page");
        var api = await client.GetAsync("/api/no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("页面不存在", html);
        Assert.Contains("data-testid=\"not-found\"", html);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Favicon_IsServed()
    {
        using var client = app.CreateClient();

        var icon = await client.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
    }
}
