using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Infrastructure.Devices;
using SmartParking.Web.Common;
using SmartParking.Web.Recognition;

namespace SmartParking.Web.Devices;

/// <summary>
/// Hikvision ANPR cameras pushing ISAPI alarms to their "HTTP listening" host: an <c>EventNotificationAlert</c> XML part
/// (eventType ANPR, licensePlate, confidenceLevel, dateTime; <c>isDataRetransmission</c> for records kept through an
/// outage) and the pictures. The camera does not act on our reply, so an open goes back through its ISAPI barrier call.
/// A camera is known by its MAC address, registered on the lane the route names — weaker than a key, like IVS cameras.
/// </summary>
public static class HikvisionEndpoints
{
    public const string NoPlate = "无车牌";

    private const int MaxAlertBytes = PhotoUpload.MaxImageBytes + 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapHikvisionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/devices/hikvision/{lane}", AlertAsync)
            .WithTags("Camera devices")
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithSummary("A Hikvision camera's ISAPI alarm (multipart: EventNotificationAlert XML + pictures, or the XML alone); an ANPR read goes through the lane's gate and an open is sent back through the camera's ISAPI barrier call");
        return app;
    }

    private static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> AlertAsync(
        string lane, HttpRequest request, CameraDesk desk, HikvisionBarrier barrier, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxAlertBytes)
        {
            return ApiFailure.Of("Device.PushTooLarge", MaxAlertBytes / 1024 / 1024).About("body").ToProblem();
        }

        var (xml, photo, problem) = await ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        XElement alert;
        try
        {
            alert = XDocument.Parse(xml!).Root ?? throw new XmlException("no root");
        }
        catch (XmlException ex)
        {
            return JsonRequest.Problem("EventNotificationAlert", ErrorText.Get("Device.AlertNotXml", ex.LineNumber, ex.LinePosition));
        }

        var mac = Text(alert, "macAddress")?.ToLowerInvariant();
        if (alert.Name.LocalName != "EventNotificationAlert" || string.IsNullOrEmpty(mac) || mac.Length > Domain.Devices.LaneDevice.MaxSerialLength)
        {
            return JsonRequest.Problem("macAddress", ErrorText.Get("Api.FieldRequired", "macAddress"));
        }

        // Heartbeats and other events only say the camera is alive.
        if (!string.Equals(Text(alert, "eventType"), "ANPR", StringComparison.OrdinalIgnoreCase))
        {
            var heard = await desk.HeardAsync(mac, request.HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            return heard is null || !string.Equals(heard.LaneCode, lane, StringComparison.OrdinalIgnoreCase)
                ? ApiFailure.Of("Device.UnknownSerial", mac).About("macAddress").ToProblem()
                : TypedResults.Ok(new Dictionary<string, object?> { ["status"] = "ok" });
        }

        var (push, invalid) = Read(alert, mac, lane, photo, request.HttpContext.Connection.RemoteIpAddress?.ToString());
        if (push is null)
        {
            return invalid!;
        }

        var answer = await desk.PlateAsync(push, cancellationToken);
        switch (answer.Status)
        {
            case PushStatus.UnknownDevice:
                return ApiFailure.Of("Device.UnknownSerial", mac).About("macAddress").ToProblem();
            case PushStatus.Implausible:
                return ApiFailure.Invalid(new Dictionary<string, string[]> { ["dateTime"] = [ErrorText.Describe(answer.Problem!)] }).ToProblem();
        }

        // A record kept through an outage is history, and a repeat was answered the first time: neither lifts the barrier now.
        var opened = answer.Status == PushStatus.Decided && answer.Open && !push.Offline && answer.Device is { } device
            && await barrier.OpenAsync(device, cancellationToken);
        return TypedResults.Ok(new Dictionary<string, object?>
        {
            ["status"] = "ok",
            ["open"] = answer.Open && !push.Offline,
            ["barrier_opened"] = opened,
            ["repeated"] = answer.Status == PushStatus.Repeated,
        });
    }

    private static (CameraPlatePush? Push, ProblemHttpResult? Problem) Read(XElement alert, string mac, string lane, byte[]? photo, string? address)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var anpr = alert.Elements().FirstOrDefault(e => e.Name.LocalName == "ANPR");
        if (anpr is null)
        {
            return (null, JsonRequest.Problem("ANPR", ErrorText.Get("Device.NotAnAnprAlert")));
        }

        var license = Text(anpr, "licensePlate");
        if (string.IsNullOrEmpty(license) || license.Length > 16)
        {
            errors["licensePlate"] = [ErrorText.Get("Api.FieldRequired", "licensePlate")];
        }

        var confidence = 0;
        if (Text(anpr, "confidenceLevel") is { } level && (!int.TryParse(level, NumberStyles.Integer, CultureInfo.InvariantCulture, out confidence) || confidence is < 0 or > 100))
        {
            errors["confidenceLevel"] = [ErrorText.Get("Device.ConfidenceInvalid")];
        }

        var offline = string.Equals(Text(alert, "isDataRetransmission"), "true", StringComparison.OrdinalIgnoreCase);
        DateTime? readUtc = null;
        if (DateTimeOffset.TryParse(Text(alert, "dateTime"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            readUtc = at.UtcDateTime;
        }
        else if (offline)
        {
            errors["dateTime"] = [ErrorText.Get("Device.OfflineWithoutTime")];
        }

        if (errors.Count > 0)
        {
            return (null, ApiFailure.Invalid(errors).ToProblem());
        }

        // Hikvision numbers nothing: the alarm's UUID (or, without one, the camera's time and plate) names the record.
        var name = Text(alert, "UUID") ?? $"{Text(alert, "dateTime")}|{license}";
        var recordId = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0) & long.MaxValue;
        return (new CameraPlatePush(mac, recordId, license == NoPlate ? CameraDesk.NoPlate : license, confidence, offline, readUtc, photo, address, lane), null);
    }

    private static async Task<(string? Xml, byte[]? Photo, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (!request.HasFormContentType)
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var whole = await reader.ReadToEndAsync(cancellationToken);
                return whole.Length > MaxAlertBytes ? (null, null, ApiFailure.Of("Device.PushTooLarge", MaxAlertBytes / 1024 / 1024).About("body").ToProblem()) : (whole, null, null);
            }

            var form = await request.ReadFormAsync(cancellationToken);
            string? xml = form.Keys.Select(k => form[k].ToString()).FirstOrDefault(v => v.TrimStart().StartsWith('<'));
            byte[]? photo = null;
            foreach (var file in form.Files)
            {
                if (xml is null && (file.FileName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || file.ContentType.Contains("xml", StringComparison.OrdinalIgnoreCase)))
                {
                    using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                    xml = await reader.ReadToEndAsync(cancellationToken);
                }
                else if (file.Name.StartsWith("detectionPicture", StringComparison.OrdinalIgnoreCase) && file.Length <= PhotoUpload.MaxImageBytes)
                {
                    // The scene, for the booth and for our own read; the plate crop alone is too small to check the camera by.
                    using var buffer = new MemoryStream();
                    await file.CopyToAsync(buffer, cancellationToken);
                    photo = buffer.ToArray();
                }
            }

            return xml is null ? (null, null, JsonRequest.Problem("EventNotificationAlert", ErrorText.Get("Device.NotAnAnprAlert"))) : (xml, photo, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, null, JsonRequest.Problem("body", ErrorText.Get("Api.BodyMalformed", 1, 1)));
        }
    }

    private static string? Text(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } value ? value : null;
}
