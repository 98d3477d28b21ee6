using System.Diagnostics.CodeAnalysis;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public sealed class PlateNumber : IEquatable<PlateNumber>
{
    public const int MaxLength = 8;

    private const string Provinces = PlateGrammar.Provinces;
    private const string SpecialSuffixes = "挂学警港澳领";
    private const string Separators = "·•・-";

    private PlateNumber(string value, PlateLayout layout)
    {
        Value = value;
        Kind = layout.Kind;
        Series = layout.Series;
    }

    public string Value { get; }

    public PlateKind Kind { get; }

    /// <summary>Which GA 36 plate it is: police, trailer, new-energy small, …</summary>
    public PlateSeries Series { get; }

    public static bool TryParse(
        string? input,
        [NotNullWhen(true)] out PlateNumber? plate,
        [NotNullWhen(false)] out DomainError? error)
    {
        var value = HalfWidth.Fold(input, Separators);
        error = Check(value, out var layout);
        plate = error is null ? new PlateNumber(value, layout!) : null;
        return plate is not null;
    }

    /// <summary>A province abbreviation that may begin a plate (京, 皖, …).</summary>
    public static bool IsProvince(char c) => Provinces.Contains(c);

    public static PlateNumber Parse(string input) =>
        TryParse(input, out var plate, out var error) ? plate : throw new DomainException(error);

    /// <summary>Begins a pseudonym: no province, so no camera or person can ever type or read one.</summary>
    public const char PseudonymMark = '匿';

    private const string PseudonymChars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>
    /// A random stand-in for an erased person's plate (匿 and seven characters): the stays and fees it marks still add
    /// up, but nothing leads back to the car.
    /// </summary>
    public static PlateNumber Pseudonym()
    {
        var serial = System.Security.Cryptography.RandomNumberGenerator.GetString(PseudonymChars, MaxLength - 1);
        return new PlateNumber(PseudonymMark + serial, PseudonymLayout);
    }

    public bool IsPseudonym => Value[0] == PseudonymMark;

    /// <summary>A plate as stored: a real one, or a pseudonym written by an erasure (never accepted from input).</summary>
    public static PlateNumber FromStored(string stored) =>
        stored is [PseudonymMark, .. var serial] && serial.Length == MaxLength - 1 && serial.All(PseudonymChars.Contains)
            ? new PlateNumber(stored, PseudonymLayout)
            : Parse(stored);

    private static readonly PlateLayout PseudonymLayout = new(PlateKind.Standard, PlateSeries.Ordinary, []);

    public bool Equals(PlateNumber? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as PlateNumber);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;

    public static bool operator ==(PlateNumber? left, PlateNumber? right) => Equals(left, right);

    public static bool operator !=(PlateNumber? left, PlateNumber? right) => !Equals(left, right);

    /// <summary>The first thing wrong with a plate; null when it fits a GA 36 layout (<see cref="PlateGrammar"/>).</summary>
    private static DomainError? Check(string plate, out PlateLayout? layout)
    {
        layout = PlateGrammar.LayoutOf(plate);
        if (plate.Length == 0)
        {
            return DomainError.Of("Plate.Empty");
        }

        if (layout?.Series is PlateSeries.Military or PlateSeries.ArmedPolice)
        {
            return null;
        }

        if (char.IsAsciiLetter(plate[0]))
        {
            return IsLegacy(plate)
                ? null
                : DomainError.Of("Plate.NotLegacyShape");
        }

        if (plate[0] == '使')
        {
            return layout is not null ? null : DomainError.Of("Plate.EmbassyShape");
        }

        if (!Provinces.Contains(plate[0]))
        {
            return plate[0] is >= '\u4E00' and <= '\u9FFF'
                ? DomainError.Of("Plate.UnknownProvince", plate[0].ToString())
                : DomainError.Of("Plate.NoProvince");
        }

        var afterProvince = plate.Length - 1;
        if (afterProvince is not (6 or 7))
        {
            return DomainError.Of("Plate.WrongLength", afterProvince);
        }

        if (plate[1] == 'I' || plate.AsSpan(2).IndexOfAny('I', 'O') >= 0)
        {
            return DomainError.Of("Plate.LetterIOrO");
        }

        if (PlateGrammar.PublicServiceOffice.Contains(plate[1]) && layout is null)
        {
            return DomainError.Of("Plate.PublicServiceShape");
        }

        if (!char.IsAsciiLetterUpper(plate[1]))
        {
            return DomainError.Of("Plate.NoLetterAfterProvince");
        }

        var serial = plate.AsSpan(2);
        for (var i = 0; i < serial.Length; i++)
        {
            var allowedSuffix = serial.Length == 5 && i == 4 && SpecialSuffixes.Contains(serial[i]);
            if (!IsSerialChar(serial[i]) && !allowedSuffix)
            {
                return DomainError.Of("Plate.InvalidCharacter", serial[i].ToString());
            }
        }

        if (layout is not null)
        {
            return null;
        }

        if (serial.Length == 5)
        {
            return DomainError.Of("Plate.HongKongMacauShape");
        }

        return DomainError.Of(serial[0] is 'D' or 'F' ? "Plate.NewEnergySmallShape" : "Plate.NewEnergyShape");
    }

    private static bool IsLegacy(string plate) =>
        plate.Length == 8
        && char.IsAsciiLetterUpper(plate[0])
        && char.IsAsciiLetterUpper(plate[1])
        && IsDigits(plate.AsSpan(2));

    // I and O are never issued: they read as 1 and 0.
    private static bool IsSerialChar(char c) =>
        char.IsAsciiDigit(c) || (char.IsAsciiLetterUpper(c) && c is not ('I' or 'O'));

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
