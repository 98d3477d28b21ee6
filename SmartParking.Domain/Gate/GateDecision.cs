using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

public enum GateVerdict
{
    /// <summary>The barrier opens.</summary>
    Open,

    /// <summary>The car is let in but the guard must act (e.g. the visitor has not registered yet).</summary>
    Hold,

    /// <summary>The barrier stays shut.</summary>
    Deny,
}

public enum DenialCause
{
    None,
    Blacklisted,
    LotFull,
    AlreadyInside,
}

/// <summary>What the gate does with a car at the entry, and why, as a code the guard reads in their own language.</summary>
public sealed record GateDecision(GateVerdict Verdict, CustomerClass CustomerClass, DomainError Reason, DenialCause Cause = DenialCause.None)
{
    public bool LetsIn => Verdict != GateVerdict.Deny;

    public static GateDecision Open(CustomerClass customer, DomainError reason) => new(GateVerdict.Open, customer, reason);

    public static GateDecision Hold(CustomerClass customer, DomainError reason) => new(GateVerdict.Hold, customer, reason);

    public static GateDecision Deny(CustomerClass customer, DenialCause cause, DomainError reason) => new(GateVerdict.Deny, customer, reason, cause);
}

/// <summary>Everything the entry rule needs to know about a car, gathered by the caller.</summary>
public sealed record EntryFacts(
    bool IsOwnerVehicle,
    ListedPlate? Listing,
    bool HasValidVisitorRegistration,
    int CarsInside,
    int Capacity,
    bool VisitorsRegister = true,
    string? PassName = null,
    string? Exemption = null,
    string? InvitedBy = null);

/// <summary>
/// Why a car comes and goes free, if it does: it is on the lot's exempt list (the admin's reason), or it is a police,
/// military or armed-police car and the lot lets those through. Null for every other car.
/// </summary>
public static class Exemption
{
    public const string PoliceCar = "警车";

    public const string MilitaryCar = "军车";

    public const string ArmedPoliceCar = "武警车";

    public static string? Of(ListedPlate? listing, PlateNumber plate, LotPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(plate);
        ArgumentNullException.ThrowIfNull(policy);
        if (listing?.Kind == ListKind.Exempt)
        {
            return listing.Reason;
        }

        return plate.Series switch
        {
            PlateSeries.Police when policy.PoliceCarsFree => PoliceCar,
            PlateSeries.Military when policy.MilitaryCarsFree => MilitaryCar,
            PlateSeries.ArmedPolice when policy.MilitaryCarsFree => ArmedPoliceCar,
            _ => null,
        };
    }
}

/// <summary>The community's entry rule: owners and whitelisted cars go in, blacklisted never, visitors while there is room.</summary>
public static class EntryRule
{
    public static GateDecision Decide(EntryFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Listing?.Kind == ListKind.Blacklist)
        {
            var customer = facts.IsOwnerVehicle ? CustomerClass.Owner : CustomerClass.Visitor;
            return GateDecision.Deny(customer, DenialCause.Blacklisted, DomainError.Of("Gate.Blacklisted", facts.Listing.Reason));
        }

        // A special vehicle on duty is never kept waiting: not by a full lot, not by the registration form.
        if (facts.Exemption is { } why)
        {
            return GateDecision.Open(facts.IsOwnerVehicle ? CustomerClass.Owner : CustomerClass.Visitor, DomainError.Of("Gate.Exempt", why));
        }

        // A holder has paid for a space: a valid pass opens even when the visitors' spaces are full.
        if (facts.PassName is { } pass)
        {
            return GateDecision.Open(facts.IsOwnerVehicle ? CustomerClass.Owner : CustomerClass.Visitor, DomainError.Of("Gate.MonthlyPass", pass));
        }

        // Owners have their own spaces, so a full visitor area never keeps them out.
        if (facts.IsOwnerVehicle)
        {
            return GateDecision.Open(CustomerClass.Owner, DomainError.Of("Gate.OwnerVehicle"));
        }

        if (facts.Listing?.Kind == ListKind.Whitelist)
        {
            return GateDecision.Open(CustomerClass.Visitor, DomainError.Of("Gate.Whitelisted", facts.Listing.Reason));
        }

        if (facts.CarsInside >= facts.Capacity)
        {
            return GateDecision.Deny(CustomerClass.Visitor, DenialCause.LotFull, DomainError.Of("Gate.LotFull", facts.CarsInside, facts.Capacity));
        }

        // An owner's visitor pass stands for the registration: the owner vouches for the guest.
        if (facts.InvitedBy is { } host)
        {
            return GateDecision.Open(CustomerClass.Visitor, DomainError.Of("Gate.InvitedGuest", host));
        }

        if (facts.HasValidVisitorRegistration)
        {
            return GateDecision.Open(CustomerClass.Visitor, DomainError.Of("Gate.RegisteredVisitor"));
        }

        return !facts.VisitorsRegister
            ? GateDecision.Open(CustomerClass.Visitor, DomainError.Of("Gate.PayingVisitor"))
            : GateDecision.Hold(CustomerClass.Visitor, DomainError.Of("Gate.VisitorMustRegister"));
    }
}
