using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SmartParking.Domain.Common;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;
using Microsoft.Extensions.Localization;
using SmartParking.Web.Common;
using SmartParking.Web.Recognition;

namespace SmartParking.Web.Devices;

/// <summary>
/// Edge controllers on MQTT: <c>parking/{lot}/lane/{lane}/read</c> goes through the lane's gate like a camera's HTTP
/// push and is answered on <c>…/command</c> with the read's id; <c>…/heartbeat</c> keeps the controller online; what
/// cannot be read is answered on <c>…/error</c> naming the field, and nothing is written. A guard's open (or a payment
/// at the exit) for a lane a controller drives is published as a command with no read id at once.
/// </summary>
public sealed partial class MqttLaneTopics : IMqttInbox
{
    // A 10 MB picture as base64 plus the read around it, as the IVS push allows.
    public const int MaxReadBytes = PhotoUpload.MaxImageBytes / 3 * 4 + 64 * 1024;
    public const int MaxHeartbeatBytes = 4 * 1024;

    /// <summary>Chinese as characters, not \u escapes: controllers show the text, and people read the topics with mosquitto_sub.</summary>
    internal static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The lane's display speaks the installation's language, whoever is signed in anywhere.</summary>
    private static readonly CultureInfo DisplayCulture = CultureInfo.GetCultureInfo(CultureEndpoint.Supported[0]);

    private readonly MqttLink _link;
    private readonly LaneControllers _controllers;
    private readonly LotDirectory _lots;
    private readonly LotClock _clock;
    private readonly IStringLocalizer<SharedResource> _text;
    private readonly ILogger<MqttLaneTopics> _logger;

    public MqttLaneTopics(MqttLink link, LaneControllers controllers, LaneBarrier barrier, LotDirectory lots, LotClock clock, IStringLocalizer<SharedResource> text, ILogger<MqttLaneTopics> logger)
    {
        _link = link;
        _controllers = controllers;
        _lots = lots;
        _clock = clock;
        _text = text;
        _logger = logger;
        barrier.Opening += command => _ = SendOpenAsync(command);
    }

    public IReadOnlyList<string> Topics { get; } = ["parking/+/lane/+/read", "parking/+/lane/+/heartbeat"];

    public bool Accepts(MqttDelivery delivery) =>
        delivery.Levels is ["parking", _, "lane", _, "read" or "heartbeat"];

    public async Task ReceiveAsync(MqttDelivery delivery, CancellationToken cancellationToken)
    {
        CultureInfo.CurrentUICulture = DisplayCulture;
        var (lotCode, laneCode, kind) = (delivery.Levels[1], delivery.Levels[3], delivery.Levels[4]);
        var (lot, lane) = CodePattern().IsMatch(lotCode) && CodePattern().IsMatch(laneCode)
            ? await _controllers.FindAsync(lotCode, laneCode, cancellationToken)
            : (null, null);
        if (lot is null || lane is null)
        {
            var unknown = lot is null ? ("lot", DomainError.Of("Lot.NotFound")) : ("lane", DomainError.Of("Lane.NotFound", laneCode));
            await RefuseAsync(delivery, IdOf(delivery.Payload), unknown.Item1, unknown.Item2, cancellationToken);
            return;
        }

        if (kind == "heartbeat")
        {
            if (delivery.Payload.Length > MaxHeartbeatBytes)
            {
                await RefuseAsync(delivery, null, "body", DomainError.Of("Mqtt.MessageTooLarge", MaxHeartbeatBytes / 1024), cancellationToken);
                return;
            }

            await _controllers.HeardAsync(lot, lane, cancellationToken);
            if (await _controllers.TakeOpenAsync(lot, lane.Code, cancellationToken))
            {
                // An open the controller could not have heard (the broker or the controller was away) goes with its next sign of life.
                await PublishCommandAsync(lot, lane.Code, OpenCommand(null), cancellationToken);
            }

            return;
        }

        var (read, field, problem) = ReadOf(delivery.Payload);
        if (read is null)
        {
            await RefuseAsync(delivery, IdOf(delivery.Payload), field!, problem!, cancellationToken);
            return;
        }

        var answer = await _controllers.ReadAsync(lot, lane, read, outcome => LaneDisplay.Words(_text, outcome), cancellationToken);
        switch (answer.Status)
        {
            case ControllerReadStatus.Implausible:
                await RefuseAsync(delivery, read.ReadId, "at", answer.Problem!, cancellationToken);
                return;
            case ControllerReadStatus.UnknownLane:
                await RefuseAsync(delivery, read.ReadId, "lane", DomainError.Of("Lane.NotFound", laneCode), cancellationToken);
                return;
        }

        await PublishCommandAsync(lot, lane.Code, CommandFor(answer.Read!), cancellationToken);
    }

    /// <summary>The command a kept read answers, the same each time the read comes again.</summary>
    public JsonObject CommandFor(ControllerRead read)
    {
        var reason = DomainError.TryDecode(read.Reason, out var coded) ? coded : DomainError.Of("Gate.CameraReadNoPlate");
        return new JsonObject
        {
            ["id"] = read.ReadId,
            ["open"] = read.Opened,
            ["verdict"] = read.Verdict.ToString().ToLowerInvariant(),
            ["plate"] = read.Plate == LaneControllers.NoPlate ? "" : read.Plate,
            ["text"] = read.Display,
            ["voice"] = read.Voice,
            ["reason"] = reason.Code,
            ["reason_text"] = ErrorText.Describe(reason, DisplayCulture),
            ["fee"] = read.Fee,
            ["at"] = LotTimeParser.Iso(_clock.ToLocal(read.ReadUtc)),
        };
    }

    /// <summary>An open that is no read's answer: a guard's by hand, a payment at the exit, a car let out unpaid.</summary>
    private JsonObject OpenCommand(BarrierCommand? command) => new()
    {
        ["id"] = null,
        ["open"] = true,
        ["verdict"] = "open",
        ["plate"] = "",
        ["text"] = _text["Led_PleaseGo"].Value,
        ["voice"] = _text["Led_PleaseGo"].Value,
        ["reason"] = "Gate.OpenedByHand",
        ["reason_text"] = ErrorText.Describe(DomainError.Of("Gate.OpenedByHand"), DisplayCulture),
        ["cause"] = command?.Cause.ToString().ToLowerInvariant(),
        ["command_id"] = command?.Id,
        ["fee"] = null,
        ["at"] = LotTimeParser.Iso(_clock.LocalNow),
    };

    private async Task SendOpenAsync(BarrierCommand command)
    {
        try
        {
            CultureInfo.CurrentUICulture = DisplayCulture;
            if (!_link.State.Connected || !await _controllers.DrivesAsync(command.LotId, command.LaneCode) || await _lots.FindAsync(command.LotId) is not { } lot)
            {
                return;
            }

            if (await PublishCommandAsync(lot, command.LaneCode, OpenCommand(command), CancellationToken.None))
            {
                await _controllers.TakeOpenAsync(lot, command.LaneCode);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "The open for lane {Lane} was not sent over MQTT", command.LaneCode);
        }
    }

    private Task<bool> PublishCommandAsync(Lot lot, string laneCode, JsonObject command, CancellationToken cancellationToken) =>
        _link.PublishAsync($"parking/{lot.Code}/lane/{laneCode}/command", JsonSerializer.SerializeToUtf8Bytes(command, Json), cancellationToken);

    private async Task RefuseAsync(MqttDelivery delivery, string? readId, string field, DomainError error, CancellationToken cancellationToken)
    {
        var message = ErrorText.Describe(error, DisplayCulture);
        _logger.LogWarning("MQTT {Topic} refused: {Field} {Code} {Message}", delivery.Topic, field, error.Code, message);
        var problem = new JsonObject
        {
            ["id"] = readId,
            ["topic"] = delivery.Topic,
            ["code"] = error.Code,
            ["field"] = field,
            ["message"] = message,
            ["errors"] = new JsonObject { [field] = new JsonArray(message) },
        };
        var errorTopic = string.Join('/', delivery.Levels[..^1]) + "/error";
        await _link.PublishAsync(errorTopic, JsonSerializer.SerializeToUtf8Bytes(problem, Json), cancellationToken);
    }

    /// <summary>The read in a message, or the first field that makes it unusable.</summary>
    internal (ControllerPlateRead? Read, string? Field, DomainError? Problem) ReadOf(byte[] payload)
    {
        if (payload.Length > MaxReadBytes)
        {
            return (null, "picture", DomainError.Of("Mqtt.MessageTooLarge", MaxReadBytes / 1024));
        }

        if (payload.Length == 0)
        {
            return (null, "body", DomainError.Of("Api.BodyEmpty"));
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, "body", DomainError.Of("Api.BodyMalformed", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "body", DomainError.Of("Api.BodyNotObject"));
        }

        var id = root.TryGetProperty("id", out var idValue) ? idValue.ValueKind switch
        {
            JsonValueKind.String => idValue.GetString(),
            JsonValueKind.Number => idValue.GetRawText(),
            _ => null,
        } : null;
        if (id is null || !ReadIdPattern().IsMatch(id))
        {
            return (null, "id", DomainError.Of("Mqtt.ReadIdInvalid", ControllerRead.MaxIdLength));
        }

        if (!root.TryGetProperty("plate", out var plateValue) || plateValue.ValueKind != JsonValueKind.String)
        {
            return (null, "plate", DomainError.Of("Api.FieldRequired", "plate"));
        }

        PlateNumber? plate = null;
        var text = plateValue.GetString()!.Trim();
        if (text.Length > 0 && text != LaneControllers.NoPlate)
        {
            if (!PlateNumber.TryParse(text, out plate, out var plateError))
            {
                return (null, "plate", plateError);
            }
        }

        if (!root.TryGetProperty("confidence", out var confidenceValue) || confidenceValue.ValueKind != JsonValueKind.Number
            || !confidenceValue.TryGetDouble(out var confidence) || confidence is < 0 or > 1 || double.IsNaN(confidence))
        {
            return (null, "confidence", DomainError.Of("Mqtt.ConfidenceInvalid"));
        }

        DateTime? readUtc = null;
        if (root.TryGetProperty("at", out var atValue) && atValue.ValueKind != JsonValueKind.Null)
        {
            if (atValue.ValueKind != JsonValueKind.String || !LotTimeParser.TryParseInstant(atValue.GetString(), _clock, out var at))
            {
                return (null, "at", DomainError.Of("Api.TimeUnreadable", atValue.ValueKind == JsonValueKind.String ? atValue.GetString()! : atValue.GetRawText()));
            }

            readUtc = at;
        }

        byte[]? picture = null;
        if (root.TryGetProperty("picture", out var pictureValue) && pictureValue.ValueKind != JsonValueKind.Null)
        {
            var base64 = pictureValue.ValueKind == JsonValueKind.String ? pictureValue.GetString()! : null;
            var buffer = new byte[(base64?.Length ?? 0) / 4 * 3 + 3];
            if (base64 is null || !Convert.TryFromBase64String(base64, buffer, out var length))
            {
                return (null, "picture", DomainError.Of("Mqtt.PictureNotBase64"));
            }

            picture = length == 0 ? null : buffer[..length];
        }

        return (new ControllerPlateRead(id, plate, confidence, readUtc, picture), null, null);
    }

    private static string? IdOf(byte[] payload)
    {
        if (payload.Length > MaxReadBytes)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind is JsonValueKind.String or JsonValueKind.Number && id.GetRawText().Length <= ControllerRead.MaxIdLength + 2
                ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex ReadIdPattern();
}
