using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Devices;

/// <summary>
/// A camera bound to its address on the lot's network: its serial number alone (printed on the camera) then opens
/// nothing when it comes from anywhere else. Real HTTP through a trusted local proxy that names the client.
/// </summary>
public sealed class CameraAddressTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ABoundCamera_IsBelievedFromItsAddressOnly()
    {
        var baseUrl = _app.StartOnKestrel();
        using var admin = await _app.AdminClientAsync();
        var registered = await admin.PostAsJsonAsync("/api/admin/lanes/in-1/cameras?lot=yangguang", new { serialno = "gate-cam-77", address = "10.20.30.40" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        using var stranger = Camera(baseUrl, "10.20.30.41");
        using var camera = Camera(baseUrl, "10.20.30.40");
        var refused = await stranger.PostAsync("/api/devices/ivs/plate", Record("京A12345", 1));
        var refusedBeat = await stranger.PostAsync("/api/devices/ivs/heartbeat", new FormUrlEncodedContent([new("serialno", "gate-cam-77")]));
        var accepted = await camera.PostAsync("/api/devices/ivs/plate", Record("京A12345", 2));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedBeat.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal("10.20.30.40", await _app.WithDbAsync(db => db.LaneDevices.Where(d => d.SerialNumber == "gate-cam-77").Select(d => d.LastAddress).SingleAsync()));
    }

    [Fact]
    public async Task AnAddressThatIsNoAddress_IsNamed_AndNothingIsRegistered()
    {
        using var admin = await _app.AdminClientAsync();

        var response = await admin.PostAsJsonAsync("/api/admin/lanes/in-1/cameras?lot=yangguang", new { serialno = "gate-cam-78", address = "gate house" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("address", out _));
        Assert.Equal(0, await _app.WithDbAsync(db => db.LaneDevices.CountAsync(d => d.SerialNumber == "gate-cam-78")));
    }

    private static HttpClient Camera(string baseUrl, string address)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static StringContent Record(string plate, long id) => new(
        new JsonObject
        {
            ["AlarmInfoPlate"] = new JsonObject
            {
                ["serialno"] = "gate-cam-77",
                ["result"] = new JsonObject { ["PlateResult"] = new JsonObject { ["license"] = plate, ["confidence"] = 96, ["plateid"] = id, ["isoffline"] = 0 } },
            },
        }.ToJsonString(),
        Encoding.UTF8,
        "application/json");
}
