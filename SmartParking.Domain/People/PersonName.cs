using System.Globalization;
using System.Text;
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
            : HasHiddenCharacters(trimmed) ? DomainError.Of("Person.NameHiddenCharacters")
            : null;
    }

    // A name is printed on the booth screen, receipts and reports: an invisible or control character there can hide
    // a different name, reverse the text around it or break a line the guard reads. Paired surrogates stay: rare
    // characters of Chinese names live beyond the basic plane.
    private static bool HasHiddenCharacters(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (!Rune.TryGetRuneAt(name, i, out var rune))
            {
                return true;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return true;
            }

            i += rune.Utf16SequenceLength - 1;
        }

        return false;
    }

    /// <summary>The name as reports and receipts print it: the family name, the rest as stars.</summary>
    public static string Mask(string name) => name.Length <= 1 ? name : name[0] + new string('*', name.Length - 1);
}
