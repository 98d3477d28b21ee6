using Microsoft.Extensions.Localization;
using System.Globalization;
using System.Text.Json.Nodes;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Billing;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Web.Devices;

/// <summary>
/// What the lane's LED board shows and its speaker says about the car in front of it — the plate on the first line, what
/// happens next on the second — as the RS-485 frames an IVS camera passes through (<c>serialData</c>).
/// </summary>
internal static class LaneDisplay
{
    public static JsonArray SerialData(IStringLocalizer<SharedResource> text, CaptureOutcome? outcome, string plate)
    {
        var (message, voice) = Say(text, outcome);
        byte[][] frames = [LedBoard.Line(0, plate), LedBoard.Line(1, message), LedBoard.Voice(voice)];
        return new JsonArray(frames.Select(frame => (JsonNode)new JsonObject
        {
            ["serialChannel"] = 0,
            ["data"] = Convert.ToBase64String(frame),
            ["dataLen"] = frame.Length,
        }).ToArray());
    }

    /// <summary>The board's second line and the speaker's words, for a controller that draws its own display (MQTT).</summary>
    public static (string Message, string Voice) Words(IStringLocalizer<SharedResource> text, CaptureOutcome? outcome) => Say(text, outcome);

    private static (string Message, string Voice) Say(IStringLocalizer<SharedResource> text, CaptureOutcome? outcome)
    {
        if (outcome is not { Status: CaptureStatus.Decided, Decision: { } decision, Lane: { } lane })
        {
            return Both(text["Led_PleaseWait"]);
        }

        var fee = (outcome.Fee ?? outcome.Session?.Due ?? 0m).ToString("0.00", CultureInfo.InvariantCulture);
        return (decision.Verdict, lane.Direction, decision.Cause) switch
        {
            (GateVerdict.Open, LaneDirection.Entry, _) when decision.CustomerClass == CustomerClass.Owner => Both(text["Led_WelcomeHome"]),
            (GateVerdict.Open, LaneDirection.Entry, _) => Both(text["Led_Welcome"]),
            (GateVerdict.Open, LaneDirection.Exit, _) => Both(text["Led_Goodbye"]),
            (GateVerdict.Hold, LaneDirection.Exit, _) when decision.Reason.Code == "Gate.PayFirst" => (text["Led_PayFirst", fee], text["Led_PayFirstVoice", fee]),
            (GateVerdict.Hold, LaneDirection.Entry, _) when decision.Reason.Code == "Gate.VisitorMustRegister" => (text["Led_Register"], text["Led_RegisterVoice"]),
            (GateVerdict.Deny, _, DenialCause.LotFull) => Both(text["Led_LotFull"]),
            (GateVerdict.Deny, _, DenialCause.Blacklisted) => Both(text["Led_NoEntry"]),
            _ => Both(text["Led_SeeTheBooth"]),
        };
    }

    private static (string, string) Both(string said) => (said, said);
}
