using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Common;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Devices;

/// <summary>A plate record as a camera that reads plates itself pushed it; <paramref name="Lane"/> when the route names the lane the camera must be on.</summary>
public sealed record CameraPlatePush(
    string SerialNumber, long RecordId, string? License, int Confidence, bool Offline, DateTime? ReadUtc, byte[]? Photo, string? Address, string? Lane = null);

public enum PushStatus
{
    /// <summary>Decided now (the barrier opens or holds as the outcome says).</summary>
    Decided,

    /// <summary>The camera sent this record before: answered as then, nothing decided again.</summary>
    Repeated,

    UnknownDevice,

    /// <summary>An offline record dated where no car can have been (the camera's clock is wrong): not applied.</summary>
    Implausible,
}

/// <summary>How a camera is doing: whether it talks, when it last pushed a read, how many reads and replayed offline records it pushed today.</summary>
public sealed record CameraHealth(LaneDevice Device, bool Online, DateTime? LastReadUtc, int ReadsToday, int OfflineToday);

/// <summary>Where a camera's barrier is opened by calling the camera (Hikvision ISAPI).</summary>
public sealed record CameraControl(string? Url, string? User, int Channel);

public sealed record PushAnswer(PushStatus Status, bool Open, CaptureOutcome? Outcome, DomainError? Problem = null, LaneDevice? Device = null);

/// <summary>
/// The cameras registered on lanes and what they push: a heartbeat keeps a camera online and collects the guard's
/// pending "open"; a plate record goes through the lane's gate once — a record sent again (a retry, or the offline
/// records a camera replays after an outage, with their own timestamps) is answered as it was the first time.
/// </summary>
public sealed class CameraDesk(
    IDbContextFactory<ParkingDbContext> dbFactory,
    LaneCameras cameras,
    LaneBarrier barrier,
    LotDirectory lots,
    PlausibleTimes times,
    LotClock clock,
    IOptions<DemoSettings> demo,
    ILogger<CameraDesk> logger)
{
    public const string NoPlate = "_无_";

    public async Task<IReadOnlyList<LaneDevice>> OfLotAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LaneDevices.AsNoTracking().Where(d => d.LotId == lotId).OrderBy(d => d.LaneCode).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CameraHealth>> HealthAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var devices = await OfLotAsync(lotId, cancellationToken);
        var serials = devices.Select(d => d.SerialNumber).ToList();
        var (todayUtc, _) = clock.DayBoundsUtc(DateOnly.FromDateTime(clock.LocalNow));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var reads = await db.CameraRecords.AsNoTracking().Where(r => serials.Contains(r.SerialNumber))
            .GroupBy(r => r.SerialNumber)
            .Select(g => new { Serial = g.Key, Last = g.Max(r => r.ReceivedUtc), Today = g.Count(r => r.ReceivedUtc >= todayUtc), Offline = g.Count(r => r.Offline && r.ReceivedUtc >= todayUtc) })
            .ToDictionaryAsync(r => r.Serial, cancellationToken);
        var now = clock.UtcNow;
        return devices.Select(d => reads.TryGetValue(d.SerialNumber, out var r)
                ? new CameraHealth(d, d.IsOnline(now), r.Last, r.Today, r.Offline)
                : new CameraHealth(d, d.IsOnline(now), null, 0, 0))
            .ToList();
    }

    /// <summary>The lot's cameras that were heard once and have gone quiet: the booth warns the guard about each.</summary>
    public async Task<IReadOnlyList<LaneDevice>> SilentAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        return (await OfLotAsync(lotId, cancellationToken)).Where(d => d.LastHeardUtc is not null && !d.IsOnline(now)).ToList();
    }

    /// <summary>Registers a camera's serial number on a lane (audited); a serial already in use anywhere is refused.</summary>
    public async Task<LaneDevice> RegisterAsync(
        Guid lotId, string laneCode, CameraProtocol protocol, string serialNumber, string actor, CancellationToken cancellationToken = default,
        CameraControl? control = null, string? boundAddress = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = laneCode.Trim().ToLowerInvariant();
        if (!await db.Lanes.AnyAsync(l => l.LotId == lotId && l.Code == code, cancellationToken))
        {
            throw new DomainException("Lane.NotFound", laneCode);
        }

        // A Hikvision camera is known by its MAC address, which it writes in lower or upper case as it pleases.
        var device = LaneDevice.Register(lotId, code, protocol, protocol == CameraProtocol.Hikvision ? serialNumber?.Trim().ToLowerInvariant() : serialNumber, clock.UtcNow);
        if (control is not null)
        {
            device.ControlAt(control.Url, control.User, control.Channel);
        }

        device.BindTo(boundAddress);

        if (await db.LaneDevices.AnyAsync(d => d.SerialNumber == device.SerialNumber, cancellationToken))
        {
            throw new DomainException("Device.SerialTaken", device.SerialNumber);
        }

        db.LaneDevices.Add(device);
        db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, actor, "RegisterCamera", $"Lane {code}", null, $"{protocol} {device.SerialNumber}{(device.BoundAddress is null ? "" : " @" + device.BoundAddress)}", lotId: lotId));
        await db.SaveChangesAsync(cancellationToken);
        return device;
    }

    /// <summary>A heartbeat: the camera is online; null for a serial no lane knows.</summary>
    public async Task<LaneDevice?> HeardAsync(string serialNumber, string? address, CancellationToken cancellationToken = default)
    {
        // The demo serials are printed in the README: anywhere but a demo they must open nothing, like the demo keys.
        if (!demo.Value.Enabled && serialNumber is DatabaseStartup.DemoIvsEntrySerial or DatabaseStartup.DemoIvsExitSerial)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.LaneDevices.FirstOrDefaultAsync(d => d.SerialNumber == serialNumber, cancellationToken);
        // An MQTT controller's serial is made from its lot and lane codes: it must not let an HTTP push speak for it.
        if (device is null || device.Protocol == CameraProtocol.Mqtt)
        {
            return null;
        }

        if (!device.Accepts(address))
        {
            logger.LogWarning("A push for camera {Serial} came from {Address}, not from {Bound}: refused", serialNumber, address, device.BoundAddress);
            return null;
        }

        if (device.Heard(clock.UtcNow, address))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return device;
    }

    /// <summary>Whether a guard's "open" (or a payment at the exit) waits for this camera's barrier; taken by the answer that says yes.</summary>
    public Task<bool> TakeOpenAsync(LaneDevice device, CancellationToken cancellationToken = default) =>
        barrier.TakeOpenAsync(device.LotId, device.LaneCode, device.SerialNumber, cancellationToken);

    public async Task<PushAnswer> PlateAsync(CameraPlatePush push, CancellationToken cancellationToken = default)
    {
        if (await HeardAsync(push.SerialNumber, push.Address, cancellationToken) is not { } device
            || (push.Lane is { } lane && !string.Equals(device.LaneCode, lane.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return new PushAnswer(PushStatus.UnknownDevice, false, null);
        }

        if (await RecordAsync(push, cancellationToken) is { } earlier)
        {
            return new PushAnswer(PushStatus.Repeated, earlier.Opened, null, Device: device);
        }

        // A live read happens now, whatever the camera's clock says; an offline one happened when the camera says.
        var readUtc = push.Offline && push.ReadUtc is { } stamped ? stamped : clock.UtcNow;
        if (push.Offline && await lots.FindAsync(device.LotId, cancellationToken) is { } lot && times.Check(lot, readUtc) is { } implausible)
        {
            return new PushAnswer(PushStatus.Implausible, false, null, implausible);
        }

        var plate = push.License is { Length: > 0 } license && license != NoPlate && PlateNumber.TryParse(license, out var parsed, out _) ? parsed : null;
        var outcome = await cameras.CameraReadAsync(device.LotId, device.LaneCode, plate, push.Confidence / 100.0, push.Photo, readUtc, $"IVS {device.SerialNumber}", cancellationToken);
        var open = outcome.Status == CaptureStatus.Decided && outcome.Decision?.Verdict == GateVerdict.Open;
        var waitsForEntry = push.Offline && plate is not null && outcome.Lane?.Direction == LaneDirection.Exit && outcome.Session is null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.CameraRecords.Add(CameraRecord.Keep(device.SerialNumber, push.RecordId, plate?.Value ?? NoPlate, readUtc, clock.UtcNow, push.Offline, open, outcome.Capture?.Id, waitsForEntry));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same record arrived twice at once: the gate itself answered the second read as repeated.
            var racing = await RecordAsync(push, cancellationToken) ?? throw new InvalidOperationException($"camera record {push.SerialNumber}/{push.RecordId} was neither written nor found");
            return new PushAnswer(PushStatus.Repeated, racing.Opened, outcome, Device: device);
        }

        if (push.Offline && outcome.Lane?.Direction == LaneDirection.Entry && outcome.Session is { } stay)
        {
            await CloseWithWaitingExitAsync(device.LotId, stay, cancellationToken);
        }
        else if (waitsForEntry && await OpenStayBeforeAsync(device.LotId, plate!, readUtc, cancellationToken) is { } arrivedMeanwhile)
        {
            // The entry was written between this exit's read and its record: the entry looked for a waiting exit too early.
            await CloseWithWaitingExitAsync(device.LotId, arrivedMeanwhile, cancellationToken);
        }

        return new PushAnswer(PushStatus.Decided, open, outcome, Device: device);
    }

    // The entry of an offline exit that came first has arrived: the exit is applied now, at its own time.
    private async Task CloseWithWaitingExitAsync(Guid lotId, ParkingSession stay, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var exitSerials = db.LaneDevices.Where(d => d.LotId == lotId && db.Lanes.Any(l => l.LotId == lotId && l.Code == d.LaneCode && l.Direction == LaneDirection.Exit))
            .Select(d => d.SerialNumber);
        var waiting = await db.CameraRecords
            .Where(r => r.WaitsForEntry && r.Plate == stay.Plate.Value && r.ReadUtc > stay.EntryUtc && exitSerials.Contains(r.SerialNumber))
            .OrderBy(r => r.ReadUtc)
            .FirstOrDefaultAsync(cancellationToken);
        if (waiting is null || await db.LaneDevices.AsNoTracking().FirstOrDefaultAsync(d => d.SerialNumber == waiting.SerialNumber, cancellationToken) is not { } exitCamera)
        {
            return;
        }

        // The entry's replay and the exit's may both find the other: whoever takes the waiting record applies the exit.
        if (await db.CameraRecords.Where(r => r.Id == waiting.Id && r.WaitsForEntry).ExecuteUpdateAsync(r => r.SetProperty(x => x.WaitsForEntry, false), cancellationToken) == 0)
        {
            return;
        }

        var outcome = await cameras.CameraReadAsync(lotId, exitCamera.LaneCode, stay.Plate, 1.0, null, waiting.ReadUtc, $"IVS {exitCamera.SerialNumber}", cancellationToken);
        if (outcome.Session is null)
        {
            await db.CameraRecords.Where(r => r.Id == waiting.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.WaitsForEntry, true), cancellationToken);
        }
    }

    private async Task<ParkingSession?> OpenStayBeforeAsync(Guid lotId, PlateNumber plate, DateTime readUtc, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ParkingSessions.AsNoTracking().Where(ParkingSession.IsOpen)
            .FirstOrDefaultAsync(s => s.LotId == lotId && s.Plate == plate && s.EntryUtc < readUtc, cancellationToken);
    }

    private async Task<CameraRecord?> RecordAsync(CameraPlatePush push, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CameraRecords.AsNoTracking().FirstOrDefaultAsync(r => r.SerialNumber == push.SerialNumber && r.RecordId == push.RecordId, cancellationToken);
    }
}
