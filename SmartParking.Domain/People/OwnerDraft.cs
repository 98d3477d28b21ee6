using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Lots;

namespace SmartParking.Domain.People;

/// <summary>The parts of an owner's registration, named alike on the form, in the API and as import columns.</summary>
public enum OwnerField
{
    Name,
    IdNumber,
    Mobile,
    Unit,
    Plates,
}

public sealed record DraftVehicle(PlateNumber Plate, VehicleType Type);

/// <summary>
/// An owner as an admin typed them (form, API or one row of an import file), checked field by field so that each
/// broken rule is shown under its own field or column before anything is written.
/// </summary>
public sealed record OwnerDraft(string Name, ChineseIdNumber IdNumber, MobileNumber Mobile, string Unit, IReadOnlyList<DraftVehicle> Vehicles)
{
    public const int MaxVehicles = 10;

    private static readonly char[] PlateSeparators = [';', '；', '、', ',', '，', '\n'];
    private static readonly char[] TypeSeparators = [':', '：'];

    /// <summary>Vehicle types are the lot's (<see cref="Lot.TryFindVehicleType"/>); left out, the one the plate's colour means there.</summary>
    public static OwnerDraft? TryRead(
        Lot lot, string? name, string? idNumber, string? mobile, string? unit, IReadOnlyList<(string? Plate, string? Type)> vehicles, DateOnly today,
        out IReadOnlyDictionary<OwnerField, DomainError> errors)
    {
        var found = new Dictionary<OwnerField, DomainError>();
        if (PersonName.Check(name) is { } nameError)
        {
            found[OwnerField.Name] = nameError;
        }

        if (!ChineseIdNumber.TryParse(idNumber, today, out var id, out var idError))
        {
            found[OwnerField.IdNumber] = idError;
        }

        if (!MobileNumber.TryParse(mobile, out var phone, out var mobileError))
        {
            found[OwnerField.Mobile] = mobileError;
        }

        if (Owner.CheckUnit(unit) is { } unitError)
        {
            found[OwnerField.Unit] = unitError;
        }

        var cars = new List<DraftVehicle>();
        foreach (var (plateText, typeText) in vehicles)
        {
            if (!PlateNumber.TryParse(plateText, out var plate, out var plateError))
            {
                found.TryAdd(OwnerField.Plates, plateError);
            }
            else if (TypeOf(lot, plate, typeText) is not { } type)
            {
                found.TryAdd(OwnerField.Plates, DomainError.Of("Vehicle.UnknownType", typeText!.Trim(), string.Join(" ", lot.VehicleTypes.Select(t => VehicleTypes.Name(t.Type)))));
            }
            else if (cars.Any(c => c.Plate == plate))
            {
                found.TryAdd(OwnerField.Plates, DomainError.Of("Owner.PlateAlreadyHis", plate.Value));
            }
            else
            {
                cars.Add(new DraftVehicle(plate, type));
            }
        }

        if (vehicles.Count > MaxVehicles)
        {
            found.TryAdd(OwnerField.Plates, DomainError.Of("Owner.TooManyVehicles", MaxVehicles));
        }

        errors = found;
        return found.Count == 0 ? new OwnerDraft(name!.Trim(), id!, phone!, unit!.Trim(), cars) : null;
    }

    private static VehicleType? TypeOf(Lot lot, PlateNumber plate, string? text) =>
        string.IsNullOrWhiteSpace(text) ? lot.VehicleTypeFor(PlateColours.Of(plate))
        : lot.TryFindVehicleType(text, out var type) ? type
        : null;

    /// <summary>
    /// One cell of plates as an import file or a form writes them: <c>京A12345:小车; 沪B67890:货车</c>, the type after a
    /// colon and the lot's type for the plate's colour when left out; semicolons, commas or 、 between cars.
    /// </summary>
    public static IReadOnlyList<(string? Plate, string? Type)> SplitPlates(string? cell) =>
        [.. (cell ?? "").Split(PlateSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(TypeSeparators, 2, StringSplitOptions.TrimEntries))
            .Select(parts => ((string?)parts[0], parts.Length > 1 ? parts[1] : null))];

    public Owner Register(Guid lotId, DateTime nowUtc)
    {
        var owner = Owner.Register(lotId, Name, IdNumber, Mobile, nowUtc, unit: Unit);
        foreach (var car in Vehicles)
        {
            owner.AddVehicle(car.Plate, car.Type, nowUtc, approved: true);
        }

        return owner;
    }
}
