namespace SmartParking.Domain.Devices;

/// <summary>
/// A plate record a camera pushed, kept by (serial number, the camera's record id) so that a record sent again — a
/// retry, or the offline records a camera replays after an outage — is answered as the first time and decided once.
/// </summary>
public sealed class CameraRecord
{
    private CameraRecord()
    {
    }

    public Guid Id { get; private set; }

    public string SerialNumber { get; private set; } = "";

    /// <summary>The camera's own id of the record (IVS <c>plateid</c>).</summary>
    public long RecordId { get; private set; }

    public string Plate { get; private set; } = "";

    /// <summary>When the camera read the plate (its own timestamp, which for an offline record is long before it arrived).</summary>
    public DateTime ReadUtc { get; private set; }

    public DateTime ReceivedUtc { get; private set; }

    public bool Offline { get; private set; }

    /// <summary>Whether the answer opened the barrier; a repeat is answered the same.</summary>
    public bool Opened { get; private set; }

    public Guid? CaptureId { get; private set; }

    /// <summary>
    /// An offline exit that found no stay to close: its entry had not arrived yet (each camera replays its own backlog,
    /// so an exit can come before its entry). It is applied again when that entry arrives.
    /// </summary>
    public bool WaitsForEntry { get; private set; }

    public static CameraRecord Keep(string serialNumber, long recordId, string plate, DateTime readUtc, DateTime receivedUtc, bool offline, bool opened, Guid? captureId, bool waitsForEntry = false) => new()
    {
        WaitsForEntry = waitsForEntry,
        Id = Guid.NewGuid(),
        SerialNumber = serialNumber,
        RecordId = recordId,
        Plate = plate,
        ReadUtc = readUtc,
        ReceivedUtc = receivedUtc,
        Offline = offline,
        Opened = opened,
        CaptureId = captureId,
    };
}
