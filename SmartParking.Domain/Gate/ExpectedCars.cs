using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;

namespace SmartParking.Domain.Gate;

/// <summary>What a camera read means at a lane that knows which cars it expects.</summary>
public enum ExpectedCarVerdict
{
    /// <summary>The read is one of the expected cars, clearly: the gate acts on <see cref="ExpectedCarMatch.Plate"/>.</summary>
    Match,

    /// <summary>Two expected cars fit, or the camera and the expected plate disagree: the guard picks from <see cref="ExpectedCarMatch.Candidates"/>.</summary>
    Doubtful,

    /// <summary>No expected car is near the read: the lane decides on the read as it always did (a visitor, a car with no stay).</summary>
    Unexpected,
}

/// <summary>How an expected plate fits a read: as read, as one of the camera's other guesses, or one character away.</summary>
public enum MatchKind
{
    AsRead,
    AsGuess,
    OneCharacterAway,
}

/// <param name="Plate">The plate the gate acts on (Match only).</param>
/// <param name="Kind">How it fit the read (Match only).</param>
/// <param name="Support">How likely the camera says that plate is (0..1).</param>
/// <param name="Candidates">The expected plates a guard should choose from, likeliest first (Doubtful), or the match alone.</param>
public sealed record ExpectedCarMatch(ExpectedCarVerdict Verdict, PlateNumber? Plate, MatchKind Kind, double Support, IReadOnlyList<PlateNumber> Candidates)
{
    public static ExpectedCarMatch Unexpected { get; } = new(ExpectedCarVerdict.Unexpected, null, MatchKind.AsRead, 0, []);
}

/// <summary>
/// The numbers of <see cref="ExpectedCars"/>, chosen on the development sets' replay (docs/recognition.md, "A gate that
/// knows which cars it expects"; decision 032). Exit lanes expect the few hundred cars inside, entry lanes the lot's known
/// plates; a read that lands exactly on one of them is strong evidence even at a confidence a stranger's read would not
/// open at, because the chance that a misread lands exactly on another expected plate is small.
/// </summary>
/// <param name="MinSupport">Below this the camera's support for a plate it read (or guessed) is too weak even for an expected car.</param>
/// <param name="RivalShare">A second expected plate with this share of the best's support or more makes it doubtful.</param>
/// <param name="SureCharacter">
/// A character read at least this surely is taken as what the camera saw: an expected plate that differs there is
/// another car, and the guard decides. Below it, one differing character is the camera's doubt, and the match explains it.
/// </param>
/// <param name="MinRest">One character away counts only when the other characters together read at least this surely.</param>
/// <param name="ClosedWorld">
/// Every car expected here is one of the candidates (an exit: a car that leaves has a stay). A plate one character away
/// that the evaluation measured to be confused with the read (0/D, 浙/湘, …) is then that car even when the camera was
/// sure of its character; at an entry a stranger may carry the read plate, and the camera's doubt must agree.
/// </param>
/// <param name="UnseenShare">
/// The share of a doubtful character's remaining probability given to an expected character the camera did not name
/// among its guesses; a pair of characters measured to be confused (<see cref="ConfusedPairs"/>) gets it in full, others a fifth.
/// </param>
public sealed record ExpectedCarRules(double MinSupport, double RivalShare, double SureCharacter, double MinRest, double UnseenShare, bool ClosedWorld)
{
    /// <summary>
    /// An entry lane: strangers arrive too (visitors not yet registered), so a known plate must be read, or guessed,
    /// with at least one chance in ten, and a plate one character away must explain the one character the camera
    /// doubted. A stranger's plate misread exactly as a known one is far rarer than a known car read doubtfully.
    /// </summary>
    public static ExpectedCarRules Entry { get; } = new(MinSupport: 0.1, RivalShare: 0.2, SureCharacter: 0.9, MinRest: 0.8, UnseenShare: 0.5, ClosedWorld: false);

    /// <summary>
    /// An exit lane: the car leaving is one of the stays, so the question is only which; any support will do when no
    /// other stay comes close (a fifth of the best's support), which the rival rule keeps strict.
    /// </summary>
    public static ExpectedCarRules Exit { get; } = Entry with { MinSupport = 0.001, ClosedWorld = true };

    /// <summary>
    /// Characters the reader was measured to take for one another on real photos (plates-dev crops and toll; the
    /// province table in docs/recognition.md): a read one of them away from an expected plate is likelier that plate.
    /// </summary>
    public static IReadOnlySet<(char, char)> ConfusedPairs { get; } = Pairs(
        "0D", "0Q", "DQ", "8B", "B6", "EF", "BE", "HN", "T1", "71", "2Z", "G6", "5S", "U0", "8S", "W6",
        "皖陕", "皖赣", "皖闽", "皖藏", "皖桂", "皖贵", "皖豫", "皖冀", "皖云", "皖粤", "浙湘", "沪湘", "浙闽", "浙赣", "粤鄂",
        "豫琼", "贵浙", "赣陕", "鄂湘", "浙新", "冀贵", "青贵", "川闽", "沪渝");

    private static HashSet<(char, char)> Pairs(params string[] pairs) =>
        pairs.SelectMany(p => new[] { (p[0], p[1]), (p[1], p[0]) }).ToHashSet();
}

/// <summary>
/// Matches a camera read against the cars a lane expects: at an exit the plates of the open stays, at an entry the
/// lot's known plates (owners' vehicles, the white list, visitors registered today). Tolerant of the confusions the
/// evaluation measured, and strict where a wrong open would cost: one clear match is that plate; two that fit go to the
/// guard with both; a read one character away from exactly one expected plate is that plate only when the camera
/// doubted that very character.
/// </summary>
public static class ExpectedCars
{
    /// <summary>At an exit lane the plates of the open stays, at an entry lane the lot's known plates.</summary>
    public static ExpectedCarMatch Match(PlateRead? read, IEnumerable<PlateNumber> expected, LaneDirection direction) =>
        Match(read, expected, direction == LaneDirection.Exit ? ExpectedCarRules.Exit : ExpectedCarRules.Entry);

    public static ExpectedCarMatch Match(PlateRead? read, IEnumerable<PlateNumber> expected, ExpectedCarRules rules)
    {
        if (read is null)
        {
            return ExpectedCarMatch.Unexpected;
        }

        var fits = new List<(PlateNumber Plate, MatchKind Kind, double Support, double Named)>();
        foreach (var plate in expected.Distinct())
        {
            if (Fit(read, plate, rules) is { } fit)
            {
                fits.Add((plate, fit.Kind, fit.Support, fit.Named));
            }
        }

        if (fits.Count == 0)
        {
            return ExpectedCarMatch.Unexpected;
        }

        fits.Sort((a, b) => b.Support.CompareTo(a.Support));
        var best = fits[0];
        var candidates = fits.Select(f => f.Plate).ToList();
        if (fits.Count > 1 && fits[1].Support >= rules.RivalShare * best.Support)
        {
            return new ExpectedCarMatch(ExpectedCarVerdict.Doubtful, null, best.Kind, best.Support, candidates);
        }

        // An expected plate one character away that the camera did not guess carries little support by itself; it is
        // taken when it explains the one character the camera doubted, and the rest reads surely.
        var agrees = best.Named >= rules.MinSupport
            || (best.Kind == MatchKind.OneCharacterAway && CameraDoubtedTheDifference(read, best.Plate, rules));
        return agrees
            ? new ExpectedCarMatch(ExpectedCarVerdict.Match, best.Plate, best.Kind, best.Support, [best.Plate])
            : new ExpectedCarMatch(ExpectedCarVerdict.Doubtful, null, best.Kind, best.Support, candidates);
    }

    /// <summary>
    /// How the camera's read supports an expected plate, to rank it against the others; <c>Named</c> is the support
    /// the camera itself gave it (as its read or one of its guesses; −1 when it did not name it). Null when not near.
    /// </summary>
    private static (MatchKind Kind, double Support, double Named)? Fit(PlateRead read, PlateNumber plate, ExpectedCarRules rules)
    {
        if (read.Plate.Equals(plate))
        {
            return (MatchKind.AsRead, read.Confidence, read.Confidence);
        }

        var guess = read.TopGuesses.Where(g => g.Text == plate.Value).Select(g => g.Confidence).DefaultIfEmpty(-1).Max();
        if (Differing(read.Plate.Value, plate.Value) is not { } i || i >= read.CharacterConfidences.Count)
        {
            return guess >= 0 ? (MatchKind.AsGuess, guess, guess) : null;
        }

        // One character away: the camera's own guess for it, or else the other characters as read with the doubtful
        // one's remaining probability shared with what it might be. Whether that is enough is the one-away rule's call.
        var p = Math.Clamp(read.CharacterConfidences[i], 1e-6, 1);
        var rest = Math.Min(1, read.Confidence / p);
        var share = ExpectedCarRules.ConfusedPairs.Contains((read.Plate.Value[i], plate.Value[i])) ? rules.UnseenShare : rules.UnseenShare / 5;
        return (MatchKind.OneCharacterAway, Math.Max(guess, rest * (1 - p) * share), guess);
    }

    private static bool CameraDoubtedTheDifference(PlateRead read, PlateNumber plate, ExpectedCarRules rules)
    {
        var i = Differing(read.Plate.Value, plate.Value)!.Value;
        var p = read.CharacterConfidences[i];
        var confused = rules.ClosedWorld && ExpectedCarRules.ConfusedPairs.Contains((read.Plate.Value[i], plate.Value[i]));
        return (p < rules.SureCharacter || confused) && read.Confidence / Math.Max(p, 1e-6) >= rules.MinRest;
    }

    /// <summary>The one position where two plates of the same length differ; null when none or more than one.</summary>
    private static int? Differing(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return null;
        }

        int? at = null;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                if (at is not null)
                {
                    return null;
                }

                at = i;
            }
        }

        return at;
    }
}
