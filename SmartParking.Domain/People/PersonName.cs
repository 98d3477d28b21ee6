using SmartParking.Domain.Common;

namespace SmartParking.Domain.People;

public static class PersonName
{
    public const int MaxLength = 50;

    public static string Require(string? name) =>
        Check(name) is { } error ? throw new DomainException(error) : name!.Trim();

    public static DomainError? Check(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        return trimmed.Length == 0 ? DomainError.Of("Person.NameRequired")
            : trimmed.Length > MaxLength ? DomainError.Of("Person.NameTooLong", MaxLength)
            : null;
    }

    /// <summary>The name as reports and receipts print it: the family name, the rest as stars.</summary>
    public static string Mask(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);
}
