using System.Security.Cryptography;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Passes;

public enum VisitorPassEntries
{
    /// <summary>The car comes in once; the pass is used up when it does.</summary>
    Single,

    /// <summary>The car may come and go as often as it likes within the window.</summary>
    Multi,
}

public enum VisitorPassPayer
{
    /// <summary>The guest pays at the exit like any visitor.</summary>
    Guest,

    /// <summary>The owner's balance pays, up to what is left of the owner's monthly limit; the rest is the guest's.</summary>
    Owner,
}

public enum VisitorPassState
{
    Upcoming,
    Active,
    Used,
    Expired,
    Revoked,
}

/// <summary>
/// What the lot allows an owner to send (admin-set lot settings): passes a month, the longest window, and how much a
/// month an owner's balance may pay for guests unless the admin set that owner a limit of their own.
/// </summary>
public sealed record VisitorPassLimits(int PassesPerMonth, int LongestHours, decimal OwnerPaysPerMonth)
{
    public const int MaxPassesPerMonth = 1000;
    public const int MaxLongestHours = 24 * 31;
    public const decimal MaxOwnerPaysPerMonth = 100_000m;

    public static readonly VisitorPassLimits Default = new(20, 24, 50m);

    /// <summary>The limits if they are sensible, else the first field that is not (field name, error code).</summary>
    public (string Field, DomainError Error)? Problem() =>
        PassesPerMonth is < 0 or > MaxPassesPerMonth ? ("passes_per_month", DomainError.Of("VisitorPass.LimitOutOfRange", 0, MaxPassesPerMonth))
        : LongestHours is < 1 or > MaxLongestHours ? ("longest_hours", DomainError.Of("VisitorPass.LimitOutOfRange", 1, MaxLongestHours))
        : OwnerPaysPerMonth is < 0 or > MaxOwnerPaysPerMonth || !Money.IsWholeCents(OwnerPaysPerMonth)
            ? ("owner_pays_per_month", DomainError.Of("VisitorPass.LimitOutOfRange", 0, MaxOwnerPaysPerMonth))
        : null;
}

/// <summary>
/// A resident's invitation (访客通行证): the guest's car — a named plate, or the first car whose driver opens the link
/// and gives a plate — comes in without the registration form between <see cref="FromUtc"/> and <see cref="ToUtc"/>
/// (exclusive), once or as often as it likes, and its stay is paid by the guest or, within a limit, by the owner.
/// </summary>
public sealed class VisitorPass
{
    public const int CodeLength = 12;

    // No 0/o, 1/l/i: the code is sometimes read out over the phone.
    private const string CodeAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    // A window may still begin earlier today (the guest is at the gate now), never on an earlier day, and not beyond a year.
    public static readonly TimeSpan FurthestStart = TimeSpan.FromDays(366);

    private VisitorPass()
    {
    }

    public Guid Id { get; private set; }

    public Guid LotId { get; private set; }

    public Guid OwnerId { get; private set; }

    /// <summary>The guest's plate; null for an any-plate pass until the guest gives one on the link's page.</summary>
    public PlateNumber? Plate { get; private set; }

    /// <summary>Whether the owner left the plate to the guest (the pass binds to the first plate given).</summary>
    public bool AnyPlate { get; private set; }

    public DateTime FromUtc { get; private set; }

    public DateTime ToUtc { get; private set; }

    public VisitorPassEntries Entries { get; private set; }

    public VisitorPassPayer Payer { get; private set; }

    /// <summary>The secret in the link and QR the owner shares.</summary>
    public string Code { get; private set; } = "";

    public int TimesEntered { get; private set; }

    public DateTime CreatedUtc { get; private set; }

    public DateTime? RevokedUtc { get; private set; }

    /// <summary>
    /// Writes a pass after checking its window against now and the lot's limits; <paramref name="passesThatMonth"/>
    /// is how many passes (not revoked) the owner already has starting in the lot-local month of this one's start.
    /// </summary>
    public static VisitorPass Issue(
        Guid lotId, Guid ownerId, PlateNumber? plate, DateTime fromUtc, DateTime toUtc, VisitorPassEntries entries, VisitorPassPayer payer,
        VisitorPassLimits limits, decimal ownerPaysPerMonth, int passesThatMonth, DateTime startOfTodayUtc, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (toUtc <= fromUtc)
        {
            throw new DomainException("VisitorPass.EndBeforeStart");
        }

        if (fromUtc < startOfTodayUtc)
        {
            throw new DomainException("VisitorPass.StartInThePast");
        }

        if (toUtc <= nowUtc)
        {
            throw new DomainException("VisitorPass.EndInThePast");
        }

        if (fromUtc > nowUtc + FurthestStart)
        {
            throw new DomainException("VisitorPass.StartTooFar", (int)FurthestStart.TotalDays);
        }

        if (toUtc - fromUtc > TimeSpan.FromHours(limits.LongestHours))
        {
            throw new DomainException("VisitorPass.WindowTooLong", limits.LongestHours);
        }

        if (passesThatMonth >= limits.PassesPerMonth)
        {
            throw new DomainException("VisitorPass.MonthlyCountReached", limits.PassesPerMonth);
        }

        if (payer == VisitorPassPayer.Owner && ownerPaysPerMonth <= 0m)
        {
            throw new DomainException("VisitorPass.OwnerCannotPay");
        }

        return new VisitorPass
        {
            Id = Guid.NewGuid(),
            LotId = lotId,
            OwnerId = ownerId,
            Plate = plate,
            AnyPlate = plate is null,
            FromUtc = fromUtc,
            ToUtc = toUtc,
            Entries = Enum.IsDefined(entries) ? entries : throw new DomainException("VisitorPass.EntriesUnknown"),
            Payer = Enum.IsDefined(payer) ? payer : throw new DomainException("VisitorPass.PayerUnknown"),
            Code = RandomNumberGenerator.GetString(CodeAlphabet, CodeLength),
            CreatedUtc = nowUtc,
        };
    }

    public VisitorPassState StateAt(DateTime nowUtc) =>
        RevokedUtc is not null ? VisitorPassState.Revoked
        : Entries == VisitorPassEntries.Single && TimesEntered > 0 ? VisitorPassState.Used
        : nowUtc >= ToUtc ? (TimesEntered > 0 ? VisitorPassState.Used : VisitorPassState.Expired)
        : nowUtc < FromUtc ? VisitorPassState.Upcoming
        : VisitorPassState.Active;

    /// <summary>The owner withdraws the invitation; a car already inside on it stays a visitor as it came in.</summary>
    public void Revoke(DateTime nowUtc)
    {
        if (StateAt(nowUtc) is VisitorPassState.Used or VisitorPassState.Expired)
        {
            throw new DomainException("VisitorPass.AlreadyOver");
        }

        RevokedUtc ??= nowUtc;
    }

    /// <summary>The guest of an any-plate pass gives the plate on the link's page: the first plate given is the pass's.</summary>
    public void BindPlate(PlateNumber plate, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(plate);
        if (StateAt(nowUtc) is not (VisitorPassState.Upcoming or VisitorPassState.Active))
        {
            throw new DomainException("VisitorPass.NotUsable");
        }

        if (Plate is not null && Plate != plate)
        {
            throw new DomainException("VisitorPass.PlateAlreadyGiven");
        }

        Plate = plate;
    }

    /// <summary>Why this car cannot come in on the pass at <paramref name="atUtc"/>, or null when it can.</summary>
    public DomainError? RefusalFor(PlateNumber plate, DateTime atUtc) =>
        Plate is null || Plate != plate ? DomainError.Of("VisitorPass.OtherPlate")
        : RevokedUtc is not null ? DomainError.Of("VisitorPass.Revoked")
        : atUtc < FromUtc || atUtc >= ToUtc ? DomainError.Of("VisitorPass.OutsideWindow")
        : Entries == VisitorPassEntries.Single && TimesEntered > 0 ? DomainError.Of("VisitorPass.AlreadyUsed")
        : null;

    /// <summary>The car came in on the pass.</summary>
    public void Enter(PlateNumber plate, DateTime atUtc)
    {
        if (RefusalFor(plate, atUtc) is { } refusal)
        {
            throw new DomainException(refusal);
        }

        TimesEntered++;
    }
}
