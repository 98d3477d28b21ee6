using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Lots;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Gate;

/// <summary>
/// Special vehicles through the gate API: an ambulance on the exempt list and, where the lot allows it, a police car come
/// and go free even into a full lot, and their stays say why.
/// </summary>
public sealed class SpecialVehicleTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Lot:Capacity"] = "2" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task AnAmbulanceOnTheExemptList_EntersAFullLotWithoutTheForm_AndLeavesFree_WithTheReasonOnTheStay()
    {
        await _app.ListAsync("京A12011", ListKind.Exempt, "120 急救车");
        using var camera = _app.DeviceClient();
        await FillTheLotAsync(camera);

        var entered = await camera.PostAsJsonAsync("/api/entry", new { id = "京A12011", start_time = "2023-10-09T09:10:00" });
        var left = await camera.PostAsJsonAsync("/api/exit", new { id = "京A12011", start_time = "2023-10-09T14:10:00" });

        Assert.Equal("open", (await entered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
        var exit = await left.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0m, exit.GetProperty("cost").GetDecimal());
        Assert.Equal("120 急救车", exit.GetProperty("exempt").GetString());
        Assert.Contains("特种车辆免费：120 急救车", exit.GetProperty("breakdown").EnumerateArray().Select(l => l.GetString()));
        var stay = await _app.WithDbAsync(db => db.ParkingSessions.AsNoTracking().SingleAsync(s => s.Plate == SmartParking.Domain.People.PlateNumber.Parse("京A12011")));
        Assert.Equal(("120 急救车", 0m), (stay.Exemption, stay.Fee));
        var events = await _app.WithDbAsync(db => db.GateEvents.AsNoTracking().Where(e => e.SessionId == stay.Id).OrderBy(e => e.AtUtc).Select(e => e.Reason).ToListAsync());
        Assert.Collection(events, e => Assert.Contains("Gate.Exempt", e), e => Assert.Contains("Gate.ExemptLeft", e));
    }

    [Fact]
    public async Task APoliceCar_PaysAsAVisitor_UntilTheLotLetsPoliceCarsThroughFree()
    {
        using var camera = _app.DeviceClient();

        var before = await camera.PostAsJsonAsync("/api/entry", new { id = "京A1234警", start_time = "2023-10-09T09:00:00" });
        var paid = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京A1234警", start_time = "2023-10-09T12:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hold", (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
        Assert.True(paid.GetProperty("cost").GetDecimal() > 0m);

        var lots = _app.Services.GetRequiredService<LotDirectory>();
        var policy = await lots.PolicyAsync(_app.Community.Id);
        await lots.SavePolicyAsync(_app.Community.Id, policy with { PoliceCarsFree = true }, "admin");
        await FillTheLotAsync(camera);

        var after = await camera.PostAsJsonAsync("/api/entry", new { id = "京A1234警", start_time = "2023-10-10T09:00:00" });
        var free = await (await camera.PostAsJsonAsync("/api/exit", new { id = "京A1234警", start_time = "2023-10-10T12:00:00" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("open", (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
        Assert.Equal((0m, "警车"), (free.GetProperty("cost").GetDecimal(), free.GetProperty("exempt").GetString()));
        // An ordinary visitor is still turned away from the full lot, and the change is audited.
        Assert.Equal(HttpStatusCode.Conflict, (await camera.PostAsJsonAsync("/api/entry", new { id = "京B77777", start_time = "2023-10-10T09:05:00" })).StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "ChangeLotPolicy" && a.After!.Contains("\"PoliceCarsFree\":true"))));
    }

    [Fact]
    public async Task MilitaryAndArmedPoliceCars_ComeAndGoFree_OnlyOnceTheLotSaysSo()
    {
        using var camera = _app.DeviceClient();
        var lots = _app.Services.GetRequiredService<LotDirectory>();
        var policy = await lots.PolicyAsync(_app.Community.Id);
        await lots.SavePolicyAsync(_app.Community.Id, policy with { PoliceCarsFree = true }, "admin");

        var held = await camera.PostAsJsonAsync("/api/entry", new { id = "KA12345", start_time = "2023-10-09T09:00:00" });
        Assert.Equal("hold", (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("gate").GetString());
        var paid = await (await camera.PostAsJsonAsync("/api/exit", new { id = "KA12345", start_time = "2023-10-09T12:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(paid.GetProperty("cost").GetDecimal() > 0m);

        await lots.SavePolicyAsync(_app.Community.Id, policy with { MilitaryCarsFree = true }, "admin");
        await FillTheLotAsync(camera);
        var results = new List<(string Gate, decimal Cost, string? Exempt)>();
        foreach (var plate in new[] { "军C12345", "WJ京1234X" })
        {
            var entered = await (await camera.PostAsJsonAsync("/api/entry", new { id = plate, start_time = "2023-10-10T09:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
            var left = await (await camera.PostAsJsonAsync("/api/exit", new { id = plate, start_time = "2023-10-10T15:00:00" })).Content.ReadFromJsonAsync<JsonElement>();
            results.Add((entered.GetProperty("gate").GetString()!, left.GetProperty("cost").GetDecimal(), left.GetProperty("exempt").GetString()));
        }

        Assert.Equal([("open", 0m, "军车"), ("open", 0m, "武警车")], results);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "ChangeLotPolicy" && a.After!.Contains("\"MilitaryCarsFree\":true"))));
    }

    [Fact]
    public async Task ABlacklistedPlate_StaysOut_EvenWhenItIsAlsoOnTheExemptList()
    {
        await _app.ListAsync("京A12012", ListKind.Exempt, "120 急救车");
        await _app.ListAsync("京A12012", ListKind.Blacklist, "套牌车");
        using var camera = _app.DeviceClient();

        var response = await camera.PostAsJsonAsync("/api/entry", new { id = "京A12012", start_time = "2023-10-09T09:00:00" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    private static async Task FillTheLotAsync(HttpClient camera)
    {
        foreach (var plate in new[] { "京B10001", "京B10002" })
        {
            var entry = await camera.PostAsJsonAsync("/api/entry", new { id = plate, start_time = "2023-10-09T09:00:00" });
            Assert.NotEqual(HttpStatusCode.Conflict, entry.StatusCode);
        }
    }
}
