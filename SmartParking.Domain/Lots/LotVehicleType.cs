using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Domain.Lots;

/// <summary>A vehicle type a lot charges by, and the plate colour that means it when the camera sends no type.</summary>
public sealed record LotVehicleType(VehicleType Type, PlateColour? DefaultFor)
{
    public const int MaxTypes = 20;

    /// <summary>What a new lot starts with: small cars on blue plates, trucks on yellow ones.</summary>
    public static readonly IReadOnlyList<LotVehicleType> Starting =
        [new(VehicleType.Small, PlateColour.Blue), new(VehicleType.Truck, PlateColour.Yellow)];

    // Kept on the lot row as "Small=Blue;Truck=Yellow;大客车=": the list is short and read with the lot.
    public static string Format(IEnumerable<LotVehicleType> types) =>
        string.Join(';', types.Select(t => $"{t.Type.Code}={t.DefaultFor}"));

    public static IReadOnlyList<LotVehicleType> Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return Starting;
        }

        return [.. stored.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(item =>
        {
            var (code, colour) = item.IndexOf('=') is var at and >= 0 ? (item[..at], item[(at + 1)..]) : (item, "");
            return new LotVehicleType(VehicleType.FromCode(code), Enum.TryParse<PlateColour>(colour, out var c) ? c : null);
        })];
    }

    /// <summary>Refuses a list a gate could not decide by: empty, too long, a type twice, or a colour meaning two types.</summary>
    public static IReadOnlyList<LotVehicleType> Checked(IReadOnlyList<LotVehicleType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        if (types.Count == 0 || types.Count > MaxTypes)
        {
            throw new DomainException("VehicleType.ListSize", MaxTypes);
        }

        if (types.GroupBy(t => t.Type).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new DomainException("VehicleType.Twice", VehicleTypes.Name(twice.Key));
        }

        if (types.Where(t => t.DefaultFor is not null).GroupBy(t => t.DefaultFor).FirstOrDefault(g => g.Count() > 1) is { } colour)
        {
            throw new DomainException("VehicleType.ColourTwice", DomainError.Of("PlateColour." + colour.Key));
        }

        return types;
    }
}
