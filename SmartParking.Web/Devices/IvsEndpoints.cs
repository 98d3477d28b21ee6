using Microsoft.Extensions.Localization;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Web.Common;
using SmartParking.Web.Recognition;

namespace SmartParking.Web.Devices;

/// <summary>
/// Zhenshi / Alphadigi cameras that read plates themselves (the "IVS" HTTP push): the plate record in, the barrier's
/// answer in the same HTTP reply (<c>"info":"ok"</c> opens, anything else keeps it shut); the heartbeat (or comet poll)
/// carries a guard's "open" to a camera that is not reading a car. A camera cannot send our key header: it is known by
/// the serial number registered on its lane — weaker than a key, so lanes that can should use photo cameras with keys.
/// </summary>
public static class IvsEndpoints
{
    // A 10 MB picture as base64 plus the record around it.
    private const int MaxPushBytes = PhotoUpload.MaxImageBytes / 3 * 4 + 256 * 1024;

    public static IEndpointRouteBuilder MapIvsEndpoints(this IEndpointRouteBuilder app)
    {
        var ivs = app.MapGroup("/api/devices/ivs").WithTags("Camera devices").AllowAnonymous().DisableAntiforgery();
        ivs.MapPost("/plate", PlateAsync)
            .WithSummary("An IVS camera's plate record (AlarmInfoPlate); the reply opens the barrier (Response_AlarmInfoPlate.info = ok) or acknowledges an offline record (ContinuePushOffline)");
        ivs.MapPost("/heartbeat", HeartbeatAsync)
            .WithSummary("An IVS camera's heartbeat or comet poll (form field or JSON serialno); the reply carries a pending open");
        return app;
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> PlateAsync(
        HttpRequest request, CameraDesk desk, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var (push, problem) = await ReadPlateAsync(request, cancellationToken);
        if (push is null)
        {
            return problem!;
        }

        var answer = await desk.PlateAsync(push, cancellationToken);
        switch (answer.Status)
        {
            case PushStatus.UnknownDevice:
                return ApiFailure.Of("Device.UnknownSerial", push.SerialNumber).About("serialno").ToProblem();
            case PushStatus.Implausible:
                return ApiFailure.Invalid(new Dictionary<string, string[]> { ["timeStamp"] = [ErrorText.Describe(answer.Problem!)] }).ToProblem();
        }

        // An offline record is history: the car passed long ago, so the barrier is not opened now; the camera only
        // needs to hear that this record arrived and that the next may come.
        var reply = push.Offline
            ? new JsonObject { ["ContinuePushOffline"] = new JsonObject { ["plateid"] = push.RecordId, ["continue"] = 1 } }
            : new JsonObject
            {
                ["info"] = answer.Open ? "ok" : "no",
                ["plateid"] = push.RecordId,
                ["channelNum"] = 0,
                ["serialData"] = LaneDisplay.SerialData(text, answer.Outcome, answer.Outcome?.Session?.Plate.Value ?? push.License ?? ""),
            };
        return TypedResults.Json(new JsonObject { ["Response_AlarmInfoPlate"] = reply });
    }

    private static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> HeartbeatAsync(
        HttpRequest request, CameraDesk desk, CameraWhiteLists whiteLists, LotClock clock, CancellationToken cancellationToken)
    {
        if (request.ContentLength > 64 * 1024)
        {
            return JsonRequest.Problem("body", ErrorText.Get("Api.BodyTooLarge", 64));
        }

        string? serial = null;
        if (request.HasFormContentType)
        {
            try
            {
                serial = (await request.ReadFormAsync(cancellationToken))["serialno"].ToString();
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                return JsonRequest.Problem("body", ErrorText.Get("Api.BodyMalformed", 1, 1));
            }
        }
        else
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                var root = document.RootElement;
                serial = root.ValueKind != JsonValueKind.Object ? null
                    : root.TryGetProperty("heartbeat", out var beat) && beat.ValueKind == JsonValueKind.Object ? Text(beat, "serialno")
                    : Text(root, "serialno");
            }
            catch (JsonException ex)
            {
                return JsonRequest.Problem("body", ErrorText.Get("Api.BodyMalformed", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1));
            }
        }

        if (string.IsNullOrWhiteSpace(serial))
        {
            return JsonRequest.Problem("serialno", ErrorText.Get("Api.FieldRequired", "serialno"));
        }

        var device = await desk.HeardAsync(serial.Trim(), request.HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (device is null)
        {
            return ApiFailure.Of("Device.UnknownSerial", serial.Trim()).About("serialno").ToProblem();
        }

        var open = await desk.TakeOpenAsync(device, cancellationToken);
        var change = await whiteLists.NextAsync(device, cancellationToken);
        if (!open && change is null)
        {
            return TypedResults.Json(new JsonObject { ["Response_Heartbeat"] = new JsonObject { ["info"] = "no" } });
        }

        var reply = new JsonObject { ["info"] = open ? "ok" : "no", ["channelNum"] = 0 };
        if (change is not null)
        {
            reply["white_list_operate"] = WhiteListOperate(change, clock);
        }

        return TypedResults.Json(new JsonObject { ["Response_AlarmInfoPlate"] = reply });
    }

    // operate_type 0 adds or updates, 1 deletes; times in the camera's (the lot's) clock.
    private static JsonObject WhiteListOperate(WhiteListChange change, LotClock clock) => new()
    {
        ["operate_type"] = change.Delete ? 1 : 0,
        ["white_list_data"] = new JsonArray(change.Plates.Select(p =>
        {
            var row = new JsonObject { ["plate"] = p.Plate, ["enable"] = 1, ["need_alarm"] = 0 };
            if (!change.Delete && p.UntilUtc is { } until)
            {
                row["enable_time"] = clock.ToLocal(p.FromUtc ?? clock.UtcNow).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                row["overdue_time"] = clock.ToLocal(until).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            }

            return (JsonNode)row;
        }).ToArray()),
    };

    private static async Task<(CameraPlatePush? Push, ProblemHttpResult? Problem)> ReadPlateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxPushBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxPushBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        JsonElement alarm;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("AlarmInfoPlate", out var found) || found.ValueKind != JsonValueKind.Object)
            {
                return (null, JsonRequest.Problem("AlarmInfoPlate", ErrorText.Get("Device.NotAPlateRecord")));
            }

            alarm = found.Clone();
        }
        catch (JsonException ex)
        {
            return (null, JsonRequest.Problem("body", ErrorText.Get("Api.BodyMalformed", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1)));
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var serial = Text(alarm, "serialno");
        if (string.IsNullOrWhiteSpace(serial) || serial.Length > Domain.Devices.LaneDevice.MaxSerialLength)
        {
            errors["serialno"] = [ErrorText.Get("Device.SerialInvalid", Domain.Devices.LaneDevice.MaxSerialLength)];
        }

        var plate = alarm.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
            && result.TryGetProperty("PlateResult", out var plateResult) && plateResult.ValueKind == JsonValueKind.Object
            ? plateResult
            : default;
        if (plate.ValueKind != JsonValueKind.Object)
        {
            errors["PlateResult"] = [ErrorText.Get("Device.NotAPlateRecord")];
            return (null, ApiFailure.Invalid(errors).ToProblem());
        }

        var license = Text(plate, "license");
        if (license is null || license.Length > 16)
        {
            errors["license"] = [ErrorText.Get("Api.FieldRequired", "license")];
        }

        long recordId = 0;
        if (!plate.TryGetProperty("plateid", out var id) || !id.TryGetInt64(out recordId) || recordId < 0)
        {
            errors["plateid"] = [ErrorText.Get("Device.RecordIdInvalid")];
        }

        var confidence = plate.TryGetProperty("confidence", out var c) && c.TryGetInt32(out var value) ? value : 0;
        if (confidence is < 0 or > 100)
        {
            errors["confidence"] = [ErrorText.Get("Device.ConfidenceInvalid")];
        }

        var offline = plate.TryGetProperty("isoffline", out var o) && o.TryGetInt32(out var flag) && flag == 1;
        DateTime? readUtc = null;
        if (plate.TryGetProperty("timeStamp", out var stamp) && stamp.TryGetProperty("Timeval", out var timeval) && timeval.TryGetProperty("sec", out var sec)
            && sec.TryGetInt64(out var seconds) && seconds is > 0 and < 253_402_300_800)
        {
            readUtc = DateTime.UnixEpoch.AddSeconds(seconds);
        }
        else if (offline)
        {
            // An offline record without its time cannot be placed in the stay it belongs to.
            errors["timeStamp"] = [ErrorText.Get("Device.OfflineWithoutTime")];
        }

        byte[]? photo = null;
        if (Text(plate, "imageFile") is { Length: > 0 } image)
        {
            photo = new byte[image.Length / 4 * 3 + 3];
            if (!Convert.TryFromBase64String(image, photo, out var length))
            {
                errors["imageFile"] = [ErrorText.Get("Device.ImageNotBase64")];
            }
            else
            {
                Array.Resize(ref photo, length);
            }
        }

        if (errors.Count > 0)
        {
            return (null, ApiFailure.Invalid(errors).ToProblem());
        }

        return (new CameraPlatePush(serial!.Trim(), recordId, license!.Trim(), confidence, offline, readUtc, photo,
            request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? Text(alarm, "ipaddr")), null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ProblemHttpResult TooLarge() =>
        ApiFailure.Of("Device.PushTooLarge", MaxPushBytes / 1024 / 1024).About("imageFile").ToProblem();
}
