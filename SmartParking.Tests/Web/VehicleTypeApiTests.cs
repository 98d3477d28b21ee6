using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Lots;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>An admin adds 新能源 for green plates; the camera then needs to say nothing about the type.</summary>
public sealed class VehicleTypeApiTests(VehicleTypeApiTests.App app) : IClassFixture<VehicleTypeApiTests.App>
{
    public sealed class App : ParkingAppFactory;

    private async Task AddNewEnergyAsync()
    {
        var lots = app.Services.GetRequiredService<LotDirectory>();
        var lot = await lots.GetAsync(app.Community.Id);
        if (lot.VehicleTypes.Any(t => t.Type == VehicleType.NewEnergy))
        {
            return;
        }

        await lots.KeepVehicleTypesAsync(app.Community.Id, [.. lot.VehicleTypes, new LotVehicleType(VehicleType.NewEnergy, PlateColour.Green)], "admin");
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("admin", "Admin123!"));
        var rule = await admin.PostAsJsonAsync("/api/admin/fee-rules?lot=yangguang", new
        {
            vehicleType = "新能源", customerClass = "visitor", freeMinutes = 60, unitMinutes = 60, unitFee = 2m, dailyCap = 20m, reason = "新能源车首小时免费",
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
    }

    [Fact]
    public async Task AGreenPlate_WithoutAType_EntersAsNewEnergy_UnderItsOwnRule()
    {
        await AddNewEnergyAsync();
        using var camera = app.DeviceClient();

        var eight = await camera.PostAsJsonAsync("/api/entry", new { id = "京AD12345", start_time = "2026-12-06T09:00:00" });
        var said = await camera.PostAsJsonAsync("/api/entry", new { id = "京A7X123", start_time = "2026-12-06T09:01:00", plate_color = "绿" });

        Assert.Equal(HttpStatusCode.OK, eight.StatusCode);
        Assert.Equal(HttpStatusCode.OK, said.StatusCode);
        var types = await app.WithDbAsync(db => db.ParkingSessions.Where(s => s.LotId == app.Community.Id && s.ExitUtc == null)
            .Select(s => new { s.Plate, s.VehicleType }).ToListAsync());
        Assert.Equal(VehicleType.NewEnergy, types.Single(t => t.Plate.Value == "京AD12345").VehicleType);
        Assert.Equal(VehicleType.NewEnergy, types.Single(t => t.Plate.Value == "京A7X123").VehicleType);
    }

    [Fact]
    public async Task AColourNoPlateHas_Is400NamingIt_AndNoStayIsMade()
    {
        using var camera = app.DeviceClient();

        var response = await camera.PostAsJsonAsync("/api/entry", new { id = "京A7X124", start_time = "2026-12-06T09:00:00", plate_color = "purple" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("plate_color", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.LotId == app.Community.Id && s.ExitUtc == null && s.EntryUtc > DateTime.UtcNow.AddYears(-1) && s.Plate == PlateNumber.Parse("京A7X124"))));
    }
}
