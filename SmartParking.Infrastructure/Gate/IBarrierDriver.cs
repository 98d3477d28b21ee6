namespace SmartParking.Infrastructure.Gate;

/// <summary>
/// A lane device that is told to open rather than asked: it gets the command at once instead of in the reply to its
/// next request (a Hikvision camera's ISAPI barrier call, an MQTT edge controller).
/// </summary>
public interface IBarrierDriver
{
    /// <summary>Opens the lane's barrier if this driver has a device there; the device that confirmed it, or null (none here, or it did not answer).</summary>
    Task<string?> OpenAsync(Guid lotId, string lane, CancellationToken cancellationToken);
}
