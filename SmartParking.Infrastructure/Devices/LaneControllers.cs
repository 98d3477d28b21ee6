using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Common;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Devices;

/// <summary>A plate read as an edge controller published it; the plate is null when it saw a car but no plate.</summary>
public sealed record ControllerPlateRead(string ReadId, PlateNumber? Plate, double Confidence, DateTime? ReadUtc, byte[]? Picture);

public enum ControllerReadStatus
{
    /// <summary>Decided now: the barrier opens or holds as the kept read says.</summary>
    Decided,

    /// <summary>The broker delivered this read before: answered as then, nothing decided again.</summary>
    Repeated,

    UnknownLane,

    /// <summary>Dated where no car can have been (the controller's clock is wrong): not applied.</summary>
    Implausible,
}

public sealed record ControllerAnswer(ControllerReadStatus Status, ControllerRead? Read, DomainError? Problem = null);

/// <summary>
/// The lanes whose barrier an edge controller drives over MQTT: a heartbeat or a read registers the controller on its
/// lane (a <see cref="LaneDevice"/> of protocol MQTT, online while heard), and a read goes through the lane's gate once
/// — a read the broker delivers again is answered with the command kept for it.
/// </summary>
public sealed class LaneControllers(
    IDbContextFactory<ParkingDbContext> dbFactory,
    LaneCameras cameras,
    LaneBarrier barrier,
    PlausibleTimes times,
    LotClock clock,
    ILogger<LaneControllers> logger)
{
    public const string NoPlate = "_无_";

    private readonly ConcurrentDictionary<(Guid LotId, string Lane), bool> _controlled = new();

    /// <summary>The lot of this code and its enabled lane of this code, as a topic names them; null for either unknown.</summary>
    public async Task<(Lot? Lot, Lane? Lane)> FindAsync(string lotCode, string laneCode, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lot = await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.Code == lotCode, cancellationToken);
        if (lot is null)
        {
            return (null, null);
        }

        var lane = await db.Lanes.AsNoTracking().FirstOrDefaultAsync(l => l.LotId == lot.Id && l.Code == laneCode && l.Enabled, cancellationToken);
        return (lot, lane);
    }

    /// <summary>The controller of this lane was heard: it shows online on the lanes page, and a guard's open goes to it.</summary>
    public async Task HeardAsync(Lot lot, Lane lane, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.LaneDevices.FirstOrDefaultAsync(d => d.LotId == lot.Id && d.LaneCode == lane.Code && d.Protocol == CameraProtocol.Mqtt, cancellationToken);
        if (device is null)
        {
            device = LaneDevice.Register(lot.Id, lane.Code, CameraProtocol.Mqtt, SerialOf(lot.Code, lane.Code), clock.UtcNow);
            db.LaneDevices.Add(device);
            db.AuditEntries.Add(AuditEntry.Record(clock.UtcNow, "mqtt", "RegisterCamera", $"Lane {lane.Code}", null, $"{CameraProtocol.Mqtt} {device.SerialNumber}", lotId: lot.Id));
        }

        device.Heard(clock.UtcNow, "mqtt");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another instance registered it a moment ago, or an admin gave a camera this serial: the read still counts.
            logger.LogInformation(ex, "The MQTT controller of lane {Lane} in {Lot} was not registered as {Serial}", lane.Code, lot.Code, device.SerialNumber);
        }

        _controlled[(lot.Id, lane.Code)] = true;
    }

    /// <summary>Whether an edge controller on MQTT drives this lane's barrier (one heard since the lane had it).</summary>
    public async Task<bool> DrivesAsync(Guid lotId, string laneCode, CancellationToken cancellationToken = default)
    {
        if (_controlled.ContainsKey((lotId, laneCode)))
        {
            return true;
        }

        // Only a yes is remembered: another instance may register the controller any moment.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var driven = await db.LaneDevices.AnyAsync(d => d.LotId == lotId && d.LaneCode == laneCode && d.Protocol == CameraProtocol.Mqtt, cancellationToken);
        if (driven)
        {
            _controlled[(lotId, laneCode)] = true;
        }

        return driven;
    }

    /// <summary>The guard's open (or a payment) waiting for this lane, taken by the caller that will send it.</summary>
    /// <summary>
    /// The open waiting for this lane, taken on behalf of its controller once the command is on the broker and the
    /// controller is online — the booth then shows the barrier as answered; a silent controller leaves it waiting
    /// (the booth shows "no answer") until its next heartbeat.
    /// </summary>
    public async Task<bool> TakeOpenAsync(Lot lot, string laneCode, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var device = await db.LaneDevices.AsNoTracking()
                .FirstOrDefaultAsync(d => d.LotId == lot.Id && d.LaneCode == laneCode && d.Protocol == CameraProtocol.Mqtt, cancellationToken);
            if (device is null || !device.IsOnline(clock.UtcNow))
            {
                return false;
            }
        }

        return await barrier.TakeOpenAsync(lot.Id, laneCode, SerialOf(lot.Code, laneCode), cancellationToken);
    }

    /// <param name="words">What the lane's display shows and its speaker says about the outcome, kept with the read.</param>
    public async Task<ControllerAnswer> ReadAsync(
        Lot lot, Lane lane, ControllerPlateRead read, Func<CaptureOutcome, (string Display, string Voice)> words, CancellationToken cancellationToken = default)
    {
        if (await KeptAsync(lot.Id, lane.Code, read.ReadId, cancellationToken) is { } earlier)
        {
            return new ControllerAnswer(ControllerReadStatus.Repeated, earlier);
        }

        // The controller's own time places the read, so a read the broker held while the app was down makes its stay
        // when the car was there; a clock that is plainly wrong must not bill a century (decision 044).
        var readUtc = read.ReadUtc ?? clock.UtcNow;
        if (times.Check(lot, readUtc) is { } implausible)
        {
            return new ControllerAnswer(ControllerReadStatus.Implausible, null, implausible);
        }

        await HeardAsync(lot, lane, cancellationToken);
        var outcome = await cameras.CameraReadAsync(lot.Id, lane.Code, read.Plate, read.Confidence, read.Picture, readUtc, $"MQTT {lot.Code}/{lane.Code}", cancellationToken);
        if (outcome.Status == CaptureStatus.UnknownLane)
        {
            return new ControllerAnswer(ControllerReadStatus.UnknownLane, null);
        }

        var decision = outcome.Decision ?? GateDecision.Hold(Domain.Billing.CustomerClass.Visitor, DomainError.Of("Gate.CameraReadNoPlate"));
        var open = outcome.Status == CaptureStatus.Decided && decision.Verdict == GateVerdict.Open;
        var fee = lane.Direction == LaneDirection.Exit && outcome.Session is { } stay ? (stay.Due > 0 ? stay.Due : outcome.Fee) : null;
        var (display, voice) = words(outcome);
        var kept = ControllerRead.Keep(lot.Id, lane.Code, read.ReadId, (read.Plate?.Value ?? outcome.Capture?.ReadPlate) ?? NoPlate, readUtc, clock.UtcNow,
            decision.Verdict, open, decision.Reason.Encode(), fee, outcome.Capture?.Id, display, voice);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ControllerReads.Add(kept);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same read reached two instances at once: the gate answered the second as repeated; the first's command stands.
            var racing = await KeptAsync(lot.Id, lane.Code, read.ReadId, cancellationToken)
                ?? throw new InvalidOperationException($"controller read {lot.Code}/{lane.Code}/{read.ReadId} was neither written nor found");
            return new ControllerAnswer(ControllerReadStatus.Repeated, racing);
        }

        return new ControllerAnswer(ControllerReadStatus.Decided, kept);
    }

    private async Task<ControllerRead?> KeptAsync(Guid lotId, string laneCode, string readId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ControllerReads.AsNoTracking().FirstOrDefaultAsync(r => r.LotId == lotId && r.LaneCode == laneCode && r.ReadId == readId, cancellationToken);
    }

    // The serial the lanes page shows for the controller; a digest of the codes when they are too long together.
    private static string SerialOf(string lotCode, string laneCode) =>
        $"mqtt:{lotCode}:{laneCode}" is { Length: <= LaneDevice.MaxSerialLength } serial
            ? serial
            : "mqtt:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{lotCode}/{laneCode}")))[..32];
}
