using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

internal static class PersonName
{
    public const int MaxLength = 50;

    public static string Require(string? name) =>
        Check(name) is { } error ? throw new DomainException(error) : name!.Trim();

    public static string? Check(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        return trimmed.Length == 0 ? "姓名不能为空 / name is required"
            : trimmed.Length > MaxLength ? $"姓名不能超过 {MaxLength} 个字 / name is longer than {MaxLength} characters"
            : null;
    }
}
