namespace SmartParking.Domain.People;

internal static class PersonalData
{
    // Keeps the first 3 and last 4 characters: enough for a guard to match a card, too little to reuse.
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= 7
            ? new string('*', value.Length)
            : string.Concat(value.AsSpan(0, 3), new string('*', value.Length - 7), value.AsSpan(value.Length - 4));
    }
}
