using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class OwnerApiTests : IAsyncLifetime
{
    private readonly ParkingAppFactory _app = new();
    private Guid _otherOwnerId;

    public async Task InitializeAsync()
    {
        using var _ = _app.CreateClient();
        var other = Owner.Register(_app.Community.Id, "李四", ChineseIdNumber.Parse("310115199003072549"), MobileNumber.Parse("13912345678"), DateTime.UtcNow, "lisi");
        other.AddVehicle(PlateNumber.Parse("沪B12345"), SmartParking.Domain.Billing.VehicleType.Small, DateTime.UtcNow, approved: true);
        _otherOwnerId = other.Id;
        await _app.WithDbAsync(async db =>
        {
            db.Owners.Add(other);
            return await db.SaveChangesAsync();
        });
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var lisi = new ParkingUser { UserName = "lisi", DisplayName = "李四" };
        await users.CreateAsync(lisi, "Lisi-Secret-1");
        await users.AddToRoleAsync(lisi, Roles.Owner);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Owner_ReadsOwnAccount_WithMaskedPersonalData()
    {
        using var owner = await _app.OwnerClientAsync();

        var me = await owner.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(100m, me.GetProperty("balance").GetDecimal());
        Assert.Equal("110***********1238", me.GetProperty("maskedIdNumber").GetString());
        Assert.Equal("138****8000", me.GetProperty("maskedMobile").GetString());
        Assert.Equal("京A12345", me.GetProperty("vehicles")[0].GetProperty("plate").GetString());
        Assert.DoesNotContain("110105198001011238", me.GetRawText());
    }

    [Fact]
    public async Task Owner_AskingForAnotherOwnersId_IsRefused_AndSeesNothingOfTheirs()
    {
        using var owner = await _app.OwnerClientAsync();

        var response = await owner.GetAsync($"/api/owners/{_otherOwnerId}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("沪B12345", body);
        Assert.DoesNotContain("李四", body);
    }

    [Fact]
    public async Task TheOtherOwner_SeesOnlyTheirOwn_AndAnAdminSeesAny()
    {
        using var lisi = await _app.ClientForAsync("lisi", "Lisi-Secret-1");
        using var admin = await _app.AdminClientAsync();
        using var guard = await _app.GuardClientAsync();

        var own = await lisi.GetFromJsonAsync<JsonElement>("/api/me");
        var byAdmin = await admin.GetAsync($"/api/owners/{_otherOwnerId}");
        var byGuard = await guard.GetAsync($"/api/owners/{_otherOwnerId}");

        Assert.Equal("沪B12345", own.GetProperty("vehicles")[0].GetProperty("plate").GetString());
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byGuard.StatusCode);
    }
}
