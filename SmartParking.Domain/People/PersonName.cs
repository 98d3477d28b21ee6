using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

internal static class PersonName
{
    public const int MaxLength = 50;

    public static string Require(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            throw new DomainException("姓名不能为空 / name is required");
        }

        if (trimmed.Length > MaxLength)
        {
            throw new DomainException($"姓名不能超过 {MaxLength} 个字 / name is longer than {MaxLength} characters");
        }

        return trimmed;
    }
}
