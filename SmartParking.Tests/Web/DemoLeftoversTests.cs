using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>A database first run in demo mode, then put into service: the published demo secrets must not open it.</summary>
public sealed class DemoLeftoversTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void DemoDatabase_InProduction_RefusesToStart_NamingEveryDemoLoginAndKey_AndHowToRetireThem()
    {
        StartInDemoMode();

        using var production = InProduction();
        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient()).ToString();

        foreach (var login in new[] { "admin", "guard", "guard2", "owner", "finance" })
        {
            Assert.Contains($"login '{login}' still has its demo password", error);
        }

        Assert.Contains("published demo key", error);
        Assert.Contains("--Demo:Retire=true", error);
        Assert.Contains("Demo__Retire=true", error);
    }

    [Fact]
    public async Task DemoDatabase_InProductionWithRetire_Starts_TheDemoPasswordsAndKeysNoLongerWork_AndTheRealAdminSignsIn()
    {
        StartInDemoMode();

        using (var retiring = InProduction(retire: true))
        {
            using var client = retiring.CreateClient();
            foreach (var (user, password) in DatabaseStartup.DemoAccounts.Select(a => (a.UserName, a.Password)))
            {
                var demo = await client.PostAsJsonAsync("/api/auth/token", new { username = user, password });
                Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { username = "chief", password = "Chief-Secret-2026" })).StatusCode);
            Assert.Equal(0, await retiring.WithDbAsync(db => db.DeviceKeys.CountAsync(k => k.RevokedUtc == null)));
            Assert.Equal(DatabaseStartup.DemoAccounts.Length, await retiring.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "RetireDemoLogin")));
        }

        // Retired once: the next start needs no setting.
        using var next = InProduction();
        using var again = next.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void DemoMode_InProduction_RefusesToStart()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["Storage:DataPath"] = _data.Path, ["Demo:Enabled"] = "true" }, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient()).ToString();

        Assert.Contains("Demo mode (Demo:Enabled=true) is refused in Production", error);
    }

    [Fact]
    public void DockerCompose_OffersNoDemoModeOnItsVolume()
    {
        var compose = File.ReadAllText(Path.Combine(RepositoryRoot(), "docker-compose.yml"));

        Assert.DoesNotContain("Demo__Enabled", compose);
        Assert.DoesNotContain("DEMO_ENABLED", compose);
    }

    private void StartInDemoMode()
    {
        using var demo = new ParkingAppFactory(new Dictionary<string, string?> { ["Storage:DataPath"] = _data.Path });
        using var _ = demo.CreateClient();
    }

    private ParkingAppFactory InProduction(bool retire = false) => new(
        new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = _data.Path,
            ["Demo:Enabled"] = "false",
            ["Demo:Retire"] = retire ? "true" : "false",
            ["Bootstrap:AdminUserName"] = "chief",
            ["Bootstrap:AdminPassword"] = "Chief-Secret-2026",
            // The admin's second factor is not what this test is about (TwoFactorTests).
            ["Auth:RequireTwoFactor"] = "false",
        },
        environment: "Production");

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmartParking.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("no repository root above " + AppContext.BaseDirectory);
    }
}
