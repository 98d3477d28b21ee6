using System.Collections.Concurrent;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// The networks (reader, plate finder, province checker) over OpenCV's dnn, and every way the pipeline looks at a photo:
/// its looks for plate regions, the box read again moved and relit, lengthened, or with a shadow lifted. A pool of
/// networks per model makes parallel calls safe and concurrent; a <see cref="PlatePhoto"/> is used by one thread at a time.
/// </summary>
internal sealed class PlateVision : IDisposable
{
    public const int InputWidth = 128;
    public const int InputHeight = 32;

    // The checker reads the left 48 columns of the reader's crop (train_province.py).
    private const int ProvinceWidth = 48;
    private const int FinderLongest = 416;
    private const int BoxMoves = 6;
    private const int LightMoves = 4;

    private static readonly Size InputSize = new(InputWidth, InputHeight);

    // Gamma tables for the relit reads: shadows lifted (0.6), highlights pressed down (1.6).
    private static readonly byte[][] Gammas = [.. new[] { 0.6, 1.6 }.Select(gamma => Enumerable.Range(0, 256).Select(i => (byte)Math.Clamp(Math.Round(255.0 * Math.Pow(i / 255.0, gamma), MidpointRounding.ToEven), 0, 255)).ToArray())];

    private readonly NetPool _readers;
    private readonly NetPool? _finders;
    private readonly NetPool? _checkers;

    private PlateVision(NetPool readers, NetPool? finders, NetPool? checkers, int timesteps, int classes, int provinceClasses)
    {
        _readers = readers;
        _finders = finders;
        _checkers = checkers;
        Timesteps = timesteps;
        Classes = classes;
        ProvinceClasses = provinceClasses;
    }

    /// <summary>How many reads <see cref="ReadMoved"/> writes.</summary>
    public const int MovedReads = BoxMoves + LightMoves;

    public int Timesteps { get; }

    public int Classes { get; }

    /// <summary>How many classes the province checker names; 0 without a checker.</summary>
    public int ProvinceClasses { get; }

    public bool HasFinder => _finders is not null;

    /// <summary>
    /// Loads the reader with a pool of <paramref name="poolSize"/> networks, and the plate finder and province checker
    /// from plate-finder.onnx and plate-province.onnx beside it when they are there.
    /// </summary>
    public static PlateVision Load(string readerPath, int poolSize)
    {
        var folder = Path.GetDirectoryName(readerPath) ?? "";
        string finderPath = Path.Combine(folder, "plate-finder.onnx"), checkerPath = Path.Combine(folder, "plate-province.onnx");
        var n = Math.Clamp(poolSize, 1, 64);
        var readers = new NetPool(readerPath, n);
        var finders = File.Exists(finderPath) ? new NetPool(finderPath, n) : null;
        var checkers = File.Exists(checkerPath) ? new NetPool(checkerPath, n) : null;

        // One dry run gives the output shapes (and warms the networks up).
        int timesteps = 0, classes = 0, provinceClasses = 0;
        using (var blank = new Mat(InputSize, MatType.CV_8UC3, Scalar.All(0)))
        using (var output = readers.Run(blank))
        {
            if (output.Dims != 4)
            {
                throw new InvalidDataException("unexpected model output rank");
            }

            classes = output.Size(1);
            timesteps = output.Size(3);
        }

        if (checkers is not null)
        {
            using var blank = new Mat(InputHeight, ProvinceWidth, MatType.CV_8UC3, Scalar.All(0));
            using var output = checkers.Run(blank);
            provinceClasses = (int)output.Total();
        }

        return new PlateVision(readers, finders, checkers, timesteps, classes, provinceClasses);
    }

    /// <summary>Checks the header and decodes; at most <paramref name="maxCandidates"/> regions are read over all looks.</summary>
    public static PhotoStatus Open(ReadOnlySpan<byte> data, long maxPixels, int maxCandidates, out PlatePhoto? photo)
    {
        photo = null;
        var status = Decode(data, maxPixels, out var image, out var back);
        if (status != PhotoStatus.Ok)
        {
            return status;
        }

        var aspect = (double)image!.Cols / image.Rows;
        photo = new PlatePhoto(image, back, aspect is >= 1.8 and <= 7.0 && image.Cols <= 640, maxCandidates);
        return PhotoStatus.Ok;
    }

    /// <summary>
    /// Reads the photo's next look: first the plate finder's marks (for a photo that is already a plate crop, the whole
    /// image and its tilted text line), then the colour and edge cues' regions; each region also as refined by its own
    /// colour. Writes per candidate <see cref="Timesteps"/> × <see cref="Classes"/> softmax probabilities; returns the
    /// number read, 0 when no look is left.
    /// </summary>
    public int ReadLook(PlatePhoto photo, Span<PlateCandidate> candidates, Span<float> probabilities)
    {
        var limit = Math.Min(candidates.Length, photo.Budget);
        var regions = new List<PlateRegion>();
        while (regions.Count == 0 && photo.Pass < 2 && photo.Budget > 0)
        {
            regions = photo.Pass == 0 ? FirstLook(photo, limit) : SecondLook(photo, limit);
            photo.Pass++;
        }

        if (regions.Count == 0)
        {
            return 0;
        }

        if (regions.Count > limit)
        {
            regions.RemoveRange(limit, regions.Count - limit);
        }

        photo.Budget -= regions.Count;
        var crops = new List<Mat>(regions.Count);
        try
        {
            var image = photo.Image;
            var back = photo.Back;
            for (var i = 0; i < regions.Count; i++)
            {
                var crop = PlateLocator.Straighten(image, regions[i], InputSize, out var corners);
                crops.Add(crop);
                float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
                foreach (var c in corners)
                {
                    minX = Math.Min(minX, c.X);
                    maxX = Math.Max(maxX, c.X);
                    minY = Math.Min(minY, c.Y);
                    maxY = Math.Max(maxY, c.Y);
                }

                minX = Math.Max(0.0f, minX);
                minY = Math.Max(0.0f, minY);
                maxX = Math.Min(image.Cols, maxX);
                maxY = Math.Min(image.Rows, maxY);
                candidates[i] = new PlateCandidate(minX * back, minY * back, (maxX - minX) * back, (maxY - minY) * back,
                    [.. corners.Select(c => PlateLocator.Scale(c, back))],
                    regions[i].Color != PlateColor.Unknown ? regions[i].Color : PlateLocator.ClassifyColor(crop),
                    regions[i].Score);
            }

            return ReadCrops(crops, probabilities);
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// Reads a candidate's box again, moved a little six ways and, unmoved, in four other lights: a read that changes
    /// when its box moves or the light changes is not sure. Writes <see cref="MovedReads"/> probability blocks.
    /// </summary>
    public int ReadMoved(PlatePhoto photo, Point2f[] quad, Span<float> probabilities)
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
        var crops = new List<Mat>(MovedReads);
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
            return ReadCrops(crops, probabilities);
        }
        finally
        {
            crops.ForEach(m => m.Dispose());
        }
    }

    /// <summary>
    /// Reads a candidate's box lengthened to the right by <paramref name="more"/> of its length (0 &lt; more ≤ 1): an
    /// 8-character plate whose box was cut short shows its last character. Writes one probability block.
    /// </summary>
    public void ReadLengthened(PlatePhoto photo, Point2f[] quad, float more, Span<float> probabilities)
    {
        if (!(more > 0.0f && more <= 1.0f))
        {
            throw new ArgumentOutOfRangeException(nameof(more));
        }

        var q = photo.Decoded(quad);
        q[1] = PlateLocator.Add(q[1], PlateLocator.Scale(PlateLocator.Sub(q[1], q[0]), more));
        q[2] = PlateLocator.Add(q[2], PlateLocator.Scale(PlateLocator.Sub(q[2], q[3]), more));
        using var crop = PlateLocator.WarpQuad(photo.Image, q, InputSize);
        ReadCrops([crop], probabilities);
    }

    /// <summary>
    /// Reads a candidate's box with a cast shadow lifted off it. Returns how much darker the darkest background is than
    /// the brightest (1: evenly lit) after writing one probability block, or 0 without reading when the plate has no
    /// coloured background to measure the light on (white and black plates).
    /// </summary>
    public float ReadUnshadowed(PlatePhoto photo, Point2f[] quad, Span<float> probabilities)
    {
        using var crop = PlateLocator.WarpQuad(photo.Image, photo.Decoded(quad), InputSize);
        var (depth, lifted) = LiftShadow(crop);
        using (lifted)
        {
            if (depth > 0.0f)
            {
                ReadCrops([lifted!], probabilities);
            }
        }

        return depth;
    }

    /// <summary>
    /// The province checker's opinion of each candidate's first character, from the left of its crop alone: per
    /// candidate <see cref="ProvinceClasses"/> softmax probabilities (the provinces, then "no province").
    /// </summary>
    public void CheckProvinces(PlatePhoto photo, ReadOnlySpan<PlateCandidate> candidates, Span<float> probabilities)
    {
        var checkers = _checkers ?? throw new InvalidOperationException("No province checker is loaded.");
        var lefts = new List<Mat>(candidates.Length);
        try
        {
            foreach (var candidate in candidates)
            {
                using var crop = PlateLocator.WarpQuad(photo.Image, photo.Decoded(candidate.Quad), InputSize);
                using var left = crop.ColRange(0, ProvinceWidth);
                lefts.Add(left.Clone());
            }

            using var output = checkers.Run(lefts);
            var n = ProvinceClasses;
            unsafe
            {
                var o = (float*)output.DataPointer;
                for (var i = 0; i < lefts.Count; i++)
                {
                    Softmax(new ReadOnlySpan<float>(o + i * n, n), n, 1, probabilities.Slice(i * n, n));
                }
            }
        }
        finally
        {
            lefts.ForEach(m => m.Dispose());
        }
    }

    /// <summary>Only the plate finder: up to <paramref name="maxCandidates"/> plates it marks, best first, without reading them.</summary>
    public PhotoStatus FindPlates(ReadOnlySpan<byte> data, long maxPixels, int maxCandidates, out List<PlateCandidate> found)
    {
        found = [];
        var status = Decode(data, maxPixels, out var decoded, out var back);
        if (status != PhotoStatus.Ok)
        {
            return status;
        }

        using var image = decoded!;
        foreach (var region in Find(image).Take(maxCandidates))
        {
            var points = region.Rect.Points(); // bl, tl, tr, br
            Point2f[] quad = [.. new[] { 1, 2, 3, 0 }.Select(k => PlateLocator.Scale(points[k], back))];
            var box = PlateLocator.And(region.Rect.BoundingRect(), new Rect(0, 0, image.Cols, image.Rows));
            using var crop = PlateLocator.Straighten(image, region, InputSize, out _);
            found.Add(new PlateCandidate(box.X * back, box.Y * back, box.Width * back, box.Height * back, quad, PlateLocator.ClassifyColor(crop), region.Score));
        }

        return PhotoStatus.Ok;
    }

    public void Dispose()
    {
        _readers.Dispose();
        _finders?.Dispose();
        _checkers?.Dispose();
    }

    /// <summary>Checks the header, then decodes; <paramref name="back"/> scales decoded pixels to the photo's own.</summary>
    private static PhotoStatus Decode(ReadOnlySpan<byte> data, long maxPixels, out Mat? image, out float back)
    {
        image = null;
        back = 1.0f;
        var status = PhotoHeader.Probe(data, out var header);
        if (status != PhotoStatus.Ok)
        {
            return status;
        }

        if (header.Width <= 0 || header.Height <= 0)
        {
            return PhotoStatus.Corrupt;
        }

        var pixels = (long)header.Width * header.Height;
        if (maxPixels > 0 && pixels > maxPixels)
        {
            return PhotoStatus.TooLarge;
        }

        // Large JPEGs decode at a reduced scale: a plate needs far fewer pixels than a 12-megapixel photo has.
        var mode = header.IsJpeg && pixels > 8_000_000 ? ImreadModes.ReducedColor4
            : header.IsJpeg && pixels > 2_500_000 ? ImreadModes.ReducedColor2
            : ImreadModes.Color;
        try
        {
            image = Cv2.ImDecode(data, mode);
        }
        catch (OpenCVException)
        {
            image?.Dispose();
            image = null;
        }

        if (image is null || image.Empty())
        {
            image?.Dispose();
            image = null;
            return PhotoStatus.Corrupt;
        }

        back = (float)header.Width / image.Cols;
        return PhotoStatus.Ok;
    }

    /// <summary>The finder works on the photo scaled to 416 px on its longest side (sides rounded to multiples of 4).</summary>
    private List<PlateRegion> Find(Mat image)
    {
        if (_finders is null)
        {
            return [];
        }

        var scale = (double)FinderLongest / Math.Max(image.Cols, image.Rows);
        var w = Math.Max(16, (int)Math.Round(image.Cols * scale / 4.0, MidpointRounding.AwayFromZero) * 4);
        var h = Math.Max(16, (int)Math.Round(image.Rows * scale / 4.0, MidpointRounding.AwayFromZero) * 4);
        using var small = new Mat();
        Cv2.Resize(image, small, new Size(w, h), 0, 0, InterpolationFlags.Area);
        using var output = _finders.Run(small);
        int rows = output.Size(2), cols = output.Size(3);
        var probability = new float[rows * cols];
        unsafe
        {
            var logits = (float*)output.DataPointer;
            for (var i = 0; i < probability.Length; i++)
            {
                probability[i] = 1.0f / (1.0f + MathF.Exp(-logits[i]));
            }
        }

        using var mask = Mat.FromPixelData(rows, cols, MatType.CV_32F, probability);
        return PlateLocator.PlatesInMask(mask, (float)image.Cols / w);
    }

    /// <summary>
    /// The regions read first: what the plate finder marked (with their second looks), or for a photo that is already a
    /// plate crop (a camera that crops, or a test set) the whole image and its tilted text line.
    /// </summary>
    private List<PlateRegion> FirstLook(PlatePhoto photo, int limit)
    {
        var image = photo.Image;
        if (photo.IsCrop)
        {
            var whole = new RotatedRect(new Point2f(image.Cols / 2.0f, image.Rows / 2.0f), new Size2f(image.Cols / 1.06f, image.Rows / 1.18f), 0.0f);
            var regions = new List<PlateRegion> { new(whole, PlateColor.Unknown, 1.0f) };
            if (limit > 1 && PlateLocator.TiltedTextLine(image) is { } level)
            {
                regions.Add(level);
            }

            return regions;
        }

        var marked = Find(image);
        return marked.Count == 0 ? [] : PlateLocator.OfferMarked(photo.Scene, marked, limit);
    }

    /// <summary>The regions read when the first look found no sure plate: the colour and edge cues'.</summary>
    private static List<PlateRegion> SecondLook(PlatePhoto photo, int limit) => PlateLocator.OfferCued(photo.Scene, limit);

    /// <summary>Reads straightened crops in one batch; per crop T × C softmax probabilities go to <paramref name="probabilities"/>.</summary>
    private int ReadCrops(IReadOnlyList<Mat> crops, Span<float> probabilities)
    {
        using var output = _readers.Run(crops);
        // output: N × C × 1 × T → per crop T × C softmax.
        int n = output.Size(0), classes = output.Size(1), steps = output.Size(3);
        unsafe
        {
            var o = (float*)output.DataPointer;
            for (var b = 0; b < n; b++)
            {
                for (var t = 0; t < steps; t++)
                {
                    Softmax(new ReadOnlySpan<float>(o + b * classes * steps + t, (classes - 1) * steps + 1), classes, steps,
                        probabilities.Slice((b * steps + t) * classes, classes));
                }
            }
        }

        return n;
    }

    /// <summary>Softmax of <paramref name="n"/> logits <paramref name="stride"/> apart, written contiguously.</summary>
    private static void Softmax(ReadOnlySpan<float> input, int n, int stride, Span<float> output)
    {
        var max = -1e30f;
        for (var k = 0; k < n; k++)
        {
            max = Math.Max(max, input[k * stride]);
        }

        var sum = 0.0f;
        for (var k = 0; k < n; k++)
        {
            sum += output[k] = MathF.Exp(input[k * stride] - max);
        }

        for (var k = 0; k < n; k++)
        {
            output[k] /= sum;
        }
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

    /// <summary>One network per concurrent caller: a network is not safe to run from two threads at once.</summary>
    private sealed class NetPool : IDisposable
    {
        private readonly List<Net> _all = [];
        private readonly ConcurrentBag<Net> _free = [];
        private readonly SemaphoreSlim _available;

        public NetPool(string path, int size)
        {
            for (var i = 0; i < size; i++)
            {
                var net = CvDnn.ReadNetFromOnnx(path) ?? throw new InvalidDataException($"OpenCV could not read {path}.");
                net.SetPreferableBackend(Backend.OPENCV);
                net.SetPreferableTarget(Target.CPU);
                _all.Add(net);
                _free.Add(net);
            }

            _available = new SemaphoreSlim(size, size);
        }

        public Mat Run(Mat image) => Run([image]);

        /// <summary>The network's output for the images as one batch (BGR scaled to 0..1), a copy the caller owns.</summary>
        public Mat Run(IReadOnlyList<Mat> images)
        {
            // OpenCvSharp swaps red and blue by default; the networks were trained on BGR, as OpenCV decodes.
            using var blob = CvDnn.BlobFromImages(images, 1.0 / 255.0, default, default, swapRB: false, crop: false);
            _available.Wait();
            _free.TryTake(out var net);
            try
            {
                net!.SetInput(blob);
                using var output = net.Forward();
                return output.Clone();
            }
            finally
            {
                _free.Add(net!);
                _available.Release();
            }
        }

        public void Dispose()
        {
            _all.ForEach(n => n.Dispose());
            _available.Dispose();
        }
    }
}

/// <summary>A decoded photo between its looks, possibly decoded at a reduced scale.</summary>
internal sealed class PlatePhoto(Mat image, float back, bool isCrop, int budget) : IDisposable
{
    private PlateScene? _scene;

    public Mat Image { get; } = image;

    /// <summary>Decoded pixels → the photo's own.</summary>
    public float Back { get; } = back;

    /// <summary>The photo is itself plate-shaped: a camera's plate crop.</summary>
    public bool IsCrop { get; } = isCrop;

    /// <summary>Looks taken so far.</summary>
    public int Pass { get; set; }

    /// <summary>Candidates still allowed.</summary>
    public int Budget { get; set; } = budget;

    /// <summary>Prepared on first need, shared by both looks.</summary>
    public PlateScene Scene => _scene ??= new PlateScene(Image);

    /// <summary>A candidate's corners (in the photo's own pixels) in the decoded image's.</summary>
    public Point2f[] Decoded(Point2f[] quad) => [.. quad.Select(q => new Point2f(q.X / Back, q.Y / Back))];

    public void Dispose()
    {
        _scene?.Dispose();
        Image.Dispose();
    }
}
