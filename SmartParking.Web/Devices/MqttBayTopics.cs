using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SmartParking.Domain.Common;
using SmartParking.Domain.Devices;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Lots;
using SmartParking.Web.Common;

namespace SmartParking.Web.Devices;

/// <summary>
/// Bay sensors on MQTT: <c>parking/{lot}/bay/{bay}/state</c> with <c>{"state":"occupied","at":"…"}</c> (or the bare word
/// <c>occupied</c> / <c>free</c>). The newest report by the sensor's time wins; what cannot be read is answered on
/// <c>…/error</c> naming the field, and nothing is written.
/// </summary>
public sealed class MqttBayTopics(MqttLink link, BaySensors bays, LotDirectory lots, LotClock clock, ILogger<MqttBayTopics> logger) : IMqttInbox
{
    public const int MaxStateBytes = 1024;

    private static readonly CultureInfo MessageCulture = CultureInfo.GetCultureInfo(CultureEndpoint.Supported[0]);

    public IReadOnlyList<string> Topics { get; } = ["parking/+/bay/+/state"];

    public bool Accepts(MqttDelivery delivery) => delivery.Levels is ["parking", _, "bay", _, "state"];

    public async Task ReceiveAsync(MqttDelivery delivery, CancellationToken cancellationToken)
    {
        var (lotCode, bayCode) = (delivery.Levels[1], delivery.Levels[3]);
        var lot = lotCode.Length <= Domain.Lots.Lot.MaxCodeLength ? await lots.FindAsync(lotCode, cancellationToken) : null;
        if (lot is null || lot.Code != lotCode)
        {
            await RefuseAsync(delivery, "lot", DomainError.Of("Lot.NotFound"), cancellationToken);
            return;
        }

        if (!BaySensor.IsValidCode(bayCode))
        {
            await RefuseAsync(delivery, "bay", DomainError.Of("Bay.CodeInvalid", BaySensor.MaxCodeLength), cancellationToken);
            return;
        }

        var (occupied, atUtc, field, problem) = StateOf(delivery.Payload);
        if (problem is not null)
        {
            await RefuseAsync(delivery, field!, problem, cancellationToken);
            return;
        }

        var (status, implausible) = await bays.ReportAsync(lot, bayCode, occupied, atUtc, cancellationToken);
        if (status == BayReportStatus.Implausible)
        {
            await RefuseAsync(delivery, "at", implausible!, cancellationToken);
        }
    }

    private (bool Occupied, DateTime? AtUtc, string? Field, DomainError? Problem) StateOf(byte[] payload)
    {
        if (payload.Length > MaxStateBytes)
        {
            return (false, null, "body", DomainError.Of("Mqtt.MessageTooLarge", MaxStateBytes / 1024));
        }

        var text = Encoding.UTF8.GetString(payload).Trim();
        if (text is "occupied" or "free")
        {
            return (text == "occupied", null, null, null);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (false, null, "body", DomainError.Of("Api.BodyMalformed", (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (false, null, "body", DomainError.Of("Api.BodyNotObject"));
        }

        var state = root.TryGetProperty("state", out var stateValue) && stateValue.ValueKind == JsonValueKind.String ? stateValue.GetString() : null;
        if (state is not ("occupied" or "free"))
        {
            return (false, null, "state", DomainError.Of("Bay.StateInvalid"));
        }

        DateTime? atUtc = null;
        if (root.TryGetProperty("at", out var atValue) && atValue.ValueKind != JsonValueKind.Null)
        {
            if (atValue.ValueKind != JsonValueKind.String || !LotTimeParser.TryParseInstant(atValue.GetString(), clock, out var at))
            {
                return (false, null, "at", DomainError.Of("Api.TimeUnreadable", atValue.ValueKind == JsonValueKind.String ? atValue.GetString()! : atValue.GetRawText()));
            }

            atUtc = at;
        }

        return (state == "occupied", atUtc, null, null);
    }

    private async Task RefuseAsync(MqttDelivery delivery, string field, DomainError error, CancellationToken cancellationToken)
    {
        var message = ErrorText.Describe(error, MessageCulture);
        logger.LogWarning("MQTT {Topic} refused: {Field} {Code} {Message}", delivery.Topic, field, error.Code, message);
        var problem = new JsonObject
        {
            ["topic"] = delivery.Topic,
            ["code"] = error.Code,
            ["field"] = field,
            ["message"] = message,
            ["errors"] = new JsonObject { [field] = new JsonArray(message) },
        };
        await link.PublishAsync(string.Join('/', delivery.Levels[..^1]) + "/error", JsonSerializer.SerializeToUtf8Bytes(problem, MqttLaneTopics.Json), cancellationToken);
    }
}
