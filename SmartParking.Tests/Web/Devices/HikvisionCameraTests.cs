using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Devices;

/// <summary>
/// A Hikvision ANPR camera as it talks over HTTP: its ISAPI alarm pushed to our "HTTP listening" route, and the barrier
/// opened by calling the camera's own ISAPI barrier route with HTTP Digest, here a local fake of the device.
/// </summary>
public sealed class HikvisionCameraTests : IAsyncLifetime
{
    private const string Mac = "44:19:B6:AA:BB:01";
    private readonly FakeClock _clock = new(DateTimeOffset.UtcNow);
    private FakeHikvisionCamera _device = null!;
    private ParkingAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _device = await FakeHikvisionCamera.StartAsync();
        _app = new ParkingAppFactory(new Dictionary<string, string?> { ["Devices:Hikvision:Password"] = FakeHikvisionCamera.Password }, clock: _clock);
        using var admin = await _app.AdminClientAsync();
        var registered = await admin.PostAsJsonAsync("/api/admin/lanes/in-1/cameras?lot=yangguang",
            new { protocol = "hikvision", serialno = Mac, control_url = _device.BaseUrl, control_user = FakeHikvisionCamera.User, channel = 1 });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _device.DisposeAsync();
    }

    [Fact]
    public async Task TheOwnersCar_IsLetInByCallingTheCamerasBarrier_WithDigest_AndAVisitorIsHeld()
    {
        using var camera = _app.CreateClient();

        var owner = await AlertAsync(camera, "in-1", "京A12345", "uuid-owner-1");
        var visitor = await AlertAsync(camera, "in-1", "粤B12345", "uuid-visitor-1");

        Assert.Equal((true, true), (owner.GetProperty("open").GetBoolean(), owner.GetProperty("barrier_opened").GetBoolean()));
        Assert.False(visitor.GetProperty("open").GetBoolean());
        var (channel, body) = Assert.Single(_device.Opens);
        Assert.Equal(1, channel);
        Assert.Contains("<ctrlMode>open</ctrlMode>", body);
        Assert.True(_device.Refused >= 1, "the first call must meet the Digest challenge");
        var stays = await _app.WithDbAsync(db => db.ParkingSessions.Select(s => new { s.Plate, s.State }).ToListAsync());
        Assert.Contains(stays, s => s.Plate.Value == "京A12345" && s.State == SessionState.Inside);
        Assert.Contains(stays, s => s.Plate.Value == "粤B12345" && s.State == SessionState.AwaitingRegistration);
    }

    [Fact]
    public async Task TheSameAlarmTwice_MakesOneStay_AndLiftsTheBarrierOnce()
    {
        using var camera = _app.CreateClient();

        await AlertAsync(camera, "in-1", "京A12345", "uuid-twice");
        var again = await AlertAsync(camera, "in-1", "京A12345", "uuid-twice");

        Assert.True(again.GetProperty("repeated").GetBoolean());
        Assert.Single(_device.Opens);
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task ARecordKeptThroughAnOutage_IsAppliedAtItsOwnTime_WithoutLiftingTheBarrierNow()
    {
        using var camera = _app.CreateClient();
        var twoHoursAgo = _clock.GetUtcNow().AddHours(-2);

        var answer = await AlertAsync(camera, "in-1", "京A12345", "uuid-replayed", at: twoHoursAgo, retransmission: true);

        Assert.False(answer.GetProperty("open").GetBoolean());
        Assert.Empty(_device.Opens);
        var stay = await _app.WithDbAsync(db => db.ParkingSessions.SingleAsync());
        Assert.Equal(twoHoursAgo.UtcDateTime, stay.EntryUtc, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AGuardsOpen_IsSentToTheCameraAtOnce_AndTheCommandSaysWhichDeviceTookIt()
    {
        using var guard = await _app.GuardClientAsync();

        var sent = await _app.PostJsonAsync(guard, "/api/lanes/in-1/open", """{"reason":"救护车"}""");
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        var state = await WaitForStateAsync(guard, sent.Headers.Location!.ToString(), "opened");
        Assert.Equal(Mac.ToLowerInvariant(), state.GetProperty("answered_by").GetString());
        Assert.Single(_device.Opens);
    }

    [Fact]
    public async Task ACameraThatDoesNotAnswer_LeavesTheGuardsOpenUnanswered()
    {
        _device.Answering = false;
        using var guard = await _app.GuardClientAsync();

        var sent = await _app.PostJsonAsync(guard, "/api/lanes/in-1/open", """{"reason":"救护车"}""");
        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal("no_answer", (await guard.GetFromJsonAsync<JsonElement>(sent.Headers.Location!.ToString())).GetProperty("state").GetString());
        Assert.Empty(_device.Opens);
    }

    [Theory]
    [InlineData("not xml at all", "EventNotificationAlert", HttpStatusCode.BadRequest)]
    [InlineData("<EventNotificationAlert><eventType>ANPR</eventType></EventNotificationAlert>", "macAddress", HttpStatusCode.BadRequest)]
    [InlineData("<EventNotificationAlert><macAddress>44:19:b6:aa:bb:01</macAddress><eventType>ANPR</eventType></EventNotificationAlert>", "ANPR", HttpStatusCode.BadRequest)]
    [InlineData("<EventNotificationAlert><macAddress>44:19:b6:aa:bb:01</macAddress><eventType>ANPR</eventType><ANPR><confidenceLevel>90</confidenceLevel></ANPR></EventNotificationAlert>", "licensePlate", HttpStatusCode.BadRequest)]
    [InlineData("<EventNotificationAlert><macAddress>44:19:b6:aa:bb:01</macAddress><eventType>ANPR</eventType><ANPR><licensePlate>京A12345</licensePlate><confidenceLevel>180</confidenceLevel></ANPR></EventNotificationAlert>", "confidenceLevel", HttpStatusCode.BadRequest)]
    [InlineData("<EventNotificationAlert><macAddress>44:19:b6:aa:bb:01</macAddress><eventType>ANPR</eventType><isDataRetransmission>true</isDataRetransmission><ANPR><licensePlate>京A12345</licensePlate></ANPR></EventNotificationAlert>", "dateTime", HttpStatusCode.BadRequest)]
    [InlineData("<EventNotificationAlert><macAddress>00:00:00:00:00:99</macAddress><eventType>ANPR</eventType><ANPR><licensePlate>京A12345</licensePlate></ANPR></EventNotificationAlert>", "macAddress", HttpStatusCode.Unauthorized)]
    [InlineData("<EventNotificationAlert><macAddress>44:19:b6:aa:bb:01</macAddress><eventType>ANPR</eventType><dateTime>2126-01-01T08:00:00+08:00</dateTime><isDataRetransmission>true</isDataRetransmission><ANPR><licensePlate>京A12345</licensePlate></ANPR></EventNotificationAlert>", "dateTime", HttpStatusCode.BadRequest)]
    public async Task ABadAlarm_NamesTheField_AndWritesNothing(string xml, string field, HttpStatusCode status)
    {
        using var camera = _app.CreateClient();

        var response = await camera.PostAsync("/api/devices/hikvision/in-1", Multipart(xml));

        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Empty(_device.Opens);
    }

    [Fact]
    public async Task A20MegabytePicture_IsRefused413_BeforeAnythingIsRead()
    {
        using var camera = _app.CreateClient();
        var alarm = Multipart(Alert("京A12345", "uuid-huge", _clock.GetUtcNow(), false));
        var picture = new ByteArrayContent(new byte[20 * 1024 * 1024]);
        picture.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        alarm.Add(picture, "detectionPicture.jpg", "detectionPicture.jpg");

        var response = await camera.PostAsync("/api/devices/hikvision/in-1", alarm);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Empty(_device.Opens);
    }

    [Fact]
    public async Task ACameraPushingToAnotherLanesRoute_IsRefused()
    {
        using var camera = _app.CreateClient();

        var response = await camera.PostAsync("/api/devices/hikvision/out-1", Multipart(Alert("京A12345", "uuid-wrong-lane", _clock.GetUtcNow(), false)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
    }

    [Fact]
    public async Task ARegistrationWithoutAUsableControlAddress_NamesIt()
    {
        using var admin = await _app.AdminClientAsync();

        var response = await admin.PostAsJsonAsync("/api/admin/lanes/out-1/cameras?lot=yangguang",
            new { protocol = "hikvision", serialno = "44:19:b6:aa:bb:02", control_url = "ftp://admin:pw@10.0.0.9", control_user = "admin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("control_url", out _));
        Assert.Equal(1, await _app.WithDbAsync(db => db.LaneDevices.CountAsync(d => d.Protocol == SmartParking.Domain.Devices.CameraProtocol.Hikvision)));
    }

    private async Task<JsonElement> AlertAsync(HttpClient camera, string lane, string plate, string uuid, DateTimeOffset? at = null, bool retransmission = false)
    {
        var response = await camera.PostAsync($"/api/devices/hikvision/{lane}", Multipart(Alert(plate, uuid, at ?? _clock.GetUtcNow(), retransmission)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient guard, string location, string state)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var command = await guard.GetFromJsonAsync<JsonElement>(location);
            if (command.GetProperty("state").GetString() == state)
            {
                return command;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"the command never became {state}");
    }

    // The alarm as a DS-TCG camera writes it, in the lot's time zone.
    private static string Alert(string plate, string uuid, DateTimeOffset at, bool retransmission) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
        <ipAddress>10.0.0.64</ipAddress>
        <portNo>80</portNo>
        <protocol>HTTP</protocol>
        <macAddress>{Mac.ToLowerInvariant()}</macAddress>
        <channelID>1</channelID>
        <dateTime>{at.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-ddTHH:mm:ss+08:00}</dateTime>
        <activePostCount>1</activePostCount>
        <eventType>ANPR</eventType>
        <eventState>active</eventState>
        <eventDescription>ANPR</eventDescription>
        <channelName>Camera 01</channelName>
        <ANPR>
        <country>CN</country>
        <licensePlate>{plate}</licensePlate>
        <line>1</line>
        <direction>forward</direction>
        <confidenceLevel>97</confidenceLevel>
        <plateType>92TypeCivil</plateType>
        <plateColor>blue</plateColor>
        <vehicleType>vehicle</vehicleType>
        <alarmDataType>0</alarmDataType>
        <vehicleListName>otherList</vehicleListName>
        </ANPR>
        <UUID>{uuid}</UUID>
        <picNum>2</picNum>
        <isDataRetransmission>{(retransmission ? "true" : "false")}</isDataRetransmission>
        </EventNotificationAlert>
        """;

    private static MultipartFormDataContent Multipart(string xml)
    {
        var alert = new StringContent(xml, Encoding.UTF8);
        alert.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        var crop = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xD9]);
        crop.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { alert, "anpr.xml", "anpr.xml" }, { crop, "licensePlatePicture.jpg", "licensePlatePicture.jpg" } };
    }
}
