using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

// Resident ID number per GB 11643: 6-digit area, yyyyMMdd birth date, 3-digit sequence, ISO 7064 MOD 11-2 check char.
public sealed class ChineseIdNumber : IEquatable<ChineseIdNumber>
{
    public const int Length = 18;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckChars = "10X98765432";
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    // Without a clock the domain can only reject impossible years; callers that know today use the overload.
    private static readonly DateOnly Latest = new(2100, 12, 31);

    private ChineseIdNumber(string value, DateOnly birthDate)
    {
        Value = value;
        BirthDate = birthDate;
    }

    public string Value { get; }

    public DateOnly BirthDate { get; }

    public string Masked => Mask(Value);

    public static bool TryParse(
        string? input,
        [NotNullWhen(true)] out ChineseIdNumber? id,
        [NotNullWhen(false)] out DomainError? error) =>
        TryParse(input, Latest, out id, out error);

    public static bool TryParse(
        string? input,
        DateOnly today,
        [NotNullWhen(true)] out ChineseIdNumber? id,
        [NotNullWhen(false)] out DomainError? error)
    {
        var value = HalfWidth.Fold(input, "-");
        error = Check(value, today, out var birthDate);
        id = error is null ? new ChineseIdNumber(value, birthDate) : null;
        return id is not null;
    }

    public static ChineseIdNumber Parse(string input) =>
        TryParse(input, out var id, out var error) ? id : throw new DomainException(error);

    public static ChineseIdNumber Parse(string input, DateOnly today) =>
        TryParse(input, today, out var id, out var error) ? id : throw new DomainException(error);

    // Used on screens and by the encrypted store, which never shows more than area prefix and last four.
    public static string Mask(string value) => PersonalData.Mask(value);

    public static char CheckCharFor(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < Weights.Length; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckChars[sum % 11];
    }

    public bool Equals(ChineseIdNumber? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as ChineseIdNumber);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    // The full number must never land in a log line by accident.
    public override string ToString() => Masked;

    public static bool operator ==(ChineseIdNumber? left, ChineseIdNumber? right) => Equals(left, right);

    public static bool operator !=(ChineseIdNumber? left, ChineseIdNumber? right) => !Equals(left, right);

    private static DomainError? Check(string value, DateOnly today, out DateOnly birthDate)
    {
        birthDate = default;
        if (value.Length == 0)
        {
            return DomainError.Of("IdNumber.Empty");
        }

        if (value.Length != Length)
        {
            return DomainError.Of("IdNumber.WrongLength", value.Length);
        }

        var first17 = value.AsSpan(0, 17);
        if (first17.ContainsAnyExceptInRange('0', '9'))
        {
            return DomainError.Of("IdNumber.First17NotDigits");
        }

        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X')
        {
            return DomainError.Of("IdNumber.BadLastCharacter");
        }

        var birth = value.Substring(6, 8);
        if (!DateOnly.TryParseExact(birth, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate))
        {
            return DomainError.Of("IdNumber.BirthDateInvalid", birth);
        }

        if (birthDate < Earliest)
        {
            return DomainError.Of("IdNumber.BornBefore1900", birth);
        }

        if (birthDate > today)
        {
            return today == Latest
                ? DomainError.Of("IdNumber.BornAfter2100", birth)
                : DomainError.Of("IdNumber.BornInFuture", birth);
        }

        return CheckCharFor(first17) == value[17]
            ? null
            : DomainError.Of("IdNumber.CheckCharacterMismatch");
    }
}
