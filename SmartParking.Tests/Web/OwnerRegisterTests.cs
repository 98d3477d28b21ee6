using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class OwnerRegisterTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AdminCorrection_ChangesTheDetails_AndAuditsThemMasked()
    {
        using var _ = _app.CreateClient();
        var register = _app.Services.GetRequiredService<OwnerRegister>();
        var owner = Assert.Single(await register.AllAsync(_app.Community.Id));

        await register.CorrectDetailsAsync(_app.Community.Id, owner.Id, "张大业主", ChineseIdNumber.Parse("310115199003072549"), MobileNumber.Parse("13912345678"), "admin", "身份证换证");

        var stored = await _app.WithDbAsync(db => db.Owners.SingleAsync());
        Assert.Equal(("张大业主", "310115199003072549", "13912345678"), (stored.Name, stored.IdNumber, stored.Mobile));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "CorrectOwner"));
        Assert.Equal("身份证换证", audit.Reason);
        Assert.Contains("110***********1238", audit.Before);
        Assert.Contains("310***********2549", audit.After);
        Assert.DoesNotContain("310115199003072549", audit.After);
    }

    [Fact]
    public async Task AdminCorrection_WithoutAReason_IsRefused_AndChangesNothing()
    {
        using var _ = _app.CreateClient();
        var register = _app.Services.GetRequiredService<OwnerRegister>();
        var owner = Assert.Single(await register.AllAsync(_app.Community.Id));

        await Assert.ThrowsAsync<DomainException>(() =>
            register.CorrectDetailsAsync(_app.Community.Id, owner.Id, "别名", ChineseIdNumber.Parse("310115199003072549"), MobileNumber.Parse("13912345678"), "admin", " "));

        Assert.Equal("张业主", await _app.WithDbAsync(db => db.Owners.Select(o => o.Name).SingleAsync()));
    }

    [Fact]
    public async Task CorrectedPlate_IsTheOneTheGateKnowsAsTheOwners()
    {
        using var camera = _app.DeviceClient();
        var register = _app.Services.GetRequiredService<OwnerRegister>();
        var owner = Assert.Single(await register.AllAsync(_app.Community.Id));

        await register.CorrectPlateAsync(_app.Community.Id, owner.Id, PlateNumber.Parse("京A12345"), PlateNumber.Parse("京A12346"), "admin", "登记时输错");
        var entry = await (await camera.PostAsJsonAsync("/api/entry", new { id = "京A12346" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("owner", entry.GetProperty("customer").GetString());
        Assert.Equal("京A12345", (await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "CorrectVehiclePlate"))).Before);
    }
}
