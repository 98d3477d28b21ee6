using SmartParking.Domain.Common;

namespace SmartParking.Domain.Billing;

/// <summary>
/// A kind of vehicle a lot charges by. The four every lot knows have a code the screens translate; a kind an admin
/// adds (say 大客车) is known by the name the admin gave it. <c>default</c> is a small car, as cameras that say nothing
/// mostly see.
/// </summary>
public readonly record struct VehicleType : IComparable<VehicleType>, IComparable
{
    public const int MaxNameLength = 16;

    private readonly string? _code;

    private VehicleType(string code) => _code = code;

    public string Code => _code ?? SmallCode;

    private const string SmallCode = "Small";

    public static readonly VehicleType Small = new(SmallCode);
    public static readonly VehicleType Truck = new("Truck");
    public static readonly VehicleType NewEnergy = new("NewEnergy");
    public static readonly VehicleType Motorcycle = new("Motorcycle");

    /// <summary>The kinds with a translated name; a lot starts with the first two.</summary>
    public static readonly IReadOnlyList<VehicleType> Known = [Small, Truck, NewEnergy, Motorcycle];

    public bool IsKnown => Known.Contains(this);

    /// <summary>A stored code back into a type (the database keeps <see cref="Code"/>).</summary>
    public static VehicleType FromCode(string code) => string.IsNullOrEmpty(code) ? Small : new VehicleType(code);

    /// <summary>What an admin, a camera or an import file calls a kind: a known name in Chinese or English, or a new name.</summary>
    public static VehicleType Named(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (VehicleTypes.TryParseKnown(trimmed, out var known))
        {
            return known;
        }

        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new DomainException("VehicleType.NameInvalid", MaxNameLength);
        }

        return new VehicleType(trimmed);
    }

    public bool Equals(VehicleType other) => string.Equals(Code, other.Code, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    public override string ToString() => Code;

    // Lists and reports show the known kinds in their usual order, added kinds after them by name.
    public int CompareTo(VehicleType other)
    {
        var (mine, theirs) = (Rank(this), Rank(other));
        return mine != theirs ? mine.CompareTo(theirs) : string.CompareOrdinal(Code, other.Code);
    }

    public int CompareTo(object? obj) => obj is VehicleType other ? CompareTo(other) : 1;

    public static bool operator <(VehicleType left, VehicleType right) => left.CompareTo(right) < 0;

    public static bool operator >(VehicleType left, VehicleType right) => left.CompareTo(right) > 0;

    public static bool operator <=(VehicleType left, VehicleType right) => left.CompareTo(right) <= 0;

    public static bool operator >=(VehicleType left, VehicleType right) => left.CompareTo(right) >= 0;

    private static int Rank(VehicleType type)
    {
        for (var at = 0; at < Known.Count; at++)
        {
            if (Known[at] == type)
            {
                return at;
            }
        }

        return Known.Count;
    }
}

public static class VehicleTypes
{
    // Cameras and the legacy front end send Chinese names; integrators and admins type English ones.
    private static readonly Dictionary<string, VehicleType> KnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["小车"] = VehicleType.Small, ["小型车"] = VehicleType.Small, ["small"] = VehicleType.Small,
        ["货车"] = VehicleType.Truck, ["大车"] = VehicleType.Truck, ["truck"] = VehicleType.Truck,
        ["新能源"] = VehicleType.NewEnergy, ["新能源车"] = VehicleType.NewEnergy, ["newenergy"] = VehicleType.NewEnergy, ["nev"] = VehicleType.NewEnergy,
        ["摩托"] = VehicleType.Motorcycle, ["摩托车"] = VehicleType.Motorcycle, ["motorcycle"] = VehicleType.Motorcycle,
    };

    /// <summary>One of the four known kinds by any of its names.</summary>
    public static bool TryParseKnown(string? text, out VehicleType type) =>
        KnownNames.TryGetValue(text?.Trim() ?? "", out type);

    /// <summary>The name the legacy API answers with (小车 / 货车 …, as the seed's front end shows them); an added kind's own name.</summary>
    public static string Name(VehicleType type) =>
        type.Code switch
        {
            "Small" => "小车",
            "Truck" => "货车",
            "NewEnergy" => "新能源",
            "Motorcycle" => "摩托",
            var own => own,
        };
}
