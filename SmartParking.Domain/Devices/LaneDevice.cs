using System.Text.RegularExpressions;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.Devices;

/// <summary>How a lane's camera talks to us.</summary>
public enum CameraProtocol
{
    /// <summary>It posts photos to <c>/api/lanes/{lane}/capture</c> with its key; our recognition reads them.</summary>
    Photo,

    /// <summary>A Zhenshi / Alphadigi camera that reads the plate itself and pushes the result (the "IVS" HTTP push).</summary>
    Ivs,

    /// <summary>
    /// An edge controller on the MQTT broker: it publishes plate reads and heartbeats and obeys the commands we publish.
    /// Registered by its first message (the broker's login is its credential), not by an admin.
    /// </summary>
    Mqtt,
}

/// <summary>
/// A camera registered on a lane by its serial number. A camera that reads plates itself identifies by the serial in
/// every push (it cannot send our key header), so the serial is the lane's name for it; the last time it was heard is
/// what "online" means on the lanes page.
/// </summary>
public sealed partial class LaneDevice
{
    public const int MaxSerialLength = 64;

    /// <summary>No heartbeat or read for this long: the camera shows offline.</summary>
    public static readonly TimeSpan OnlineFor = TimeSpan.FromSeconds(60);

    private LaneDevice()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string LaneCode { get; private set; } = "";

    public CameraProtocol Protocol { get; private set; }

    public string SerialNumber { get; private set; } = "";

    public DateTime RegisteredUtc { get; private set; }

    public DateTime? LastHeardUtc { get; private set; }

    /// <summary>The address the camera last pushed from, for the lanes page and for the admin checking a camera.</summary>
    public string? LastAddress { get; private set; }

    public static LaneDevice Register(Guid lotId, string laneCode, CameraProtocol protocol, string? serialNumber, DateTime nowUtc)
    {
        var serial = serialNumber?.Trim() ?? "";
        if (!SerialPattern().IsMatch(serial))
        {
            throw new DomainException("Device.SerialInvalid", MaxSerialLength);
        }

        return new LaneDevice
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            LaneCode = laneCode,
            Protocol = protocol,
            SerialNumber = serial,
            RegisteredUtc = nowUtc,
        };
    }

    public void Heard(DateTime nowUtc, string? address)
    {
        // A delayed request must not move the last-heard time backwards.
        if (LastHeardUtc is null || nowUtc > LastHeardUtc)
        {
            LastHeardUtc = nowUtc;
        }

        LastAddress = address?.Length > 64 ? address[..64] : address;
    }

    public bool IsOnline(DateTime nowUtc) => LastHeardUtc is { } heard && nowUtc - heard <= OnlineFor;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex SerialPattern();
}
