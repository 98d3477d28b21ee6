using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

public enum CaptureState
{
    /// <summary>The read was sure enough: the gate decided on it by itself.</summary>
    Decided,

    /// <summary>No plate or a doubtful read: the barrier stays shut until a guard picks the plate or closes it.</summary>
    NeedsGuard,

    /// <summary>A guard picked or typed the plate and the gate decided on that.</summary>
    Resolved,

    /// <summary>A guard closed it without a stay (no car, a ghost read), with a reason.</summary>
    Dismissed,

    /// <summary>A sure read the gate is deciding on right now; never the guard's business.</summary>
    Deciding,
}

/// <summary>
/// One photo a lane's camera sent, what the recognizer read in it, and what became of it. The photo file is kept for
/// a configured number of days; the row stays as the record of what the camera saw.
/// </summary>
public sealed class LaneCapture
{
    public const int MaxGuessesLength = 400;
    public const int MaxNoteLength = 300;

    private LaneCapture()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string LaneCode { get; private set; } = "";

    public LaneDirection Direction { get; private set; }

    public DateTime TakenUtc { get; private set; }

    /// <summary>Where the photo lies under the snapshot folder; null once retention removed it.</summary>
    public string? PhotoPath { get; private set; }

    public string PhotoType { get; private set; } = "image/jpeg";

    /// <summary>The best read, or null when no plate was found.</summary>
    public string? ReadPlate { get; private set; }

    public double Confidence { get; private set; }

    /// <summary>The plates a guard is offered, best first, "plate:score:k" (k = known to the lot) separated by ';'.</summary>
    public string Guesses { get; private set; } = "";

    public CaptureState State { get; private set; }

    public GateVerdict? Verdict { get; private set; }

    /// <summary>The stay the decision opened or closed.</summary>
    public Guid? SessionId { get; private set; }

    /// <summary>Why the gate decided as it did, or the guard's reason.</summary>
    public string Note { get; private set; } = "";

    public string? ResolvedBy { get; private set; }

    public DateTime? ResolvedUtc { get; private set; }

    /// <summary>
    /// A new photo. A sure read starts as <see cref="CaptureState.Deciding"/>: a booth that looks between the photo being
    /// stored and the gate's decision must not find it waiting for a guard.
    /// </summary>
    public static LaneCapture Take(Guid id, Lane lane, DateTime takenUtc, string? photoPath, string photoType, string? readPlate, double confidence, IEnumerable<PlateSuggestion> suggestions, bool sure)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var guesses = string.Join(';', suggestions.Select(s => FormattableString.Invariant($"{s.Plate}:{s.Score:0.###}:{(s.Known ? "k" : "")}")));
        while (guesses.Length > MaxGuessesLength)
        {
            guesses = guesses[..guesses.LastIndexOf(';')];
        }

        return new LaneCapture
        {
            Id = id,
            LotId = lane.LotId,
            LaneCode = lane.Code,
            Direction = lane.Direction,
            TakenUtc = takenUtc,
            PhotoPath = photoPath,
            PhotoType = photoType,
            ReadPlate = readPlate,
            Confidence = confidence,
            Guesses = guesses,
            State = sure ? CaptureState.Deciding : CaptureState.NeedsGuard,
        };
    }

    public IReadOnlyList<PlateSuggestion> Suggestions =>
        Guesses.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(g => g.Split(':'))
            .Select(p => new PlateSuggestion(p[0], double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p is [_, _, "k"]))
            .ToList();

    /// <summary>The gate decided on the camera's own read.</summary>
    public void Decide(GateVerdict verdict, Guid? sessionId, string note)
    {
        Verdict = verdict;
        SessionId = sessionId;
        Note = Truncate(note);
        State = CaptureState.Decided;
    }

    public void HandToGuard(string note) => Note = Truncate(note);

    /// <summary>A guard named the plate; the gate decided on it.</summary>
    public void Resolve(PlateNumber plate, GateVerdict verdict, Guid? sessionId, string actor, DateTime nowUtc, string note)
    {
        EnsureWaiting();
        ReadPlate = plate.Value;
        Verdict = verdict;
        SessionId = sessionId;
        ResolvedBy = actor;
        ResolvedUtc = nowUtc;
        Note = Truncate(note);
        State = CaptureState.Resolved;
    }

    public void Dismiss(string actor, DateTime nowUtc, string reason)
    {
        EnsureWaiting();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("Capture.ReasonRequired");
        }

        ResolvedBy = actor;
        ResolvedUtc = nowUtc;
        Note = Truncate(reason.Trim());
        State = CaptureState.Dismissed;
    }

    public void ForgetPhoto() => PhotoPath = null;

    private void EnsureWaiting()
    {
        if (State != CaptureState.NeedsGuard)
        {
            throw new DomainException("Capture.AlreadyHandled");
        }
    }

    private static string Truncate(string text) => text.Length <= MaxNoteLength ? text : text[..MaxNoteLength];
}
