using SmartParking.Domain.People;

namespace SmartParking.Domain.Gate;

/// <summary>A plate a guard may mean, with how well it fits the camera's read (0..1) and whether the lot knows it.</summary>
public sealed record PlateSuggestion(string Plate, double Score, bool Known);

/// <summary>
/// Ranks what a doubtful read could be. The recognizer's own guesses count, but a plate the lot knows (a registered
/// vehicle, a car inside) that differs from the read in one or two characters is the likelier answer: misreads are
/// usually one confusable character (8/B, 0/D, 川/州).
/// </summary>
public static class PlateSuggestions
{
    public const int Shown = 5;
    private const int MaxDifferences = 2;

    public static IReadOnlyList<PlateSuggestion> Rank(IReadOnlyList<(string Text, double Confidence)> reads, IEnumerable<string> knownPlates)
    {
        var ranked = new Dictionary<string, PlateSuggestion>(StringComparer.Ordinal);
        foreach (var (text, confidence) in reads)
        {
            if (PlateNumber.TryParse(text, out var plate, out _))
            {
                Keep(ranked, new PlateSuggestion(plate.Value, confidence, false));
            }
        }

        foreach (var known in knownPlates.Distinct(StringComparer.Ordinal))
        {
            var best = reads
                .Select(r => (Differences: Differences(r.Text, known), r.Confidence))
                .Where(r => r.Differences <= MaxDifferences)
                .OrderBy(r => r.Differences)
                .ThenByDescending(r => r.Confidence)
                .Select(r => (double?)(Math.Max(r.Confidence, 0.5) * Math.Pow(0.75, r.Differences) + (r.Differences == 0 ? 0.5 : 0.25)))
                .FirstOrDefault();
            if (best is { } score)
            {
                Keep(ranked, new PlateSuggestion(known, Math.Min(1, score), true));
            }
        }

        return ranked.Values.OrderByDescending(s => s.Score).ThenByDescending(s => s.Known).Take(Shown).ToList();
    }

    private static void Keep(Dictionary<string, PlateSuggestion> ranked, PlateSuggestion suggestion)
    {
        if (!ranked.TryGetValue(suggestion.Plate, out var existing) || existing.Score < suggestion.Score || suggestion.Known)
        {
            ranked[suggestion.Plate] = suggestion with { Score = Math.Max(suggestion.Score, existing?.Score ?? 0) };
        }
    }

    /// <summary>Characters that differ position by position; plates of different lengths are never the same car.</summary>
    public static int Differences(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return int.MaxValue;
        }

        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += a[i] == b[i] ? 0 : 1;
        }

        return count;
    }
}
