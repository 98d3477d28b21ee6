using System.Text;

namespace SmartParking.Domain.People;

// People type on Chinese IMEs, which produce full-width ASCII (ＡＢＣ１２３) and separators.
internal static class HalfWidth
{
    public static string Fold(string? input, string dropped)
    {
        if (string.IsNullOrEmpty(input))
        {
            return string.Empty;
        }

        var folded = new StringBuilder(input.Length);
        foreach (var raw in input)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw;
            if (char.IsWhiteSpace(c) || dropped.Contains(c))
            {
                continue;
            }

            folded.Append(char.ToUpperInvariant(c));
        }

        return folded.ToString();
    }
}
