using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class StartupModeTests
{
    [Fact]
    public void Production_WithoutAdminBootstrap_RefusesToStart()
    {
        using var app = new ParkingAppFactory(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" }, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Bootstrap:AdminUserName", error.ToString());
    }

    [Fact]
    public async Task Production_WithAdminBootstrap_CreatesOnlyThatAdmin_AndNoDemoData()
    {
        using var app = new ParkingAppFactory(
            new Dictionary<string, string?>
            {
                ["Demo:Enabled"] = "false",
                ["Bootstrap:AdminUserName"] = "chief",
                ["Bootstrap:AdminPassword"] = "Chief-Secret-2026",
            },
            environment: "Production");
        using var client = app.CreateClient();

        var chief = await client.PostAsJsonAsync("/api/auth/token", new { username = "chief", password = "Chief-Secret-2026" });
        var demoGuard = await client.PostAsJsonAsync("/api/auth/token", new { username = "guard", password = "Guard123!" });

        // The chief's password is right; a token waits until the chief has set up two-factor sign-in (Production).
        Assert.Equal(HttpStatusCode.Forbidden, chief.StatusCode);
        Assert.Contains("Auth.TwoFactorRequired", await chief.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, demoGuard.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Owners.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.FeeRules.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.DeviceKeys.CountAsync()));
    }

    [Fact]
    public async Task DemoMode_SeedsTheOwnerWithCarAndBalance_AndTheDemoRules()
    {
        using var app = new ParkingAppFactory();
        using var _ = app.CreateClient();

        var owner = await app.WithDbAsync(db => db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.UserName == "owner"));
        var rules = await app.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == app.Community.Id));

        Assert.Equal(100m, owner.Balance);
        Assert.Equal("京A12345", Assert.Single(owner.Vehicles).Plate.Value);
        Assert.Equal(4, rules);
    }
}
