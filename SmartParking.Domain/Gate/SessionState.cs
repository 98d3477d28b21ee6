namespace SmartParking.Domain.Gate;

public enum SessionState
{
    /// <summary>The car is inside.</summary>
    Inside,

    /// <summary>A visitor's car is inside but the visitor has not registered yet.</summary>
    AwaitingRegistration,

    /// <summary>The car left and the fee is fixed.</summary>
    Closed,

    /// <summary>The guard cancelled the entry, e.g. the car turned away at the barrier.</summary>
    Cancelled,
}

public enum PaymentState
{
    /// <summary>Nothing to pay (free stay, or still inside).</summary>
    NotDue,

    /// <summary>A visitor's fee the booth still has to collect.</summary>
    Unpaid,

    /// <summary>A visitor paid at the booth or online.</summary>
    Paid,

    /// <summary>An owner's fee taken from the prepaid balance.</summary>
    DeductedFromBalance,

    /// <summary>The guard let a visitor's car out without payment: the fee is a debt that follows the plate.</summary>
    Owed,
}
