using OpenCvSharp;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>A photo prepared for locating plates: at most 1024 px on its longest side, its HSV and its vertical edges.</summary>
internal sealed class PlateScene : IDisposable
{
    private readonly bool _ownsSmall;

    public PlateScene(Mat bgr)
    {
        var longest = Math.Max(bgr.Cols, bgr.Rows);
        Scale = longest > 1024 ? 1024.0 / longest : 1.0;
        if (Scale < 1.0)
        {
            Small = new Mat();
            Cv2.Resize(bgr, Small, new Size(), Scale, Scale, InterpolationFlags.Area);
            _ownsSmall = true;
        }
        else
        {
            Small = bgr;
        }

        using var grey = new Mat();
        using var gx = new Mat();
        Cv2.CvtColor(Small, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.CvtColor(Small, Hsv, ColorConversionCodes.BGR2HSV);
        Cv2.Sobel(grey, gx, MatType.CV_16S, 1, 0, 3);
        Cv2.ConvertScaleAbs(gx, gx);
        Cv2.Threshold(gx, Edges, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
    }

    public Mat Small { get; }

    public Mat Hsv { get; } = new();

    public Mat Edges { get; } = new();

    /// <summary>Small = photo × Scale.</summary>
    public double Scale { get; }

    public void Dispose()
    {
        if (_ownsSmall)
        {
            Small.Dispose();
        }

        Hsv.Dispose();
        Edges.Dispose();
    }
}

/// <summary>
/// Where the plates in a photo may be: the plate finder network's marks turned into boxes, and the colour and edge cues
/// (HSV masks of plate colours at several strictness levels, a row of vertical edges), each region also offered
/// refined by its own colour (decisions 016–018).
/// </summary>
internal static class PlateLocator
{
    /// <summary>
    /// Plates in the finder network's output (per-cell plate probability at a quarter of the working resolution);
    /// <paramref name="toImage"/> scales working-resolution pixels to the image's.
    /// </summary>
    public static List<PlateRegion> PlatesInMask(Mat plateProbability, float toImage, FindCalibration find)
    {
        // Upsampled before thresholding, the mask's outline is finer than its quarter-resolution cells.
        using var up = new Mat();
        using var mask = new Mat();
        Cv2.Resize(plateProbability, up, new Size(), 4.0, 4.0, InterpolationFlags.Linear);
        Cv2.Threshold(up, mask, find.FinderCut, 255, ThresholdTypes.Binary);
        mask.ConvertTo(mask, MatType.CV_8U);
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var found = new List<PlateRegion>();
        using var inside = new Mat(up.Size(), MatType.CV_8U);
        foreach (var c in contours)
        {
            if (c.Length < 4 || Cv2.ContourArea(c) < 48)
            {
                continue;
            }

            var r = Normalise(Cv2.MinAreaRect(c));
            if (r.Size.Width < 12 || r.Size.Width < 1.5f * r.Size.Height || Math.Abs(r.Angle) > find.MaxAngle)
            {
                continue;
            }

            inside.SetTo(Scalar.All(0));
            Cv2.DrawContours(inside, [c], 0, Scalar.All(255), -1);
            var confidence = (float)Cv2.Mean(up, inside).Val0;
            r = new RotatedRect(Scale(Add(r.Center, new Point2f(0.5f, 0.5f)), toImage), new Size2f(r.Size.Width * toImage, r.Size.Height * toImage), r.Angle);
            found.Add(new PlateRegion(r, PlateColor.Unknown, confidence));
        }

        return [.. found.OrderByDescending(f => f.Score)];
    }

    /// <summary>
    /// The plates the finder marked (image coordinates): its three surest, each with its second looks, at most
    /// <paramref name="maxRegions"/>, in image coordinates. Its score ranks them; the plate's colour comes from the pixels.
    /// </summary>
    public static List<PlateRegion> OfferMarked(PlateScene scene, IReadOnlyList<PlateRegion> foundByFinder, int maxRegions, FindCalibration find, GreenPlateCompletion green)
    {
        var kept = new List<PlateRegion>();
        var s = (float)scene.Scale;
        foreach (var found in foundByFinder)
        {
            if (kept.Count >= find.FinderMarks)
            {
                break;
            }

            var r = found with { Rect = new RotatedRect(Scale(found.Rect.Center, s), new Size2f(found.Rect.Size.Width * s, found.Rect.Size.Height * s), found.Rect.Angle) };
            using var crop = Straighten(scene.Small, r, new Size(96, 24), out _);
            kept.Add(r with { Color = ClassifyColor(crop) });
        }

        return WithSecondLooks(scene, kept, maxRegions, find, green);
    }

    /// <summary>Plate-shaped regions of a plate colour with dense vertical edges, best first, each with its second looks.</summary>
    public static List<PlateRegion> OfferCued(PlateScene scene, int maxRegions, FindCalibration find, GreenPlateCompletion green)
    {
        var small = scene.Small;
        var imageArea = (float)(small.Cols * small.Rows);
        var minArea = Math.Max(find.MinAreaPixels, imageArea * find.MinAreaShare);
        var maxArea = imageArea * find.MaxAreaShare;
        var k = Math.Max(3, (int)Math.Round(Math.Max(small.Cols, small.Rows) / 200.0, MidpointRounding.AwayFromZero));
        using var closeKernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(k * 2 + 1, k));
        using var openKernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));

        var found = new List<PlateRegion>();
        using (var mask = new Mat())
        {
            foreach (var range in find.ColourMasks)
            {
                Cv2.InRange(scene.Hsv, new Scalar(range.Low[0], range.Low[1], range.Low[2]), new Scalar(range.High[0], range.High[1], range.High[2]), mask);
                Cv2.MorphologyEx(mask, mask, MorphTypes.Close, closeKernel);
                Cv2.MorphologyEx(mask, mask, MorphTypes.Open, openKernel);
                Collect(mask, scene.Edges, range.Colour, range.Weight, minArea, maxArea, find, found);
            }
        }

        // Colour-blind cue: characters are dense vertical edges in a row.
        using (var blob = new Mat())
        {
            var kw = Math.Max(9, small.Cols / 50);
            using var closeRow = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(kw, 3));
            using var openRow = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(kw / 2, 5));
            Cv2.MorphologyEx(scene.Edges, blob, MorphTypes.Close, closeRow);
            Cv2.MorphologyEx(blob, blob, MorphTypes.Open, openRow);
            Collect(blob, scene.Edges, PlateColor.Unknown, find.EdgeCueWeight, minArea, maxArea, find, found);
        }

        var kept = new List<PlateRegion>();
        foreach (var r in found.OrderByDescending(f => f.Score))
        {
            var box = r.Rect.BoundingRect();
            if (!kept.Any(other => Iou(box, other.Rect.BoundingRect()) > find.SameRegionIou))
            {
                kept.Add(r);
            }

            if (kept.Count >= maxRegions)
            {
                break;
            }
        }

        return WithSecondLooks(scene, kept, maxRegions, find, green);
    }

    /// <summary>
    /// For a photo that is already a plate crop, tilted inside its box: the band of the characters' line, found from the
    /// vertical edges of the characters; null when the line is level (the whole image is then the better reading).
    /// </summary>
    public static PlateRegion? TiltedTextLine(Mat bgr, FindCalibration find)
    {
        using var grey = new Mat();
        using var gx = new Mat();
        using var edges = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        Cv2.Sobel(grey, gx, MatType.CV_16S, 1, 0, 3);
        Cv2.ConvertScaleAbs(gx, gx);
        Cv2.Threshold(gx, edges, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        var m = Cv2.Moments(edges, true);
        if (m.M00 < 30)
        {
            return null;
        }

        double mx = m.M10 / m.M00, my = m.M01 / m.M00;
        // The characters' edge pixels lie along the text line: its direction is their principal axis.
        var slope = Math.Tan(0.5 * Math.Atan2(2 * m.Mu11, m.Mu20 - m.Mu02));
        if (Math.Abs(slope) < Math.Tan(find.TextTiltMinDegrees * Math.PI / 180.0) || Math.Abs(slope) > Math.Tan(find.TextTiltMaxDegrees * Math.PI / 180.0))
        {
            return null;
        }

        // Spread across the line: characters of height h give a standard deviation of about h / sqrt(12).
        double sum = 0;
        var count = 0;
        int rows = edges.Rows, cols = edges.Cols;
        unsafe
        {
            for (var y = 0; y < rows; y++)
            {
                var e = (byte*)edges.Ptr(y);
                for (var x = 0; x < cols; x++)
                {
                    if (e[x] == 0)
                    {
                        continue;
                    }

                    var d = y - (my + slope * (x - mx));
                    sum += d * d;
                    count++;
                }
            }
        }

        var sigma = Math.Sqrt(sum / Math.Max(1, count));
        var half = (float)Math.Clamp(sigma * 3.46 / 0.64 / 2, rows * 0.2, rows * 0.6);
        var w = (float)cols;
        float left = (float)(my - slope * mx), right = (float)(my + slope * (w - mx));
        var centre = new Point2f(w / 2, (float)my);
        // A quad that shears the line level; Straighten adds the reader's margins.
        Point2f[] quad = [new(0, left - half), new(w, right - half), new(w, right + half), new(0, left + half)];
        for (var i = 0; i < 4; i++)
        {
            quad[i] = Add(Scale(Sub(quad[i], centre), 1 / 1.06f), centre);
        }

        return new PlateRegion(new RotatedRect(centre, new Size2f(w, 2 * half), 0.0f), PlateColor.Unknown, 0.99f, quad);
    }

    /// <summary>The plate colour that dominates a straightened crop.</summary>
    public static PlateColor ClassifyColor(Mat cropBgr)
    {
        if (cropBgr.Empty())
        {
            return PlateColor.Unknown;
        }

        using var hsv = new Mat();
        Cv2.CvtColor(cropBgr, hsv, ColorConversionCodes.BGR2HSV);
        Span<int> counts = stackalloc int[6];
        int rows = hsv.Rows, cols = hsv.Cols;
        unsafe
        {
            for (var y = 0; y < rows; y++)
            {
                var p = (byte*)hsv.Ptr(y);
                for (var x = 0; x < cols; x++)
                {
                    int h = p[3 * x], s = p[3 * x + 1], v = p[3 * x + 2];
                    if (v < 60)
                    {
                        counts[(int)PlateColor.Black]++;
                    }
                    else if (s < 45 && v > 150)
                    {
                        counts[(int)PlateColor.White]++;
                    }
                    else if (s >= 60 && h is >= 95 and <= 130)
                    {
                        counts[(int)PlateColor.Blue]++;
                    }
                    else if (s >= 70 && h is >= 11 and <= 34)
                    {
                        counts[(int)PlateColor.Yellow]++;
                    }
                    else if (s >= 35 && h is >= 35 and <= 90)
                    {
                        counts[(int)PlateColor.Green]++;
                    }
                }
            }
        }

        // Ink covers a third of a plate; the background colour is the most frequent chromatic one, white and black last.
        var total = rows * cols;
        var best = PlateColor.Unknown;
        var bestCount = 0;
        foreach (var c in (ReadOnlySpan<PlateColor>)[PlateColor.Blue, PlateColor.Yellow, PlateColor.Green])
        {
            if (counts[(int)c] > bestCount)
            {
                best = c;
                bestCount = counts[(int)c];
            }
        }

        if (bestCount > total / 5)
        {
            return best;
        }

        if (counts[(int)PlateColor.White] >= counts[(int)PlateColor.Black] && counts[(int)PlateColor.White] > total / 4)
        {
            return PlateColor.White;
        }

        if (counts[(int)PlateColor.Black] > total / 3)
        {
            return PlateColor.Black;
        }

        return bestCount > total / 10 ? best : PlateColor.Unknown;
    }

    /// <summary>
    /// The region (its quad if it has one, else its rotated rect), widened by the margins the reader was trained with,
    /// warped to <paramref name="size"/>; <paramref name="corners"/> are the widened corners (tl, tr, br, bl).
    /// </summary>
    public static Mat Straighten(Mat bgr, PlateRegion region, Size size, out Point2f[] corners)
    {
        corners = new Point2f[4];
        if (region.Quad is { } q)
        {
            // Widened along the quad's own axes, solved in its (possibly sheared) basis.
            var c = Scale(Add(Add(q[0], q[1]), Add(q[2], q[3])), 0.25f);
            var u = Scale(Add(Sub(q[1], q[0]), Sub(q[2], q[3])), 0.5f);
            var v = Scale(Add(Sub(q[3], q[0]), Sub(q[2], q[1])), 0.5f);
            var det = u.X * v.Y - u.Y * v.X;
            for (var k = 0; k < 4; k++)
            {
                var d = Sub(q[k], c);
                var a = Math.Abs(det) > 1e-3f ? (d.X * v.Y - d.Y * v.X) / det : 0.0f;
                var b = Math.Abs(det) > 1e-3f ? (u.X * d.Y - u.Y * d.X) / det : 0.0f;
                corners[k] = Add(Add(c, Scale(u, a * 1.06f)), Scale(v, b * 1.18f));
            }
        }
        else
        {
            var r = region.Rect;
            float width = r.Size.Width * 1.06f, height = r.Size.Height * 1.18f;
            // Corners along the rect's own axes (the rect is normalised: width is the long side).
            var a = r.Angle * (float)(Math.PI / 180.0);
            var ux = new Point2f(MathF.Cos(a) * width / 2, MathF.Sin(a) * width / 2);
            var uy = new Point2f(-MathF.Sin(a) * height / 2, MathF.Cos(a) * height / 2);
            corners[0] = Sub(Sub(r.Center, ux), uy);
            corners[1] = Sub(Add(r.Center, ux), uy);
            corners[2] = Add(Add(r.Center, ux), uy);
            corners[3] = Add(Sub(r.Center, ux), uy);
        }

        return WarpQuad(bgr, corners, size);
    }

    /// <summary>The quad <paramref name="corners"/> (tl, tr, br, bl) warped exactly onto an image of <paramref name="size"/>.</summary>
    public static Mat WarpQuad(Mat bgr, Point2f[] corners, Size size)
    {
        Point2f[] destination = [new(0, 0), new(size.Width, 0), new(size.Width, size.Height), new(0, size.Height)];
        using var transform = Cv2.GetPerspectiveTransform(corners, destination);
        var output = new Mat();
        Cv2.WarpPerspective(bgr, output, transform, size, InterpolationFlags.Linear, BorderTypes.Replicate);
        return output;
    }

    private static RotatedRect Normalise(RotatedRect r)
    {
        var width = r.Size.Width;
        var height = r.Size.Height;
        var angle = r.Angle;
        if (width < height)
        {
            (width, height) = (height, width);
            angle -= 90.0f;
        }

        while (angle > 45.0f)
        {
            angle -= 180.0f;
        }

        while (angle < -135.0f)
        {
            angle += 180.0f;
        }

        if (angle < -45.0f)
        {
            angle += 180.0f;
        }

        return new RotatedRect(r.Center, new Size2f(width, height), angle);
    }

    /// <summary>The intersection of two rects, empty when they do not meet (as OpenCV's <c>a &amp; b</c>).</summary>
    internal static Rect And(Rect a, Rect b)
    {
        int x1 = Math.Max(a.X, b.X), y1 = Math.Max(a.Y, b.Y);
        int x2 = Math.Min(a.X + a.Width, b.X + b.Width), y2 = Math.Min(a.Y + a.Height, b.Y + b.Height);
        return x2 - x1 <= 0 || y2 - y1 <= 0 ? default : new Rect(x1, y1, x2 - x1, y2 - y1);
    }

    private static int Area(Rect r) => r.Width * r.Height;

    private static float Iou(Rect a, Rect b)
    {
        var inter = (float)Area(And(a, b));
        var union = Area(a) + Area(b) - inter;
        return union > 0 ? inter / union : 0.0f;
    }

    private static void Collect(Mat mask, Mat edges, PlateColor color, float weight, float minArea, float maxArea, FindCalibration find, List<PlateRegion> found)
    {
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var bounds = new Rect(0, 0, mask.Cols, mask.Rows);
        foreach (var c in contours)
        {
            if (c.Length < 4)
            {
                continue;
            }

            var area = Cv2.ContourArea(c);
            if (area < minArea || area > maxArea)
            {
                continue;
            }

            var r = Normalise(Cv2.MinAreaRect(c));
            float w = r.Size.Width, h = r.Size.Height;
            if (h < 6 || w < 20)
            {
                continue;
            }

            var aspect = w / h;
            if (aspect < find.MinAspect || aspect > find.MaxAspect || Math.Abs(r.Angle) > find.MaxAngle)
            {
                continue;
            }

            var fill = (float)(area / (w * h));
            if (fill < find.MinFill)
            {
                continue;
            }

            var box = And(r.BoundingRect(), bounds);
            if (Area(box) <= 0)
            {
                continue;
            }

            var density = EdgeDensity(edges, box);
            if (density < find.MinEdgeDensity)
            {
                continue;
            }

            var shape = MathF.Exp(-MathF.Pow((aspect - 3.4f) / 1.8f, 2.0f));
            var score = weight * fill * Math.Min(1.0f, density / 0.18f) * (0.5f + 0.5f * shape);
            found.Add(new PlateRegion(r, color, score));
        }
    }

    private static float EdgeDensity(Mat edges, Rect box)
    {
        using var roi = new Mat(edges, box);
        return Cv2.CountNonZero(roi) / (float)Area(box);
    }

    /// <summary>Four corners of a contour's convex hull, ordered tl, tr, br, bl; null when the outline is not a quadrilateral.</summary>
    private static Point2f[]? CornersOf(Point[] contour)
    {
        var hull = Cv2.ConvexHull(contour);
        var perimeter = Cv2.ArcLength(hull, true);
        var poly = hull;
        for (var eps = 0.02; eps <= 0.1; eps += 0.01)
        {
            poly = Cv2.ApproxPolyDP(hull, eps * perimeter, true);
            if (poly.Length <= 4)
            {
                break;
            }
        }

        if (poly.Length != 4)
        {
            return null;
        }

        // A plate is wide: the two leftmost corners are its left side, the upper of them top-left.
        var pts = poly.Select(p => new Point2f(p.X, p.Y)).ToArray();
        Array.Sort(pts, (a, b) => a.X.CompareTo(b.X));
        if (pts[0].Y > pts[1].Y)
        {
            (pts[0], pts[1]) = (pts[1], pts[0]);
        }

        if (pts[2].Y > pts[3].Y)
        {
            (pts[2], pts[3]) = (pts[3], pts[2]);
        }

        Point2f[] quad = [pts[0], pts[2], pts[3], pts[1]];
        float Side(int a, int b) => (float)Math.Sqrt(Math.Pow(quad[a].X - quad[b].X, 2) + Math.Pow(quad[a].Y - quad[b].Y, 2));
        float top = Side(0, 1), bottom = Side(3, 2), left = Side(0, 3), right = Side(1, 2);
        return Math.Min(top, bottom) > 0.7f * Math.Max(top, bottom) && Math.Min(left, right) > 0.6f * Math.Max(left, right) ? quad : null;
    }

    /// <summary>
    /// A plate is one flat colour, but a fixed HSV range either cuts it where glare or dirt shifts the colour or merges it
    /// with a car body of a similar hue. So each coloured region is looked at again with the region's own colour: pixels
    /// near its median hue and saturation, searched in a window around it, give the whole plate and only the plate.
    /// </summary>
    private static unsafe PlateRegion? Refine(Mat hsv, Mat edges, PlateRegion r, FindCalibration find)
    {
        var bounds = new Rect(0, 0, hsv.Cols, hsv.Rows);
        var box = And(r.Rect.BoundingRect(), bounds);
        if (box.Width < 8 || box.Height < 4)
        {
            return null;
        }

        float w = r.Rect.Size.Width, h = r.Rect.Size.Height;
        using var inside = new Mat(box.Size, MatType.CV_8U, Scalar.All(0));
        var polygon = r.Rect.Points().Select(p => new Point(CvRound(p.X - box.X), CvRound(p.Y - box.Y))).ToArray();
        Cv2.FillConvexPoly(inside, polygon, Scalar.All(255));
        var hues = new List<int>();
        var sats = new List<int>();
        var vals = new List<int>();
        using (var roi = new Mat(hsv, box))
        {
            for (var y = 0; y < box.Height; y++)
            {
                var p = (byte*)roi.Ptr(y);
                var m = (byte*)inside.Ptr(y);
                for (var x = 0; x < box.Width; x++)
                {
                    if (m[x] == 0 || p[3 * x + 1] < 40 || p[3 * x + 2] < 40)
                    {
                        continue; // the characters and the dark rim are not the colour
                    }

                    hues.Add(p[3 * x]);
                    sats.Add(p[3 * x + 1]);
                    vals.Add(p[3 * x + 2]);
                }
            }
        }

        if (hues.Count < 30)
        {
            return null;
        }

        int hue = Median(hues), sat = Median(sats), val = Median(vals);
        var window = And(new Rect(CvRound(box.X - w * 0.4f), CvRound(box.Y - h * 0.8f), CvRound(box.Width + w * 0.8f), CvRound(box.Height + h * 1.6f)), bounds);
        using var mask = new Mat(window.Size, MatType.CV_8U);
        using (var area = new Mat(hsv, window))
        {
            for (var y = 0; y < window.Height; y++)
            {
                var p = (byte*)area.Ptr(y);
                var m = (byte*)mask.Ptr(y);
                for (var x = 0; x < window.Width; x++)
                {
                    var dh = Math.Abs(p[3 * x] - hue);
                    dh = Math.Min(dh, 180 - dh);
                    m[x] = dh <= 10 && p[3 * x + 1] >= sat * 0.55 && p[3 * x + 2] >= val * 0.45 ? (byte)255 : (byte)0;
                }
            }
        }

        int kh = Math.Max(1, CvRound(h / 6)), kw = Math.Max(3, CvRound(h / 2.5f));
        using (var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(kw, kh)))
        {
            Cv2.MorphologyEx(mask, mask, MorphTypes.Close, kernel);
        }

        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var offset = new Point2f(window.X, window.Y);
        var centre = Sub(r.Rect.Center, offset);
        foreach (var c in contours)
        {
            if (c.Length < 4 || Cv2.PointPolygonTest(c, centre, false) < 0)
            {
                continue;
            }

            var rr = Normalise(Cv2.MinAreaRect(c));
            var aspect = rr.Size.Width / Math.Max(1.0f, rr.Size.Height);
            var fill = (float)(Cv2.ContourArea(c) / Math.Max(1.0f, rr.Size.Width * rr.Size.Height));
            if (aspect < find.RefinedMinAspect || aspect > find.RefinedMaxAspect || fill < find.RefinedMinFill || Math.Abs(rr.Angle) > find.MaxAngle)
            {
                return null;
            }

            rr = new RotatedRect(Add(rr.Center, offset), rr.Size, rr.Angle);
            var rb = And(rr.BoundingRect(), bounds);
            if (Area(rb) <= 0 || Iou(rb, box) > 0.9f)
            {
                return null; // nothing new
            }

            if (EdgeDensity(edges, rb) < find.MinEdgeDensity)
            {
                return null;
            }

            var quad = CornersOf(c)?.Select(q => Add(q, offset)).ToArray();
            return new PlateRegion(rr, r.Color, r.Score * 1.02f, quad);
        }

        return null;
    }

    /// <summary>
    /// Each region is offered as found and, right after it, as refined by its own colour: the reader decides. Regions
    /// come in in the scene's coordinates and go out in the image's.
    /// </summary>
    private static List<PlateRegion> WithSecondLooks(PlateScene scene, List<PlateRegion> kept, int maxRegions, FindCalibration find, GreenPlateCompletion green)
    {
        var offered = new List<PlateRegion>();
        for (var mark = 0; mark < kept.Count; mark++)
        {
            var r = kept[mark] with { Mark = mark };
            offered.Add(r);
            if (r.Color != PlateColor.Unknown && Refine(scene.Hsv, scene.Edges, r, find) is { } refined)
            {
                offered.Add(refined with { Mark = mark });
                if (refined.Quad is not null)
                {
                    // The outline's corners undo perspective, unless they were fitted badly.
                    offered.Add(refined with { Quad = null, Mark = mark });
                }
            }

            if (green.GrownUpwards(r) is { } grown)
            {
                offered.Add(grown);
            }
        }

        if (offered.Count > maxRegions)
        {
            offered.RemoveRange(maxRegions, offered.Count - maxRegions);
        }

        var inverse = (float)(1.0 / scene.Scale);
        return offered.Select(r => r with
        {
            Rect = new RotatedRect(Scale(r.Rect.Center, inverse), new Size2f(r.Rect.Size.Width * inverse, r.Rect.Size.Height * inverse), r.Rect.Angle),
            Quad = r.Quad?.Select(q => Scale(q, inverse)).ToArray(),
        }).ToList();
    }

    private static int Median(List<int> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    internal static int CvRound(double value) => (int)Math.Round(value, MidpointRounding.ToEven);

    internal static Point2f Add(Point2f a, Point2f b) => new(a.X + b.X, a.Y + b.Y);

    internal static Point2f Sub(Point2f a, Point2f b) => new(a.X - b.X, a.Y - b.Y);

    internal static Point2f Scale(Point2f a, float s) => new(a.X * s, a.Y * s);
}
