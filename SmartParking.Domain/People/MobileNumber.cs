using System.Diagnostics.CodeAnalysis;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public sealed class MobileNumber : IEquatable<MobileNumber>
{
    public const int Length = 11;

    private MobileNumber(string value) => Value = value;

    public string Value { get; }

    public string Masked => Mask(Value);

    public static bool TryParse(
        string? input,
        [NotNullWhen(true)] out MobileNumber? mobile,
        [NotNullWhen(false)] out DomainError? error)
    {
        var value = WithoutCountryCode(HalfWidth.Fold(input, "-()"));
        error = Check(value);
        mobile = error is null ? new MobileNumber(value) : null;
        return mobile is not null;
    }

    public static MobileNumber Parse(string input) =>
        TryParse(input, out var mobile, out var error) ? mobile : throw new DomainException(error);

    public static string Mask(string value) => PersonalData.Mask(value);

    public bool Equals(MobileNumber? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as MobileNumber);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    // Phones are personal data: logs and string interpolation get the masked form.
    public override string ToString() => Masked;

    public static bool operator ==(MobileNumber? left, MobileNumber? right) => Equals(left, right);

    public static bool operator !=(MobileNumber? left, MobileNumber? right) => !Equals(left, right);

    private static string WithoutCountryCode(string value) => value switch
    {
        _ when value.StartsWith("+86", StringComparison.Ordinal) => value[3..],
        _ when value.StartsWith("0086", StringComparison.Ordinal) => value[4..],
        // A bare 86 is only a prefix when it leaves exactly a mobile number behind.
        _ when value.Length == Length + 2 && value.StartsWith("86", StringComparison.Ordinal) => value[2..],
        _ => value,
    };

    private static DomainError? Check(string value)
    {
        if (value.Length == 0)
        {
            return DomainError.Of("Mobile.Empty");
        }

        if (value.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return DomainError.Of("Mobile.DigitsOnly");
        }

        if (value.Length != Length)
        {
            return DomainError.Of("Mobile.WrongLength", value.Length);
        }

        return value[0] == '1' && value[1] is >= '3' and <= '9'
            ? null
            : DomainError.Of("Mobile.WrongPrefix");
    }
}
