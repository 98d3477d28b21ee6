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
    private readonly int[][][] _layouts;
    private readonly float[]? _classWeights;
    private readonly int[] _provinces;

    /// <param name="alphabet">Characters of classes 1..n (class 0 is the CTC blank), as the model card lists them.</param>
    /// <param name="localProvinces">Province characters of the lot's own area ("皖"); empty for no preference.</param>
    /// <param name="localShare">Share of the cars that carry a local plate (0..1): the prior for a blurred province character.</param>
    public PlateGrammarDecoder(string alphabet, string? localProvinces = null, double localShare = 0)
    {
        _alphabet = alphabet;
        _classes = alphabet.Length + 1;

        // Character sets come from the domain grammar itself rather than from a second copy of its rules.
        var province = Classes(PlateNumber.IsProvince);
        var suffix = Classes(c => c > 0x7F && PlateNumber.TryParse("京A1234" + c, out _, out _));
        var letter = Classes(c => c is >= 'A' and <= 'Z' && c is not ('I' or 'O'));
        var anyLetter = Classes(c => c is >= 'A' and <= 'Z');
        var digit = Classes(c => c is >= '0' and <= '9');
        var serial = letter.Concat(digit).ToArray();
        var serialOrSuffix = serial.Concat(suffix).ToArray();
        var df = Classes(c => c is 'D' or 'F');

        _layouts =
        [
            [province, letter, serial, serial, serial, serial, serialOrSuffix],
            [province, letter, df, serial, serial, serial, serial, serial],
            [province, letter, digit, digit, digit, digit, digit, df],
            [anyLetter, anyLetter, digit, digit, digit, digit, digit, digit],
        ];
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

    /// <summary>Best plate for one candidate's probabilities (timesteps x classes, row-major), or null.</summary>
    public Decoded? Decode(ReadOnlySpan<float> probabilities, int timesteps)
    {
        if (probabilities.Length < timesteps * _classes)
        {
            throw new ArgumentException("Probability matrix is smaller than timesteps x classes.", nameof(probabilities));
        }

        if (_classWeights is not null)
        {
            probabilities = WithPrior(probabilities, timesteps);
        }

        var logs = new float[timesteps * _classes];
        for (var i = 0; i < logs.Length; i++)
        {
            logs[i] = MathF.Log(MathF.Max(probabilities[i], 1e-12f));
        }

        var readings = new List<Decoded>();
        foreach (var layout in _layouts)
        {
            var reading = Viterbi(probabilities, logs, timesteps, layout);
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

    /// <summary>Within each column the provinces keep their total probability; only its split follows the prior.</summary>
    private float[] WithPrior(ReadOnlySpan<float> probabilities, int timesteps)
    {
        var weighted = probabilities.ToArray();
        for (var t = 0; t < timesteps; t++)
        {
            float before = 0, after = 0;
            foreach (var k in _provinces)
            {
                before += weighted[t * _classes + k];
                after += weighted[t * _classes + k] *= _classWeights![k];
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

    private int[] Classes(Func<char, bool> predicate) =>
        _alphabet.Select((c, i) => (c, i)).Where(x => predicate(x.c)).Select(x => x.i + 1).ToArray();

    private Decoded? Viterbi(ReadOnlySpan<float> p, float[] logs, int timesteps, int[][] layout)
    {
        var length = layout.Length;
        var states = 2 * length + 1;
        if (timesteps < length)
        {
            return null;
        }

        // Best allowed character per column and position (the emission of that position's state).
        var emit = new float[timesteps * length];
        for (var t = 0; t < timesteps; t++)
        {
            for (var i = 0; i < length; i++)
            {
                var best = float.NegativeInfinity;
                foreach (var k in layout[i])
                {
                    best = MathF.Max(best, logs[t * _classes + k]);
                }

                emit[t * length + i] = best;
            }
        }

        var score = new float[timesteps * states];
        var from = new int[timesteps * states];
        Array.Fill(score, float.NegativeInfinity);
        score[0] = logs[0];
        score[1] = emit[0];
        for (var t = 1; t < timesteps; t++)
        {
            for (var s = 0; s < states; s++)
            {
                var e = s % 2 == 0 ? logs[t * _classes] : emit[t * length + s / 2];
                var bestPrev = score[(t - 1) * states + s];
                var arg = s;
                if (s >= 1 && score[(t - 1) * states + s - 1] > bestPrev)
                {
                    bestPrev = score[(t - 1) * states + s - 1];
                    arg = s - 1;
                }

                if (s % 2 == 1 && s >= 3 && score[(t - 1) * states + s - 2] > bestPrev)
                {
                    bestPrev = score[(t - 1) * states + s - 2];
                    arg = s - 2;
                }

                if (float.IsNegativeInfinity(bestPrev))
                {
                    continue;
                }

                score[t * states + s] = bestPrev + e;
                from[t * states + s] = arg;
            }
        }

        var last = (timesteps - 1) * states;
        var end = score[last + states - 1] >= score[last + states - 2] ? states - 1 : states - 2;
        var total = score[last + end];
        if (float.IsNegativeInfinity(total))
        {
            return null;
        }

        // Walk back: which columns each character position owns.
        var owner = new int[timesteps];
        for (int t = timesteps - 1, s = end; t >= 0; t--)
        {
            owner[t] = s % 2 == 1 ? s / 2 : -1;
            s = from[t * states + s];
        }

        var chars = new char[length];
        var confidences = new double[length];
        var runnerUps = new (char Char, double Confidence)[length];
        for (var i = 0; i < length; i++)
        {
            var bestK = -1;
            var secondK = -1;
            double bestSum = -1, secondSum = -1;
            foreach (var k in layout[i])
            {
                double sum = 0;
                for (var t = 0; t < timesteps; t++)
                {
                    if (owner[t] == i)
                    {
                        sum += p[t * _classes + k];
                    }
                }

                if (sum > bestSum)
                {
                    secondK = bestK;
                    secondSum = bestSum;
                    bestK = k;
                    bestSum = sum;
                }
                else if (sum > secondSum)
                {
                    secondK = k;
                    secondSum = sum;
                }
            }

            chars[i] = _alphabet[bestK - 1];
            confidences[i] = PeakProbability(p, owner, i, bestK, timesteps);
            runnerUps[i] = secondK > 0 ? (_alphabet[secondK - 1], PeakProbability(p, owner, i, secondK, timesteps)) : ('\0', 0);
        }

        var text = new string(chars);
        var confidence = confidences.Aggregate(1.0, (a, c) => a * c);
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

    public sealed record Decoded(string Text, double Confidence, IReadOnlyList<double> CharacterConfidences, float PathScore, IReadOnlyList<PlateGuess> Guesses);
}
