using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Gate;

namespace SmartParking.Web.Gate;

/// <summary>What a row of the booth's live list says right now: the stay's current standing, not the moment it was written.</summary>
public enum BoothRowState
{
    Plain,
    FeeDue,
    Paid,
    FromBalance,
    AwaitingRegistration,
    Cancelled,

    /// <summary>The guard let the car out without payment: the fee is owed.</summary>
    Owed,

    /// <summary>A hand opening sent to the lane; its device has not taken it yet.</summary>
    BarrierWaiting,

    /// <summary>The lane's device took the hand opening.</summary>
    BarrierOpened,

    /// <summary>No device took the hand opening in time: the barrier may still be down.</summary>
    BarrierNoAnswer,

    /// <summary>A lane's camera stopped talking.</summary>
    CameraSilent,

    CameraBack,
}

/// <summary>One line of the booth's live list.</summary>
public sealed record BoothRow(GateNews News, BoothRowState State, Domain.Payments.PaymentChannel? PaidBy = null)
{
    public Guid Key => News.Key;

    public static BoothRow Of(GateNews news, StayStanding? standing, BarrierAnswer? barrier = null) =>
        new(news, StateOf(news, standing, barrier), standing?.PaidBy ?? news.Channel);

    private static BoothRowState StateOf(GateNews news, StayStanding? standing, BarrierAnswer? barrier) => (news.Kind, standing) switch
    {
        (GateNewsKind.CameraOffline, _) => BoothRowState.CameraSilent,
        (GateNewsKind.CameraBack, _) => BoothRowState.CameraBack,
        (GateNewsKind.OpenedByHand, _) => barrier switch
        {
            BarrierAnswer.Opened => BoothRowState.BarrierOpened,
            BarrierAnswer.NoAnswer => BoothRowState.BarrierNoAnswer,
            _ => BoothRowState.BarrierWaiting,
        },
        (_, { State: SessionState.Cancelled }) => BoothRowState.Cancelled,
        (GateNewsKind.Entered, { State: SessionState.AwaitingRegistration }) => BoothRowState.AwaitingRegistration,
        (GateNewsKind.Paid, _) => BoothRowState.Paid,
        (GateNewsKind.Exited, { Payment: PaymentState.Unpaid }) => BoothRowState.FeeDue,
        (GateNewsKind.Exited, { Payment: PaymentState.Owed }) => BoothRowState.Owed,
        (GateNewsKind.Exited, { Payment: PaymentState.Paid }) => BoothRowState.Paid,
        (GateNewsKind.Exited, { Payment: PaymentState.DeductedFromBalance }) => BoothRowState.FromBalance,
        // Without a stored stay (a news item just pushed), an unpaid visitor exit is what the gate said it was.
        (GateNewsKind.Exited, null) when news.CustomerClass == CustomerClass.Visitor && news.Fee > 0 => BoothRowState.FeeDue,
        _ => BoothRowState.Plain,
    };
}
