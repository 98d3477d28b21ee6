using OpenCvSharp;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// The views of a box that <see cref="BoxRereading"/> reads again: moved and relit, lengthened, with a shadow lifted.
/// The moves and lights are the ways a right read was measured to hold and a coin-flip read to change
/// (decisions 018, 019, 021, 022); they are how the box is looked at, not where a line is drawn, so they stay here.
/// </summary>
internal static class BoxViews
{
    private const int BoxMoves = 6;
    private const int LightMoves = 4;

    private static readonly Size InputSize = PlateVision.InputSize;

    // Gamma tables for the relit reads: shadows lifted (0.6), highlights pressed down (1.6).
    private static readonly byte[][] Gammas = [.. new[] { 0.6, 1.6 }.Select(gamma => Enumerable.Range(0, 256).Select(i => (byte)Math.Clamp(Math.Round(255.0 * Math.Pow(i / 255.0, gamma), MidpointRounding.ToEven), 0, 255)).ToArray())];

    /// <summary>
    /// The box moved a little six ways and, unmoved, in four other lights: a read that changes when its box moves or
    /// the light changes is not sure. The caller owns the crops.
    /// </summary>
    public static List<Mat> MovedAndRelit(PlatePhoto photo, Point2f[] quad)
    {
        var q = photo.Decoded(quad);
        var c = PlateLocator.Scale(PlateLocator.Add(PlateLocator.Add(q[0], q[1]), PlateLocator.Add(q[2], q[3])), 0.25f);
        var u = PlateLocator.Scale(PlateLocator.Add(PlateLocator.Sub(q[1], q[0]), PlateLocator.Sub(q[2], q[3])), 0.5f);
        var v = PlateLocator.Scale(PlateLocator.Add(PlateLocator.Sub(q[3], q[0]), PlateLocator.Sub(q[2], q[1])), 0.5f);
        // Six small moves of the box: 6 % tighter along the plate and 12 % across it, as much looser, shifted 4 % along
        // and across either way, turned 3 degrees either way. (The tightest and the turns alone looked better on one
        // synthetic set and worse on the next; all six held on both.)
        ReadOnlySpan<(float Along, float Across, float NudgeAlong, float NudgeAcross, float Degrees)> moves =
        [
            (0.94f, 0.88f, 0.02f, 0.0f, 0.0f), (1.06f, 1.12f, -0.02f, 0.03f, 0.0f),
            (1.0f, 1.0f, 0.04f, -0.04f, 0.0f), (1.0f, 1.0f, -0.04f, 0.04f, 0.0f),
            (1.0f, 1.0f, 0.0f, 0.0f, 3.0f), (1.0f, 1.0f, 0.0f, 0.0f, -3.0f),
        ];
        ReadOnlySpan<(float U, float V)> sign = [(-0.5f, -0.5f), (0.5f, -0.5f), (0.5f, 0.5f), (-0.5f, 0.5f)];
        var crops = new List<Mat>(BoxMoves + LightMoves);
        try
        {
            foreach (var m in moves)
            {
                var a = m.Degrees * (float)(Math.PI / 180.0);
                float cs = MathF.Cos(a), sn = MathF.Sin(a);
                var corners = new Point2f[4];
                for (var k = 0; k < 4; k++)
                {
                    // The corner's offset from the parallelogram (u, v) is kept: perspective stays as it was.
                    var rest = PlateLocator.Sub(PlateLocator.Sub(q[k], c), PlateLocator.Add(PlateLocator.Scale(u, sign[k].U), PlateLocator.Scale(v, sign[k].V)));
                    var d = PlateLocator.Add(PlateLocator.Add(PlateLocator.Scale(u, sign[k].U * m.Along + m.NudgeAlong), PlateLocator.Scale(v, sign[k].V * m.Across + m.NudgeAcross)), rest);
                    corners[k] = PlateLocator.Add(c, new Point2f(d.X * cs - d.Y * sn, d.X * sn + d.Y * cs));
                }

                crops.Add(PlateLocator.WarpQuad(photo.Image, corners, InputSize));
            }

            using var unmoved = PlateLocator.WarpQuad(photo.Image, q, InputSize);
            Relit(unmoved, crops);
            return crops;
        }
        catch
        {
            crops.ForEach(m => m.Dispose());
            throw;
        }
    }

    /// <summary>
    /// The box lengthened to the right by <paramref name="more"/> of its length (0 &lt; more ≤ 1): an 8-character plate
    /// whose box was cut short shows its last character.
    /// </summary>
    public static Mat Lengthened(PlatePhoto photo, Point2f[] quad, float more)
    {
        if (!(more > 0.0f && more <= 1.0f))
        {
            throw new ArgumentOutOfRangeException(nameof(more));
        }

        var q = photo.Decoded(quad);
        q[1] = PlateLocator.Add(q[1], PlateLocator.Scale(PlateLocator.Sub(q[1], q[0]), more));
        q[2] = PlateLocator.Add(q[2], PlateLocator.Scale(PlateLocator.Sub(q[2], q[3]), more));
        return PlateLocator.WarpQuad(photo.Image, q, InputSize);
    }

    /// <summary>
    /// The box with a cast shadow lifted off it, and how much darker the darkest background is than the brightest (1:
    /// evenly lit); depth 0 and no crop when the plate has no coloured background to measure the light on (white and
    /// black plates).
    /// </summary>
    public static (float Depth, Mat? Lifted) Unshadowed(PlatePhoto photo, Point2f[] quad)
    {
        using var crop = PlateLocator.WarpQuad(photo.Image, photo.Decoded(quad), InputSize);
        return LiftShadow(crop);
    }

    /// <summary>
    /// The box as it is, in four other lights: contrast evened out locally (a shadow's edge across the plate fades), the
    /// shadows lifted, the highlights pressed down, and a slight blur. A read the reader gave only because of how the
    /// light fell on one stroke tends to change in one of them (decision 019).
    /// </summary>
    private static void Relit(Mat crop, List<Mat> output)
    {
        using var lab = new Mat();
        Cv2.CvtColor(crop, lab, ColorConversionCodes.BGR2Lab);
        var channels = Cv2.Split(lab);
        try
        {
            using (var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 2)))
            {
                clahe.Apply(channels[0], channels[0]);
            }

            Cv2.Merge(channels, lab);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }

        var evened = new Mat();
        Cv2.CvtColor(lab, evened, ColorConversionCodes.Lab2BGR);
        output.Add(evened);
        foreach (var table in Gammas)
        {
            var lit = new Mat();
            Cv2.LUT(crop, table, lit);
            output.Add(lit);
        }

        var soft = new Mat();
        Cv2.GaussianBlur(crop, soft, new Size(3, 3), 0.8);
        output.Add(soft);
    }

    /// <summary>
    /// Lifts a cast shadow off a straightened plate: every pixel is brightened by how much darker the plate's background
    /// is around it than in the light. The background is told from the characters by its colour, which a shadow darkens
    /// but does not change, so no stroke is taken for shadow and no line has to be found. Returns how much darker the
    /// darkest background is than the brightest (95th over 5th percentile; 1 when evenly lit), or 0 and no image when
    /// the plate has no saturated background colour to measure on (white and black plates).
    /// </summary>
    private static unsafe (float Depth, Mat? Lifted) LiftShadow(Mat crop)
    {
        using var hsv = new Mat();
        Cv2.CvtColor(crop, hsv, ColorConversionCodes.BGR2HSV);
        int rows = crop.Rows, cols = crop.Cols;
        var hues = new List<float>();
        var sats = new List<float>();
        for (var y = 0; y < rows; y++)
        {
            var p = (byte*)hsv.Ptr(y);
            for (var x = 0; x < cols; x++)
            {
                if (p[3 * x + 1] > 90)
                {
                    hues.Add(p[3 * x]);
                    sats.Add(p[3 * x + 1]);
                }
            }
        }

        if (hues.Count < rows * cols / 5)
        {
            return (0.0f, null);
        }

        float plateHue = ShareBelow(hues, 0.5), plateSat = ShareBelow(sats, 0.5);
        using var background = new Mat(rows, cols, MatType.CV_32F);
        using var brightness = new Mat(rows, cols, MatType.CV_32F);
        var lit = new List<float>();
        for (var y = 0; y < rows; y++)
        {
            var p = (byte*)hsv.Ptr(y);
            var bg = (float*)background.Ptr(y);
            var br = (float*)brightness.Ptr(y);
            for (var x = 0; x < cols; x++)
            {
                var d = Math.Abs(p[3 * x] - plateHue);
                var plate = Math.Min(d, 180.0f - d) < 15.0f && p[3 * x + 1] > 0.5f * plateSat;
                br[x] = p[3 * x + 2];
                bg[x] = plate ? 1.0f : 0.0f;
                if (plate)
                {
                    lit.Add(br[x]);
                }
            }
        }

        if (lit.Count == 0)
        {
            return (0.0f, null);
        }

        // The background's brightness around each pixel: a 7-pixel window where it holds enough background, else 21.
        using var weightedExpression = brightness.Mul(background);
        using var weighted = weightedExpression.ToMat();
        using var nearSum = new Mat();
        using var nearShare = new Mat();
        using var farSum = new Mat();
        using var farShare = new Mat();
        Cv2.Blur(weighted, nearSum, new Size(7, 7));
        Cv2.Blur(background, nearShare, new Size(7, 7));
        Cv2.Blur(weighted, farSum, new Size(21, 21));
        Cv2.Blur(background, farShare, new Size(21, 21));
        var light = ShareBelow(lit, 0.9);
        using var gain = new Mat(rows, cols, MatType.CV_32F);
        var around = new List<float>();
        for (var y = 0; y < rows; y++)
        {
            float* ns = (float*)nearShare.Ptr(y), fs = (float*)farShare.Ptr(y), nsum = (float*)nearSum.Ptr(y), fsum = (float*)farSum.Ptr(y);
            float* g = (float*)gain.Ptr(y), bg = (float*)background.Ptr(y);
            for (var x = 0; x < cols; x++)
            {
                float n = ns[x], f = fs[x];
                var b = n > 0.05f ? nsum[x] / n : f > 0.01f ? fsum[x] / f : light;
                g[x] = Math.Clamp(light / Math.Max(b, 1.0f), 1.0f, 4.0f);
                if (bg[x] > 0)
                {
                    around.Add(b);
                }
            }
        }

        using var gain3 = new Mat();
        Cv2.Merge([gain, gain, gain], gain3);
        using var colour = new Mat();
        crop.ConvertTo(colour, MatType.CV_32FC3);
        using var brightenedExpression = colour.Mul(gain3);
        using var brightened = brightenedExpression.ToMat();
        var lifted = new Mat();
        brightened.ConvertTo(lifted, MatType.CV_8UC3);
        return (ShareBelow(around, 0.95) / Math.Max(1.0f, ShareBelow(around, 0.05)), lifted);
    }

    /// <summary>The value below which <paramref name="share"/> of <paramref name="values"/> lie.</summary>
    private static float ShareBelow(List<float> values, double share)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[(int)(share * (sorted.Length - 1))];
    }
}
