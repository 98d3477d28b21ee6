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

    /// <summary>
    /// A Hikvision ANPR camera pushing ISAPI alarms (<c>EventNotificationAlert</c>); known by its MAC address, its barrier
    /// opened through the ISAPI call at <see cref="LaneDevice.ControlUrl"/>.
    /// </summary>
    Hikvision,
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

    /// <summary>
    /// When set, the only address this camera's pushes are believed from: the serial number alone is a weak name (it is
    /// printed on the camera), the address the lot's own network gives the camera makes a copied serial useless elsewhere.
    /// </summary>
    public string? BoundAddress { get; private set; }

    public void BindTo(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            BoundAddress = null;
            return;
        }

        if (!System.Net.IPAddress.TryParse(address.Trim(), out var parsed))
        {
            throw new DomainException("Device.AddressInvalid");
        }

        BoundAddress = parsed.ToString();
    }

    /// <summary>Whether a push from <paramref name="address"/> may speak for this camera.</summary>
    public bool Accepts(string? address) =>
        BoundAddress is null || (System.Net.IPAddress.TryParse(address, out var from) && (from.IsIPv4MappedToIPv6 ? from.MapToIPv4() : from).ToString() == BoundAddress);

    /// <summary>Where the barrier is opened for a device that cannot take the command in a reply (Hikvision ISAPI): the device's base address.</summary>
    public string? ControlUrl { get; private set; }

    public string? ControlUser { get; private set; }

    /// <summary>The barrier's channel on the device (ISAPI <c>/ISAPI/Parking/channels/{n}/barrierGate</c>).</summary>
    public int ControlChannel { get; private set; } = 1;

    /// <summary>Where to open this device's barrier. The password is the site's secret: it comes from the environment, never from here.</summary>
    public void ControlAt(string? url, string? user, int channel)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || address.UserInfo.Length > 0 || url!.Length > 200)
        {
            throw new DomainException("Device.ControlUrlInvalid");
        }

        if (string.IsNullOrWhiteSpace(user) || user.Trim().Length > 64)
        {
            throw new DomainException("Device.ControlUserInvalid");
        }

        if (channel is < 1 or > 16)
        {
            throw new DomainException("Device.ControlChannelInvalid");
        }

        ControlUrl = address.GetLeftPart(UriPartial.Authority);
        ControlUser = user.Trim();
        ControlChannel = channel;
    }

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

    /// <summary>
    /// The camera spoke now; false when that changes nothing worth a write: a camera pushing every second would
    /// otherwise cost the lot a transaction per read for a time that only needs to be right to a few seconds
    /// (online means heard within a minute).
    /// </summary>
    public bool Heard(DateTime nowUtc, string? address)
    {
        var from = address?.Length > 64 ? address[..64] : address;
        if (LastHeardUtc is { } last && nowUtc - last < HeardPrecision && from == LastAddress)
        {
            return false;
        }

        // A delayed request must not move the last-heard time backwards.
        if (LastHeardUtc is null || nowUtc > LastHeardUtc)
        {
            LastHeardUtc = nowUtc;
        }

        LastAddress = from;
        return true;
    }

    /// <summary>How stale the last-heard time may be: well inside <see cref="OnlineFor"/>.</summary>
    public static readonly TimeSpan HeardPrecision = TimeSpan.FromSeconds(10);

    public bool IsOnline(DateTime nowUtc) => LastHeardUtc is { } heard && nowUtc - heard <= OnlineFor;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")]
    private static partial Regex SerialPattern();
}
