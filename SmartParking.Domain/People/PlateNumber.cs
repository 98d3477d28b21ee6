using System.Diagnostics.CodeAnalysis;
using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public sealed class PlateNumber : IEquatable<PlateNumber>
{
    public const int MaxLength = 8;

    private const string Provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    private const string SpecialSuffixes = "挂学警港澳领";
    private const string Separators = "·•・-";

    private PlateNumber(string value, PlateKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public string Value { get; }

    public PlateKind Kind { get; }

    public static bool TryParse(
        string? input,
        [NotNullWhen(true)] out PlateNumber? plate,
        [NotNullWhen(false)] out string? error)
    {
        var value = HalfWidth.Fold(input, Separators);
        error = Check(value, out var kind);
        plate = error is null ? new PlateNumber(value, kind) : null;
        return plate is not null;
    }

    /// <summary>A province abbreviation that may begin a plate (京, 皖, …).</summary>
    public static bool IsProvince(char c) => Provinces.Contains(c);

    public static PlateNumber Parse(string input) =>
        TryParse(input, out var plate, out var error) ? plate : throw new DomainException(error);

    public bool Equals(PlateNumber? other) => other is not null && Value == other.Value;

    public override bool Equals(object? obj) => Equals(obj as PlateNumber);

    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value;

    public static bool operator ==(PlateNumber? left, PlateNumber? right) => Equals(left, right);

    public static bool operator !=(PlateNumber? left, PlateNumber? right) => !Equals(left, right);

    private static string? Check(string plate, out PlateKind kind)
    {
        kind = PlateKind.Standard;
        if (plate.Length == 0)
        {
            return "车牌号不能为空 / plate is empty";
        }

        if (char.IsAsciiLetter(plate[0]))
        {
            kind = PlateKind.Legacy;
            return IsLegacy(plate)
                ? null
                : "车牌应以省份简称开头（如 京A12345），旧式测试车牌为 2 个字母加 6 位数字（如 NU123456） / a plate starts with a province (京A12345); legacy test plates are 2 letters and 6 digits (NU123456)";
        }

        if (!Provinces.Contains(plate[0]))
        {
            return plate[0] is >= '\u4E00' and <= '\u9FFF'
                ? $"未知的省份简称 '{plate[0]}' / unknown province '{plate[0]}'"
                : "车牌应以省份简称开头，例如 京A12345 / a plate starts with a province, e.g. 京A12345";
        }

        var afterProvince = plate.Length - 1;
        if (afterProvince is not (6 or 7))
        {
            return $"长度不对：省份后应为 6 位（新能源 7 位），实际 {afterProvince} 位 / wrong length: 6 characters after the province (7 for new-energy), got {afterProvince}";
        }

        if (plate.AsSpan(1).IndexOfAny('I', 'O') >= 0)
        {
            return "号码中不能含字母 I 或 O / a plate cannot contain the letters I or O";
        }

        if (!char.IsAsciiLetterUpper(plate[1]))
        {
            return "省份后应为一个字母，例如 京A / the province is followed by a letter, e.g. 京A";
        }

        var serial = plate.AsSpan(2);
        for (var i = 0; i < serial.Length; i++)
        {
            var allowedSuffix = serial.Length == 5 && i == 4 && SpecialSuffixes.Contains(serial[i]);
            if (!IsSerialChar(serial[i]) && !allowedSuffix)
            {
                return $"号码中含无效字符 '{serial[i]}' / invalid character '{serial[i]}'";
            }
        }

        if (serial.Length == 5)
        {
            return null;
        }

        kind = PlateKind.NewEnergy;
        var small = serial[0] is 'D' or 'F';
        var large = serial[5] is 'D' or 'F' && IsDigits(serial[..5]);
        return small || large
            ? null
            : "新能源车牌应为 D/F 加 5 位，或 5 位数字加 D/F / a new-energy plate is D/F and 5 characters, or 5 digits and D/F";
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
