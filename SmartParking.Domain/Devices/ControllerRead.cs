using SmartParking.Domain.Gate;

namespace SmartParking.Domain.Devices;

/// <summary>
/// A plate read an edge controller published over MQTT, kept by (lot, lane, the controller's read id) with the gate's
/// answer, so that a message the broker delivers again (QoS 1 is "at least once") is answered with the same command
/// and decided once.
/// </summary>
public sealed class ControllerRead
{
    public const int MaxIdLength = 64;
    public const int MaxWordsLength = 64;

    private ControllerRead()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string LaneCode { get; private set; } = "";

    /// <summary>The controller's own id of the read.</summary>
    public string ReadId { get; private set; } = "";

    /// <summary>The plate read, or <c>_无_</c> when the controller saw a car but no plate.</summary>
    public string Plate { get; private set; } = "";

    public DateTime ReadUtc { get; private set; }

    public DateTime ReceivedUtc { get; private set; }

    public GateVerdict Verdict { get; private set; }

    /// <summary>Whether the command told the barrier to open.</summary>
    public bool Opened { get; private set; }

    /// <summary>The decision's reason as a coded error (<see cref="Common.DomainError.Encode"/>).</summary>
    public string Reason { get; private set; } = "";

    /// <summary>The fee the car owes at an exit, shown on the lane's display.</summary>
    public decimal? Fee { get; private set; }

    public Guid? CaptureId { get; private set; }

    /// <summary>What the lane's display showed, kept so that a repeat shows the same.</summary>
    public string Display { get; private set; } = "";

    /// <summary>What the lane's speaker said.</summary>
    public string Voice { get; private set; } = "";

    public static ControllerRead Keep(
        Guid lotId, string laneCode, string readId, string plate, DateTime readUtc, DateTime receivedUtc,
        GateVerdict verdict, bool opened, string reason, decimal? fee, Guid? captureId, string display, string voice) => new()
    {
        Display = display.Length > MaxWordsLength ? display[..MaxWordsLength] : display,
        Voice = voice.Length > MaxWordsLength ? voice[..MaxWordsLength] : voice,
        Id = Guid.NewGuid(),
        LotId = lotId,
        LaneCode = laneCode,
        ReadId = readId,
        Plate = plate,
        ReadUtc = readUtc,
        ReceivedUtc = receivedUtc,
        Verdict = verdict,
        Opened = opened,
        Reason = reason,
        Fee = fee,
        CaptureId = captureId,
    };
}
