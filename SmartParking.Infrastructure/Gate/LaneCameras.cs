using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;

namespace SmartParking.Infrastructure.Gate;

public enum CaptureStatus
{
    /// <summary>The photo is stored and the gate decided on the read (open, hold or deny).</summary>
    Decided,

    /// <summary>The photo is stored; the read was doubtful or absent, so the booth decides.</summary>
    NeedsGuard,

    UnknownLane,

    /// <summary>Not a usable image (or the recognizer is down): nothing is stored.</summary>
    Rejected,
}

public sealed record CaptureOutcome(
    CaptureStatus Status,
    Lane? Lane,
    LaneCapture? Capture,
    RecognitionResult? Recognition,
    GateDecision? Decision,
    ParkingSession? Session,
    decimal? Fee);

/// <summary>
/// A lane camera's photo in, a gate decision out: the photo is recognised and kept, and the read is matched against the
/// cars the lane expects (the stays open in its lot at an exit, the lot's known plates at an entry; decision 032). A
/// clear match, or a sure read of no expected car, goes through the gate in the lane's direction; a doubtful one waits
/// for a guard with the likeliest plates, ranked against the plates the lane expects.
/// </summary>
public sealed class LaneCameras(
    IDbContextFactory<ParkingDbContext> dbFactory,
    IPlateRecognizer recognizer,
    SnapshotStore snapshots,
    GateKeeper gate,
    GateEventFeed feed,
    LotDirectory lots,
    LotClock clock,
    LaneRegistry registry)
{
    public async Task<IReadOnlyList<Lane>> LanesAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Lanes.AsNoTracking().Where(l => l.LotId == lotId).OrderBy(l => l.Direction).ThenBy(l => l.Code).ToListAsync(cancellationToken);
    }

    /// <summary>Whether another lot than this one has a lane of this code (a camera key used at the wrong lot).</summary>
    public async Task<bool> IsLaneOfAnotherLotAsync(Guid lotId, string laneCode, CancellationToken cancellationToken = default)
    {
        var code = laneCode.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Lanes.AnyAsync(l => l.LotId != lotId && l.Code == code, cancellationToken);
    }

    /// <summary>Adds a lane or changes one (the code stays) through <see cref="LaneRegistry"/>; a refusal is thrown.</summary>
    public async Task SaveLaneAsync(Guid lotId, string code, string name, LaneDirection direction, double autoOpenConfidence, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        var outcome = await registry.ChangeLaneAsync(lotId, code, name, direction, autoOpenConfidence, enabled, actor, cancellationToken);
        if (outcome.Failure?.Code == "Lane.Unknown")
        {
            outcome = await registry.AddLaneAsync(lotId, code, name, direction, autoOpenConfidence, actor, cancellationToken);
        }

        if (outcome.Failure is { } failure)
        {
            throw new DomainException(failure);
        }
    }

    public async Task<CaptureOutcome> CaptureAsync(Guid lotId, string laneCode, byte[] photo, string camera, CancellationToken cancellationToken = default)
    {
        if (await EnabledLaneAsync(lotId, laneCode, cancellationToken) is not { } lane)
        {
            return new CaptureOutcome(CaptureStatus.UnknownLane, null, null, null, null, null, null);
        }

        var local = (await lots.PolicyAsync(lotId, cancellationToken)).LocalProvinces;
        var recognition = await recognizer.RecognizeAsync(photo, local, cancellationToken);
        if (recognition.Status is not (RecognitionStatus.Read or RecognitionStatus.NoPlate))
        {
            return new CaptureOutcome(CaptureStatus.Rejected, lane, null, recognition, null, null, null);
        }

        var noPlate = DomainError.Of("Gate.NoPlateFound", recognition.Reason ?? "");
        return await DecideAsync(lane, recognition.Plate, noPlate, null, photo, clock.UtcNow, camera, recognition, cancellationToken);
    }

    /// <summary>
    /// A camera that reads plates itself (an IVS camera's push): its read decides when it is sure. When it also sent
    /// the picture, our recognition reads it too, and a sure read of ours that names another plate sends the car to the
    /// guard with both reads instead of trusting either.
    /// </summary>
    public async Task<CaptureOutcome> CameraReadAsync(
        Guid lotId, string laneCode, PlateNumber? cameraPlate, double cameraConfidence, byte[]? photo, DateTime takenUtc, string camera, CancellationToken cancellationToken = default)
    {
        if (await EnabledLaneAsync(lotId, laneCode, cancellationToken) is not { } lane)
        {
            return new CaptureOutcome(CaptureStatus.UnknownLane, null, null, null, null, null, null);
        }

        // A camera sure of its read decides alone and its picture is only kept: reading every picture again would cost a
        // tenth of a second of a core per car, which a busy lot cannot spend. A doubtful read, or none, is checked by ours.
        var doubtful = cameraPlate is null || cameraConfidence < lane.AutoOpenConfidence;
        RecognitionResult? recognition = null;
        if (photo is not null && doubtful)
        {
            var local = (await lots.PolicyAsync(lotId, cancellationToken)).LocalProvinces;
            recognition = await recognizer.RecognizeAsync(photo, local, cancellationToken);
        }

        var ours = recognition?.Status == RecognitionStatus.Read ? recognition.Plate : null;
        if (cameraPlate is null)
        {
            // The camera saw a car but no plate ("_无_"): our read of its picture is all there is.
            return await DecideAsync(lane, ours, DomainError.Of("Gate.CameraReadNoPlate"), null, photo, takenUtc, camera, recognition, cancellationToken);
        }

        // Two reads of the same plate make it as sure as the surer of them.
        var agreed = ours is not null && ours.Plate == cameraPlate;
        var confidence = Math.Clamp(agreed ? Math.Max(cameraConfidence, ours!.Confidence) : cameraConfidence, 0, 1);
        var guesses = ours is null || agreed ? [] : new[] { new PlateGuess(ours.Plate.Value, ours.Confidence) };
        var read = new PlateRead(cameraPlate, confidence, [], PlateColor.Unknown, default, guesses);
        var disagreement = ours is not null && ours.Plate != cameraPlate && ours.Confidence >= lane.AutoOpenConfidence
            ? DomainError.Of("Gate.CameraAndRecognitionDisagree", cameraPlate.Value, ours.Plate.Value)
            : null;
        return await DecideAsync(lane, read, DomainError.Of("Gate.CameraReadNoPlate"), disagreement, photo, takenUtc, camera, recognition, cancellationToken);
    }

    private async Task<Lane?> EnabledLaneAsync(Guid lotId, string laneCode, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var code = laneCode.Trim().ToLowerInvariant();
        return await db.Lanes.AsNoTracking().FirstOrDefaultAsync(l => l.LotId == lotId && l.Code == code && l.Enabled, cancellationToken);
    }

    private async Task<CaptureOutcome> DecideAsync(
        Lane lane, PlateRead? read, DomainError noPlate, DomainError? disagreement, byte[]? photo, DateTime takenUtc, string camera,
        RecognitionResult? recognition, CancellationToken cancellationToken)
    {
        var lotId = lane.LotId;
        var expected = read is null ? [] : await ExpectedPlatesAsync(lane, cancellationToken);
        // An expected car matched clearly goes through below the lane's auto-open confidence, which governs reads of
        // cars the lane does not expect; two that fit, or a disagreement, go to the guard (decision 032). At 1 the
        // admin has said that a guard decides every car, expected or not.
        var match = ExpectedCars.Match(read, expected, lane.Direction);
        if (match.Verdict == ExpectedCarVerdict.Match && lane.AutoOpenConfidence >= 1.0)
        {
            match = ExpectedCarMatch.Unexpected;
        }

        var plate = match.Verdict == ExpectedCarVerdict.Match ? match.Plate : read?.Plate;
        var sure = disagreement is null && (match.Verdict == ExpectedCarVerdict.Match
            || (match.Verdict == ExpectedCarVerdict.Unexpected && read is not null && read.Confidence >= lane.AutoOpenConfidence));
        var suggestions = sure ? [] : Suggest(read, expected);
        var id = Guid.NewGuid();
        var path = photo is null ? null : await snapshots.SaveAsync(id, takenUtc, photo, cancellationToken);
        var capture = LaneCapture.Take(id, lane, takenUtc, path, photo is null ? "image/jpeg" : SnapshotStore.ContentType(photo), read?.Plate.Value, read?.Confidence ?? 0, suggestions, sure);

        // The capture is stored before the gate acts so that the booth can show the photo as soon as it hears of it.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.LaneCaptures.Add(capture);
            await db.SaveChangesAsync(cancellationToken);
        }

        if (!sure)
        {
            var why = disagreement
                ?? (read is null
                    ? noPlate
                    : match.Verdict == ExpectedCarVerdict.Doubtful
                        ? DomainError.Of("Gate.ExpectedCarDoubtful", string.Join(" / ", match.Candidates.Select(p => p.Value)))
                        : DomainError.Of("Gate.ReadBelowConfidence", Math.Round((decimal)read.Confidence, 3), Math.Round((decimal)lane.AutoOpenConfidence, 2)));
            capture = await UpdateAsync(capture.Id, c => c.HandToGuard(why.Encode()), cancellationToken);
            feed.Publish(new GateNews(lotId, GateNewsKind.NeedsGuard, read?.Plate.Value ?? "?", clock.ToLocal(takenUtc), GateVerdict.Hold,
                Domain.Billing.CustomerClass.Visitor, DomainError.Of("Gate.LaneNeedsGuard", lane.Name, why).Encode(), null, null, null, capture.Id));
            return new CaptureOutcome(CaptureStatus.NeedsGuard, lane, capture, recognition, GateDecision.Hold(Domain.Billing.CustomerClass.Visitor, why), null, null);
        }

        var (decision, session, fee) = await PassAsync(lane, plate!, takenUtc, $"{lane.Code} / {camera}", capture.Id, cancellationToken);
        capture = await UpdateAsync(capture.Id, c => c.Decide(decision.Verdict, session?.Id, decision.Reason.Encode()), cancellationToken);
        return new CaptureOutcome(CaptureStatus.Decided, lane, capture, recognition, decision, session, fee);
    }

    /// <summary>The guard names the plate of a capture that waited: the gate decides on it as if the camera had read it.</summary>
    public async Task<CaptureOutcome> ResolveAsync(Guid lotId, Guid captureId, PlateNumber plate, string actor, CancellationToken cancellationToken = default)
    {
        var (capture, lane) = await WaitingAsync(lotId, captureId, cancellationToken);
        var (decision, session, fee) = await PassAsync(lane, plate, capture.TakenUtc, $"{lane.Code} / {actor}", capture.Id, cancellationToken);
        var before = capture.ReadPlate ?? "?";
        capture = await UpdateAsync(captureId, c => c.Resolve(plate, decision.Verdict, session?.Id, actor, clock.UtcNow, decision.Reason.Encode()), cancellationToken,
            AuditEntry.Record(clock.UtcNow, actor, "ResolveCapture", $"LaneCapture {captureId} {lane.Code}", $"{before} ({capture.Confidence:0.00})", plate.Value, decision.Reason.Encode(), lotId));
        return new CaptureOutcome(CaptureStatus.Decided, lane, capture, null, decision, session, fee);
    }

    /// <summary>No car, or a ghost read: the guard closes the capture with a reason and nothing happens at the gate.</summary>
    public async Task DismissAsync(Guid lotId, Guid captureId, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var (capture, lane) = await WaitingAsync(lotId, captureId, cancellationToken);
        await UpdateAsync(captureId, c => c.Dismiss(actor, clock.UtcNow, reason), cancellationToken,
            AuditEntry.Record(clock.UtcNow, actor, "DismissCapture", $"LaneCapture {captureId} {lane.Code}", capture.ReadPlate, "dismissed", reason, lotId));
    }

    /// <summary>Captures still waiting for a guard, oldest first.</summary>
    public async Task<IReadOnlyList<LaneCapture>> WaitingForGuardAsync(Guid lotId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LaneCaptures.AsNoTracking()
            .Where(c => c.LotId == lotId && c.State == CaptureState.NeedsGuard)
            .OrderBy(c => c.TakenUtc)
            .Take(100)
            .ToListAsync(cancellationToken);
    }

    public async Task<LaneCapture?> FindAsync(Guid lotId, Guid captureId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LaneCaptures.AsNoTracking().FirstOrDefaultAsync(c => c.LotId == lotId && c.Id == captureId, cancellationToken);
    }

    /// <summary>The photos of a stay's entry and exit, for the booth to show side by side.</summary>
    public async Task<(Guid? Entry, Guid? Exit)> PhotosOfStayAsync(Guid lotId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = await db.GateEvents.AsNoTracking()
            .Where(e => e.LotId == lotId && e.SessionId == sessionId && e.CaptureId != null)
            .Select(e => new { e.Kind, e.CaptureId })
            .ToListAsync(cancellationToken);
        return (events.FirstOrDefault(e => e.Kind == GateEventKind.Entry)?.CaptureId, events.FirstOrDefault(e => e.Kind == GateEventKind.Exit)?.CaptureId);
    }

    private async Task<(GateDecision Decision, ParkingSession? Session, decimal? Fee)> PassAsync(
        Lane lane, PlateNumber plate, DateTime atUtc, string source, Guid captureId, CancellationToken cancellationToken)
    {
        if (lane.Direction == LaneDirection.Entry)
        {
            var entry = await gate.EnterAsync(new EntryRequest(lane.LotId, plate, atUtc, null, source, captureId), cancellationToken);
            return entry.Status == EntryStatus.NoFeeRule
                ? (GateDecision.Deny(entry.Decision.CustomerClass, DenialCause.None, DomainError.Of("Gate.NoFeeRule")), null, null)
                : (entry.Decision, entry.Session, null);
        }

        var exit = await gate.ExitAsync(new ExitRequest(lane.LotId, plate, atUtc, source, captureId, lane.Code), cancellationToken);
        return exit.Status switch
        {
            ExitStatus.Closed or ExitStatus.Repeated => (exit.Decision!, exit.Session, exit.Session!.Fee),
            ExitStatus.Held => (exit.Decision!, exit.Session, null),
            ExitStatus.BeforeEntry => (GateDecision.Hold(exit.Session!.CustomerClass, DomainError.Of("Stay.ExitBeforeEntry")), exit.Session, null),
            _ => (GateDecision.Hold(Domain.Billing.CustomerClass.Visitor, DomainError.Of("Gate.NoEntryOnRecord")), null, null),
        };
    }

    /// <summary>
    /// The plates a lane expects: on the way out the car must be one of those inside its lot; on the way in it is most
    /// likely one the lot knows (an owner's approved vehicle, the white list, a visitor registered in the last day).
    /// </summary>
    private async Task<List<PlateNumber>> ExpectedPlatesAsync(Lane lane, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lotId = lane.LotId;
        if (lane.Direction == LaneDirection.Exit)
        {
            return await db.ParkingSessions.AsNoTracking()
                .Where(ParkingSession.IsOpen).Where(s => s.LotId == lotId)
                .Select(s => s.Plate)
                .ToListAsync(cancellationToken);
        }

        var now = clock.UtcNow;
        var since = now.AddDays(-1);
        var listed = await db.ListedPlates.AsNoTracking().Where(l => l.LotId == lotId && (l.Kind == ListKind.Whitelist || l.Kind == ListKind.Exempt)).ToListAsync(cancellationToken);
        var known = await db.Vehicles.AsNoTracking().Where(v => v.LotId == lotId && v.Approval == VehicleApproval.Approved).Select(v => v.Plate)
            .Concat(db.Visitors.AsNoTracking().Where(v => v.LotId == lotId && v.RegisteredUtc > since).Select(v => v.Plate))
            .ToListAsync(cancellationToken);
        known.AddRange(listed.Where(l => l.AppliesAt(now)).Select(l => l.Plate));
        return known;
    }

    private static IReadOnlyList<PlateSuggestion> Suggest(PlateRead? read, IReadOnlyList<PlateNumber> expected)
    {
        if (read is null)
        {
            return [];
        }

        var reads = new List<(string, double)> { (read.Plate.Value, read.Confidence) };
        reads.AddRange(read.TopGuesses.Select(g => (g.Text, g.Confidence)));
        return PlateSuggestions.Rank(reads, expected.Select(p => p.Value));
    }

    private async Task<(LaneCapture Capture, Lane Lane)> WaitingAsync(Guid lotId, Guid captureId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var capture = await db.LaneCaptures.AsNoTracking().FirstOrDefaultAsync(c => c.LotId == lotId && c.Id == captureId, cancellationToken)
            ?? throw new DomainException("Capture.NotFound");
        if (capture.State != CaptureState.NeedsGuard)
        {
            throw new DomainException("Capture.AlreadyHandled");
        }

        var lane = await db.Lanes.AsNoTracking().FirstOrDefaultAsync(l => l.LotId == lotId && l.Code == capture.LaneCode, cancellationToken)
            ?? throw new DomainException("Lane.Deleted");
        return (capture, lane);
    }

    private async Task<LaneCapture> UpdateAsync(Guid captureId, Action<LaneCapture> change, CancellationToken cancellationToken, AuditEntry? audit = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var capture = await db.LaneCaptures.SingleAsync(c => c.Id == captureId, cancellationToken);
        change(capture);
        if (audit is not null)
        {
            db.AuditEntries.Add(audit);
        }

        await db.SaveChangesAsync(cancellationToken);
        return capture;
    }
}
