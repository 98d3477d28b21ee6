using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Turns the reader's per-column probabilities into a plate that the grammar allows: a CTC best path constrained to
/// each plate layout (7-character standard, 8-character new energy small and large, legacy NU123456), so a column
/// that looks like "O" is read as "0" where only a digit may stand. <see cref="PlateNumber"/> has the last word.
/// </summary>
public sealed class PlateGrammarDecoder
{
    private const int MaxGuesses = 5;

    private readonly string _alphabet;
    private readonly int _classes;
    private readonly Layout[] _layouts;
    private readonly float[]? _classWeights;
    private readonly int[] _provinces;
    private readonly double _checkerStrength;
    private readonly int[] _checkerIndex;

    /// <param name="alphabet">Characters of classes 1..n (class 0 is the CTC blank), as the model card lists them.</param>
    /// <param name="localProvinces">Province characters of the lot's own area ("皖"); empty for no preference.</param>
    /// <param name="localShare">Share of the cars that carry a local plate (0..1): the prior for a blurred province character.</param>
    /// <param name="checkerClasses">What the province checker names, in its output order; null without a checker.</param>
    /// <param name="checkerStrength">How much the checker's opinion counts against the reader's (0: not at all, 1: as much).</param>
    public PlateGrammarDecoder(string alphabet, string? localProvinces = null, double localShare = 0, string? checkerClasses = null,
        double checkerStrength = 0)
    {
        _alphabet = alphabet;
        _classes = alphabet.Length + 1;
        _checkerStrength = checkerClasses is null ? 0 : checkerStrength;
        _checkerIndex = checkerClasses is null ? [] : alphabet.Select(c => checkerClasses.IndexOf(c)).Prepend(-1).ToArray();

        // The layouts come from the domain grammar (GA 36) itself rather than from a second copy of its rules.
        _layouts = [.. DecodingLayouts(alphabet).Select(positions => new Layout(positions))];
        var province = Classes(PlateNumber.IsProvince);
        _provinces = province;
        _classWeights = ProvinceWeights(province, localProvinces, localShare);
    }

    /// <summary>
    /// The reader is trained with every province equally likely, but a community's car park sees mostly local plates.
    /// Bayes: a province's probability is scaled by its prior over the uniform one, so a blurred 皖 is not read as 陕,
    /// while a sharp non-local character still wins. Null when the lot states no local province.
    /// </summary>
    private float[]? ProvinceWeights(int[] province, string? localProvinces, double localShare)
    {
        var local = province.Where(k => localProvinces?.Contains(_alphabet[k - 1]) == true).ToHashSet();
        if (local.Count == 0 || local.Count == province.Length || localShare <= 0 || localShare >= 1)
        {
            return null;
        }

        var weights = Enumerable.Repeat(1f, _classes).ToArray();
        var uniform = 1.0 / province.Length;
        foreach (var k in province)
        {
            var prior = local.Contains(k) ? localShare / local.Count : (1 - localShare) / (province.Length - local.Count);
            weights[k] = (float)(prior / uniform);
        }

        return weights;
    }

    /// <summary>
    /// Best plate for one candidate's probabilities (timesteps x classes, row-major), or null. <paramref name="checker"/>:
    /// the province checker's probabilities for the same box (decision 020). The two networks' opinions, multiplied,
    /// decide the province; the read keeps the lower of its confidence with and without the checker, because two
    /// networks trained on the same renderer agreeing is not two independent witnesses, while their disagreeing is
    /// a real doubt.
    /// </summary>
    public Decoded? Decode(ReadOnlySpan<float> probabilities, int timesteps, ReadOnlySpan<float> checker = default)
    {
        if (probabilities.Length < timesteps * _classes)
        {
            throw new ArgumentException("Probability matrix is smaller than timesteps x classes.", nameof(probabilities));
        }

        var alone = DecodeWith(probabilities, timesteps, _classWeights);
        if (checker.IsEmpty || _checkerStrength <= 0)
        {
            return alone;
        }

        var both = DecodeWith(probabilities, timesteps, WithChecker(checker));
        return alone is null || both is null || alone.Text != both.Text ? both ?? alone : both.Capped(alone.Confidence);
    }

    private Decoded? DecodeWith(ReadOnlySpan<float> probabilities, int timesteps, float[]? weights)
    {
        if (weights is not null)
        {
            probabilities = WithPrior(probabilities, timesteps, weights);
        }

        var logs = new float[timesteps * _classes];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = MathF.Log(MathF.Max(probabilities[i], 1e-12f));
        }

        // The reader's own best path, free of any grammar: per column its likeliest class.
        var freeScore = 0f;
        for (var t = 0; t < timesteps; t++)
        {
            var likeliest = float.NegativeInfinity;
            for (var k = 0; k < _classes; k++)
            {
                likeliest = MathF.Max(likeliest, logs[t * _classes + k]);
            }

            freeScore += likeliest;
        }

        var readings = new List<Decoded>();
        foreach (var layout in _layouts)
        {
            var reading = Viterbi(probabilities, logs, freeScore, timesteps, layout);
            if (reading is not null)
            {
                readings.Add(reading);
            }
        }

        if (readings.Count == 0)
        {
            return null;
        }

        var best = readings.MaxBy(r => r.PathScore)!;
        var guesses = readings.SelectMany(r => r.Guesses)
            .Where(g => PlateNumber.TryParse(g.Text, out _, out _))
            .GroupBy(g => g.Text)
            .Select(g => g.MaxBy(x => x.Confidence)!)
            .OrderByDescending(g => g.Confidence)
            .Take(MaxGuesses)
            .ToList();
        return best with { Guesses = guesses };
    }

    /// <summary>
    /// The lot's prior times the checker's opinion over the uniform one, raised to the checker's strength; a floor keeps a
    /// province the checker all but rules out within reach of a reader that sees it sharply.
    /// </summary>
    private float[] WithChecker(ReadOnlySpan<float> checker)
    {
        var weights = _classWeights?.ToArray() ?? Enumerable.Repeat(1f, _classes).ToArray();
        var total = 0.0;
        foreach (var k in _provinces)
        {
            total += _checkerIndex[k] >= 0 ? checker[_checkerIndex[k]] : 0;
        }

        if (total <= 0)
        {
            return weights;
        }

        foreach (var k in _provinces)
        {
            var share = _checkerIndex[k] >= 0 ? checker[_checkerIndex[k]] / total : 0;
            weights[k] *= (float)Math.Pow(Math.Max(share * _provinces.Length, 1e-3), _checkerStrength);
        }

        return weights;
    }

    /// <summary>Within each column the provinces keep their total probability; only its split follows the prior.</summary>
    private float[] WithPrior(ReadOnlySpan<float> probabilities, int timesteps, float[] weights)
    {
        var weighted = probabilities.ToArray();
        for (var t = 0; t < timesteps; t++)
        {
            float before = 0, after = 0;
            foreach (var k in _provinces)
            {
                before += weighted[t * _classes + k];
                after += weighted[t * _classes + k] *= weights[k];
            }

            if (after > 0)
            {
                foreach (var k in _provinces)
                {
                    weighted[t * _classes + k] *= before / after;
                }
            }
        }

        return weighted;
    }

    /// <summary>
    /// The grammar's layouts as class indices of the reader's alphabet. Layouts that differ only in their last position
    /// (an ordinary plate and its trailer, coach, police and consulate series) are decoded as one, their last
    /// positions joined: one pass over the columns instead of five. A layout with a character the reader cannot name
    /// (使) is left out.
    /// </summary>
    private static int[][][] DecodingLayouts(string alphabet)
    {
        int[] ClassesOf(string characters) => characters.Select(c => alphabet.IndexOf(c) + 1).Where(k => k > 0).Order().ToArray();

        var layouts = new List<int[][]>();
        foreach (var layout in PlateGrammar.Layouts)
        {
            var positions = layout.Positions.Select(ClassesOf).ToArray();
            if (positions.Any(p => p.Length == 0))
            {
                continue;
            }

            var twin = layouts.FindIndex(other => other.Length == positions.Length
                && other.Take(positions.Length - 1).Zip(positions).All(pair => pair.First.SequenceEqual(pair.Second)));
            if (twin >= 0)
            {
                layouts[twin][^1] = [.. layouts[twin][^1].Union(positions[^1]).Order()];
            }
            else
            {
                layouts.Add(positions);
            }
        }

        return [.. layouts];
    }

    private int[] Classes(Func<char, bool> predicate) =>
        _alphabet.Select((c, i) => (c, i)).Where(x => predicate(x.c)).Select(x => x.i + 1).ToArray();

    /// <summary>
    /// Constrained CTC best path with one state per position and class, so that — as in CTC itself — two equal
    /// characters in a row need a blank between them. Without that rule a wide "4" could be counted twice to fill
    /// a layout, and the read looked sure of a character that is not there.
    /// </summary>
    private Decoded? Viterbi(ReadOnlySpan<float> p, float[] logs, float freeScore, int timesteps, Layout shape)
    {
        var layout = shape.Positions;
        var length = layout.Length;
        if (timesteps < length)
        {
            return null;
        }

        // States: blank j (0..length) waits before position j; then the character states of each position.
        var first = shape.First;
        var classOf = shape.ClassOf;
        var states = first[length];
        var score = new float[timesteps * states];
        var from = new int[timesteps * states];
        Array.Fill(score, float.NegativeInfinity);
        score[0] = logs[0];
        for (var n = 0; n < layout[0].Length; n++)
        {
            score[first[0] + n] = logs[layout[0][n]];
        }

        // Per position, its two best character states in the column before: leaving a position goes through the best
        // (to a blank) or, straight into the next position, through the best whose class differs from the new one.
        var top = new int[length];
        var second = new int[length];
        for (var t = 1; t < timesteps; t++)
        {
            var previous = (t - 1) * states;
            var current = t * states;
            var column = t * _classes;
            for (var i = 0; i < length; i++)
            {
                int best = -1, next = -1;
                for (var s = first[i]; s < first[i + 1]; s++)
                {
                    if (best < 0 || score[previous + s] > score[previous + best])
                    {
                        next = best;
                        best = s;
                    }
                    else if (next < 0 || score[previous + s] > score[previous + next])
                    {
                        next = s;
                    }
                }

                top[i] = best;
                second[i] = next;
            }

            // Blank j: stay, or leave position j - 1.
            for (var j = 0; j <= length; j++)
            {
                var best = score[previous + j];
                var arg = j;
                if (j > 0 && score[previous + top[j - 1]] > best)
                {
                    best = score[previous + top[j - 1]];
                    arg = top[j - 1];
                }

                if (!float.IsNegativeInfinity(best))
                {
                    score[current + j] = best + logs[column];
                    from[current + j] = arg;
                }
            }

            for (var i = 0; i < length; i++)
            {
                var topBefore = i == 0 ? -1 : top[i - 1];
                var topClass = i == 0 ? -1 : classOf[topBefore];
                var secondBefore = i == 0 ? -1 : second[i - 1];
                var waited = score[previous + i];
                for (var s = first[i]; s < first[i + 1]; s++)
                {
                    var k = classOf[s];
                    var best = score[previous + s];
                    var arg = s;
                    if (waited > best)
                    {
                        best = waited;
                        arg = i;
                    }

                    var straight = i == 0 ? -1 : topClass == k ? secondBefore : topBefore;
                    if (straight >= 0 && score[previous + straight] > best)
                    {
                        best = score[previous + straight];
                        arg = straight;
                    }

                    if (!float.IsNegativeInfinity(best))
                    {
                        score[current + s] = best + logs[column + k];
                        from[current + s] = arg;
                    }
                }
            }
        }

        // End on the last blank or on any character of the last position.
        var last = (timesteps - 1) * states;
        var end = length;
        for (var s = first[length - 1]; s < states; s++)
        {
            if (score[last + s] > score[last + end])
            {
                end = s;
            }
        }

        var total = score[last + end];
        if (float.IsNegativeInfinity(total))
        {
            return null;
        }

        // Walk back: which columns each character position owns, and with which class.
        var owner = new int[timesteps];
        var chosen = new int[length];
        for (int t = timesteps - 1, s = end; t >= 0; t--)
        {
            owner[t] = -1;
            if (s > length)
            {
                var i = PositionOf(first, s);
                owner[t] = i;
                chosen[i] = layout[i][s - first[i]];
            }

            s = from[t * states + s];
        }

        var chars = new char[length];
        var confidences = new double[length];
        var runnerUps = new (char Char, double Confidence)[length];
        for (var i = 0; i < length; i++)
        {
            var secondK = -1;
            double secondSum = -1;
            foreach (var k in layout[i])
            {
                if (k == chosen[i])
                {
                    continue;
                }

                double sum = 0;
                for (var t = 0; t < timesteps; t++)
                {
                    if (owner[t] == i)
                    {
                        sum += p[t * _classes + k];
                    }
                }

                if (sum > secondSum)
                {
                    secondK = k;
                    secondSum = sum;
                }
            }

            chars[i] = _alphabet[chosen[i] - 1];
            confidences[i] = PeakProbability(p, owner, i, chosen[i], timesteps);
            runnerUps[i] = secondK > 0 ? (_alphabet[secondK - 1], PeakProbability(p, owner, i, secondK, timesteps)) : ('\0', 0);
        }

        var text = new string(chars);

        // A layout that had to force a column (a character where the reader saw a blank, or the reverse) fits worse
        // than the reader's own best path; that shortfall caps the confidence even when every character it kept is
        // sharp.
        var fit = Math.Exp(Math.Min(0, total - freeScore));
        var confidence = Math.Min(confidences.Aggregate(1.0, (a, c) => a * c), fit);
        var guesses = new List<PlateGuess> { new(text, confidence) };
        for (var i = 0; i < length; i++)
        {
            if (runnerUps[i].Char != '\0' && confidences[i] > 0)
            {
                var alternative = chars.ToArray();
                alternative[i] = runnerUps[i].Char;
                guesses.Add(new PlateGuess(new string(alternative), confidence / confidences[i] * runnerUps[i].Confidence));
            }
        }

        return new Decoded(text, confidence, confidences, total, guesses);
    }

    private static int PositionOf(int[] first, int state)
    {
        var i = 0;
        while (state >= first[i + 1])
        {
            i++;
        }

        return i;
    }

    private double PeakProbability(ReadOnlySpan<float> p, int[] owner, int position, int k, int timesteps)
    {
        double peak = 0;
        for (var t = 0; t < timesteps; t++)
        {
            if (owner[t] == position)
            {
                peak = Math.Max(peak, p[t * _classes + k]);
            }
        }

        return peak;
    }

    /// <summary>
    /// A layout as the decoder walks it, worked out once rather than for every read (the decoder was about a quarter of a
    /// photo's CPU once the networks ran on ONNX Runtime): the first state of each position and the class each state reads.
    /// </summary>
    private sealed class Layout
    {
        public Layout(int[][] positions)
        {
            Positions = positions;
            First = new int[positions.Length + 1];
            First[0] = positions.Length + 1;
            for (var i = 0; i < positions.Length; i++)
            {
                First[i + 1] = First[i] + positions[i].Length;
            }

            ClassOf = new int[First[^1]];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i].CopyTo(ClassOf, First[i]);
            }
        }

        public int[][] Positions { get; }

        public int[] First { get; }

        /// <summary>Per state, the class a character state reads (0 for the blanks).</summary>
        public int[] ClassOf { get; }
    }

    public sealed record Decoded(string Text, double Confidence, IReadOnlyList<double> CharacterConfidences, float PathScore, IReadOnlyList<PlateGuess> Guesses)
    {
        /// <summary>The same reading with its confidence (and its own guess's) at most <paramref name="ceiling"/>.</summary>
        public Decoded Capped(double ceiling) => Confidence <= ceiling
            ? this
            : this with
            {
                Confidence = Math.Max(0, ceiling),
                Guesses = Guesses.Select(g => g.Text == Text ? g with { Confidence = Math.Max(0, ceiling) } : g).ToList(),
            };
    }
}
