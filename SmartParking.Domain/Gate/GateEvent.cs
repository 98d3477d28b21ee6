using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

public enum GateEventKind
{
    Entry,
    Exit,
}

/// <summary>One thing that happened at a barrier, kept for the record and shown live at the booth.</summary>
public sealed class GateEvent
{
    private GateEvent()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public GateEventKind Kind { get; private set; }

    public PlateNumber Plate { get; private set; } = null!;

    public DateTime AtUtc { get; private set; }

    public Guid SessionId { get; private set; }

    public GateVerdict Verdict { get; private set; }

    public CustomerClass CustomerClass { get; private set; }

    /// <summary>The decision's reason in its stored form (<see cref="DomainError.Encode"/>).</summary>
    public string Reason { get; private set; } = "";

    public decimal? Fee { get; private set; }

    /// <summary>Who reported it: a device name or a user name.</summary>
    public string Source { get; private set; } = "";

    /// <summary>The camera photo the event was decided on, when there was one.</summary>
    public Guid? CaptureId { get; private set; }

    public static GateEvent Entered(ParkingSession session, GateDecision decision, string source, Guid? captureId = null) => new()
    {
        Id = Guid.CreateVersion7(),
        LotId = session.LotId,
        Kind = GateEventKind.Entry,
        Plate = session.Plate,
        AtUtc = session.EntryUtc,
        SessionId = session.Id,
        Verdict = decision.Verdict,
        CustomerClass = decision.CustomerClass,
        Reason = decision.Reason.Encode(),
        Source = source,
        CaptureId = captureId,
    };

    public static GateEvent Exited(ParkingSession session, string source, Guid? captureId = null) => new()
    {
        Id = Guid.CreateVersion7(),
        LotId = session.LotId,
        Kind = GateEventKind.Exit,
        Plate = session.Plate,
        AtUtc = session.ExitUtc ?? throw new InvalidOperationException("an exit event needs a closed session"),
        SessionId = session.Id,
        Verdict = GateVerdict.Open,
        CustomerClass = session.CustomerClass,
        Reason = ExitReason(session).Encode(),
        Fee = session.Fee,
        Source = source,
        CaptureId = captureId,
    };

    public static DomainError ExitReason(ParkingSession session) =>
        session.Exemption is { } why ? DomainError.Of("Gate.ExemptLeft", why)
        : DomainError.Of(session.Payment == PaymentState.Unpaid ? "Gate.FeeDue" : session.PassId is not null && session.Fee == 0m ? "Gate.PassHolderLeft" : "Gate.Released");
}
