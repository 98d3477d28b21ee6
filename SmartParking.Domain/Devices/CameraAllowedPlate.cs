namespace SmartParking.Domain.Devices;

/// <summary>
/// A plate a camera holds on its own white list, as we last told it: what lets an owner in while the server is down.
/// The camera cannot be asked what it holds, so this is the server's record of what it sent.
/// </summary>
public sealed class CameraAllowedPlate
{
    private CameraAllowedPlate()
    {
    }

    public Guid Id { get; private set; }

    public string SerialNumber { get; private set; } = "";

    public string Plate { get; private set; } = "";

    /// <summary>Null: with no end (an owner's car).</summary>
    public DateTime? UntilUtc { get; private set; }

    public DateTime SentUtc { get; private set; }

    public static CameraAllowedPlate Sent(string serialNumber, string plate, DateTime? untilUtc, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        SerialNumber = serialNumber,
        Plate = plate,
        UntilUtc = untilUtc,
        SentUtc = nowUtc,
    };

    public void Resent(DateTime? untilUtc, DateTime nowUtc)
    {
        UntilUtc = untilUtc;
        SentUtc = nowUtc;
    }
}
