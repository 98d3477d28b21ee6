namespace SmartParking.Domain.Gate;

/// <summary>Why a barrier was told to open outside a camera's own read.</summary>
public enum BarrierCause
{
    /// <summary>A guard lifted it from the booth (reason audited).</summary>
    Hand,

    /// <summary>The fee of the car waiting at the exit was paid.</summary>
    Paid,

    /// <summary>A guard let the car out with its fee owed.</summary>
    LetOutUnpaid,
}

/// <summary>What the booth can say about a barrier it told to open.</summary>
public enum BarrierAnswer
{
    /// <summary>Sent; the lane's device has not asked for it yet.</summary>
    Waiting,

    /// <summary>The lane's device took the command (in the reply to its own heartbeat, poll or push).</summary>
    Opened,

    /// <summary>No device took it within <see cref="BarrierCommand.AnswerWithin"/>: the guard must look at the lane.</summary>
    NoAnswer,
}

/// <summary>
/// An "open" sent to a lane's barrier, kept with the moment its device took it: the booth shows a hand opening as done
/// only when the barrier answered, and an admin counts each guard's hand openings.
/// </summary>
public sealed class BarrierCommand
{
    /// <summary>A lane that has not taken the command by then is shown in red; the command itself lives on until <see cref="Life"/>.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(3);

    /// <summary>Older than this the car has gone (or reversed): a late "open" would let the next one through.</summary>
    public static readonly TimeSpan Life = TimeSpan.FromMinutes(2);

    public const int MaxReasonLength = 200;

    private BarrierCommand()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public string LaneCode { get; private set; } = "";

    public BarrierCause Cause { get; private set; }

    /// <summary>The guard (or "payment") that asked.</summary>
    public string Actor { get; private set; } = "";

    public string? Reason { get; private set; }

    public DateTime IssuedUtc { get; private set; }

    public DateTime? AnsweredUtc { get; private set; }

    /// <summary>Which device took it: a camera's serial number, or the lane's key for a polling controller.</summary>
    public string? AnsweredBy { get; private set; }

    public static BarrierCommand Issue(Guid lotId, string laneCode, BarrierCause cause, string actor, string? reason, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        LotId = lotId,
        LaneCode = laneCode,
        Cause = cause,
        Actor = actor,
        Reason = reason is { Length: > MaxReasonLength } ? reason[..MaxReasonLength] : reason,
        IssuedUtc = nowUtc,
    };

    public bool IsStale(DateTime nowUtc) => nowUtc - IssuedUtc > Life;

    public void Answered(DateTime nowUtc, string device)
    {
        AnsweredUtc ??= nowUtc;
        AnsweredBy ??= device;
    }

    public BarrierAnswer AnswerAt(DateTime nowUtc) =>
        AnsweredUtc is not null ? BarrierAnswer.Opened
        : nowUtc - IssuedUtc > AnswerWithin ? BarrierAnswer.NoAnswer
        : BarrierAnswer.Waiting;
}
