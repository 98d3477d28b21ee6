using System.Text.RegularExpressions;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Passes;

namespace SmartParking.Domain.Lots;

public enum LotKind
{
    /// <summary>A residential community: owners park free or on their balance; a visitor registers before the gate opens.</summary>
    Community,

    /// <summary>A shopping centre or office lot: everyone is a paying visitor and drives straight in.</summary>
    Commercial,
}

/// <summary>
/// One car park of the installation: the unit every stay, rule, lane, owner, notice, announcement and report belongs
/// to. The policy an admin tunes lives on it, and its row is touched by every entry so that the capacity check and
/// the new stay commit together however many app instances run.
/// </summary>
public sealed partial class Lot
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 64;
    public const int MaxAddressLength = 200;

    private Lot()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The lot's name in URLs (<c>/board/{code}</c>, <c>?lot={code}</c>).</summary>
    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Address { get; private set; } = "";

    public LotKind Kind { get; private set; }

    /// <summary>An IANA or Windows time-zone id; day boundaries, tariffs and reports follow it.</summary>
    public string TimeZone { get; private set; } = "Asia/Shanghai";

    public int Capacity { get; private set; }

    public decimal ExcellentIncomePerDay { get; private set; }

    public decimal GoodIncomePerDay { get; private set; }

    public int OverdueHours { get; private set; }

    public string LocalProvinces { get; private set; } = "";

    /// <summary>Police cars (plates ending 警) are let in and out free, the stay recording why.</summary>
    public bool PoliceCarsFree { get; private set; }

    /// <summary>Military and armed-police cars (white 军 and WJ plates) are let in and out free, the stay recording why.</summary>
    public bool MilitaryCarsFree { get; private set; }

    /// <summary>The vehicle types this lot charges by, as <see cref="LotVehicleType.Format"/> keeps them.</summary>
    public string VehicleTypeList { get; private set; } = LotVehicleType.Format(LotVehicleType.Starting);

    public IReadOnlyList<LotVehicleType> VehicleTypes => LotVehicleType.Parse(VehicleTypeList);

    /// <summary>When the lot was added to the installation; lists of lots go in this order, the first lot first.</summary>
    public DateTime OpenedUtc { get; private set; }

    public int VisitorPassesPerMonth { get; private set; } = VisitorPassLimits.Default.PassesPerMonth;

    public int VisitorPassLongestHours { get; private set; } = VisitorPassLimits.Default.LongestHours;

    public decimal GuestPayPerMonth { get; private set; } = VisitorPassLimits.Default.OwnerPaysPerMonth;

    /// <summary>What owners may send as visitor passes; <see cref="Owner"/> may carry its own pay limit.</summary>
    public VisitorPassLimits VisitorPassLimits => new(VisitorPassesPerMonth, VisitorPassLongestHours, GuestPayPerMonth);

    public LotPolicy Policy => new(Capacity, ExcellentIncomePerDay, GoodIncomePerDay, OverdueHours, LocalProvinces, PoliceCarsFree, MilitaryCarsFree);

    /// <summary>Visitors of a community register on their phone before the barrier opens; a commercial lot lets them in.</summary>
    public bool VisitorsRegister => Kind == LotKind.Community;

    public static Lot Open(string? code, string? name, string? address, LotKind kind, string? timeZone, LotPolicy policy, DateTime openedUtc)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var normalised = code?.Trim().ToLowerInvariant() ?? "";
        if (!CodePattern().IsMatch(normalised))
        {
            throw new DomainException("Lot.CodeInvalid", MaxCodeLength);
        }

        var zone = string.IsNullOrWhiteSpace(timeZone) ? "Asia/Shanghai" : timeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw new DomainException("Lot.TimeZoneUnknown", zone);
        }

        var lot = new Lot { Id = Guid.NewGuid(), Code = normalised, Kind = kind, TimeZone = zone, OpenedUtc = openedUtc };
        lot.Describe(name, address);
        lot.ChangePolicy(policy);
        return lot;
    }

    public void Describe(string? name, string? address)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
        {
            throw new DomainException("Lot.NameRequired", MaxNameLength);
        }

        if (address?.Trim().Length > MaxAddressLength)
        {
            throw new DomainException("Lot.AddressTooLong", MaxAddressLength);
        }

        Name = name.Trim();
        Address = address?.Trim() ?? "";
    }

    public void KeepVehicleTypes(IReadOnlyList<LotVehicleType> types) =>
        VehicleTypeList = LotVehicleType.Format(LotVehicleType.Checked(types));

    /// <summary>
    /// The type of a car the camera gave no type for: the one its plate colour means here, else the lot's first.
    /// </summary>
    public VehicleType VehicleTypeFor(PlateColour? colour) =>
        (VehicleTypes.FirstOrDefault(t => colour is not null && t.DefaultFor == colour) ?? VehicleTypes[0]).Type;

    /// <summary>A type named by a camera or an import: one of the four known kinds, or one this lot added.</summary>
    public bool TryFindVehicleType(string? name, out VehicleType type)
    {
        type = default;
        try
        {
            type = VehicleType.Named(name);
        }
        catch (DomainException)
        {
            return false;
        }

        var found = type;
        return type.IsKnown || VehicleTypes.Any(t => t.Type == found);
    }

    /// <summary>A community that becomes a commercial lot (or back) changes how visitors enter from the next car on.</summary>
    public void Reclassify(LotKind kind)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Lot.KindUnknown");
        }

        Kind = kind;
    }

    public void LimitVisitorPasses(VisitorPassLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.Problem() is { } problem)
        {
            throw new DomainException(problem.Error);
        }

        (VisitorPassesPerMonth, VisitorPassLongestHours, GuestPayPerMonth) = (limits.PassesPerMonth, limits.LongestHours, limits.OwnerPaysPerMonth);
    }

    public void ChangePolicy(LotPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var checkedPolicy = LotPolicy.Create(policy.Capacity, policy.ExcellentIncomePerDay, policy.GoodIncomePerDay, policy.OverdueHours, policy.LocalProvinces, policy.PoliceCarsFree, policy.MilitaryCarsFree);
        Capacity = checkedPolicy.Capacity;
        ExcellentIncomePerDay = checkedPolicy.ExcellentIncomePerDay;
        GoodIncomePerDay = checkedPolicy.GoodIncomePerDay;
        OverdueHours = checkedPolicy.OverdueHours;
        LocalProvinces = checkedPolicy.LocalProvinces;
        PoliceCarsFree = checkedPolicy.PoliceCarsFree;
        MilitaryCarsFree = checkedPolicy.MilitaryCarsFree;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex CodePattern();
}
