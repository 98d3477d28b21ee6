using OpenCvSharp;
using SmartParking.Domain.Recognition;
using Decoded = SmartParking.Infrastructure.Recognition.PlateGrammarDecoder.Decoded;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// The one place for new-energy (green, 8-character) plates. Their pale top leaves the green mask holding only the
/// lower part, and their pale end against a light car can leave a box one character short; the 8 characters then read,
/// often surely, as a valid 7-character plate (decisions 017, 021). A box never adds a character that is not there,
/// so a read of the same characters plus one is the plate. Three remedies, all here: the region grown upwards, the
/// longer read of another box over the same plate, and a sure 7-character read's box read again lengthened.
/// </summary>
internal sealed class GreenPlateCompletion(GreenPlateCalibration calibration, double minConfidence)
{
    /// <summary>A green region grown upwards (in its own frame), offered after it; null for other colours.</summary>
    public PlateRegion? GrownUpwards(PlateRegion r)
    {
        if (r.Color != PlateColor.Green)
        {
            return null;
        }

        var a = r.Rect.Angle * (float)(Math.PI / 180.0);
        var shift = r.Rect.Size.Height * calibration.GrowShift;
        var grown = new RotatedRect(PlateLocator.Add(r.Rect.Center, new Point2f(MathF.Sin(a) * shift, -MathF.Cos(a) * shift)),
            new Size2f(r.Rect.Size.Width, r.Rect.Size.Height * calibration.GrowHeight), r.Rect.Angle);
        return r with { Rect = grown, Score = r.Score * 0.95f };
    }

    /// <summary>
    /// Which candidate is the plate: the most confident, unless another box over the same plate reads the same
    /// characters plus one, as a green plate, above the minimum confidence; that longer read wins with its own, lower
    /// confidence.
    /// </summary>
    public int WholeGreenPlate(IReadOnlyList<PlateCandidate> candidates, IReadOnlyList<Decoded?> reads, int bestIndex)
    {
        var best = reads[bestIndex]!;
        var chosen = bestIndex;
        for (var i = 0; i < reads.Count; i++)
        {
            if (reads[i] is not { } longer || longer.Confidence < minConfidence
                || (candidates[i].Color != PlateColor.Green && candidates[bestIndex].Color != PlateColor.Green)
                || !OneMoreCharacter(best.Text, longer.Text) || Overlap(candidates[i], candidates[bestIndex]) < calibration.MinOverlap)
            {
                continue;
            }

            if (chosen == bestIndex || longer.Confidence > reads[chosen]!.Confidence)
            {
                chosen = i;
            }
        }

        return chosen;
    }

    /// <summary>Whether a sure read might be a new-energy plate cut one short.</summary>
    public static bool MightBeShort(Decoded read) => read.Text.Length == 7;

    /// <summary>
    /// The lengthened box's read wins when it is the same characters plus one and sure in its own right; it keeps the
    /// lower of the two confidences. Past a 7-character plate's end the lengthened box sees the frame, which reads as a
    /// doubtful extra "1", below <see cref="GreenPlateCalibration.SureLonger"/>.
    /// </summary>
    public Decoded LongerPlate(Decoded best, Decoded? lengthened) =>
        lengthened is not null && lengthened.Confidence >= calibration.SureLonger && OneMoreCharacter(best.Text, lengthened.Text)
            ? lengthened.Capped(best.Confidence)
            : best;

    /// <summary>Whether <paramref name="longer"/> is <paramref name="shorter"/> with one character added somewhere.</summary>
    internal static bool OneMoreCharacter(string shorter, string longer)
    {
        if (longer.Length != shorter.Length + 1)
        {
            return false;
        }

        var k = 0;
        foreach (var ch in longer)
        {
            if (k < shorter.Length && shorter[k] == ch)
            {
                k++;
            }
        }

        return k == shorter.Length;
    }

    private static float Overlap(in PlateCandidate a, in PlateCandidate b)
    {
        var w = Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y);
        var inter = Math.Max(0, w) * Math.Max(0, h);
        return inter / Math.Max(1e-3f, Math.Min(a.W * a.H, b.W * b.H));
    }
}
