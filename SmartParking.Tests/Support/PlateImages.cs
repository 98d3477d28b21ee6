using OpenCvSharp;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Support;

/// <summary>
/// Draws a known plate as a PNG from the glyph atlas in models/ (tools/recognition/atlas.py), alone or inside a plain
/// scene: the tests make their own photos with it, and nothing is read from outside the repository.
/// </summary>
public static class PlateImages
{
    public const string DefaultAtlas = "models/plate-glyphs.png";

    private const int CellWidth = 64;
    private const int CellHeight = 128;

    private static readonly Lazy<(string Alphabet, Mat Atlas)> Glyphs = new(() =>
    {
        var model = OpenCvPlateRecognizer.ResolveModel(null) ?? throw new FileNotFoundException("Model not found.", OpenCvPlateRecognizer.DefaultModel);
        var atlasPath = OpenCvPlateRecognizer.ResolveModel(DefaultAtlas) ?? throw new FileNotFoundException("Glyph atlas not found.", DefaultAtlas);
        var atlas = Cv2.ImRead(atlasPath, ImreadModes.Grayscale);
        if (atlas.Empty() || atlas.Rows != CellHeight)
        {
            throw new InvalidDataException($"{atlasPath} is not a glyph atlas.");
        }

        return (OpenCvPlateRecognizer.ReadAlphabet(Path.ChangeExtension(model, ".json")), atlas);
    });

    public static byte[] Render(string plate, PlateColor color, int plateWidth = 220, int sceneWidth = 0, int sceneHeight = 0)
    {
        var (alphabet, atlas) = Glyphs.Value;
        var glyphs = plate.Select(c => alphabet.IndexOf(c, StringComparison.Ordinal) is var i and >= 0
            ? i
            : throw new ArgumentException($"No glyph for '{c}'.", nameof(plate))).ToArray();
        if (glyphs.Length is < 1 or > 8 || plateWidth < 40)
        {
            throw new ArgumentOutOfRangeException(nameof(plate));
        }

        // Millimetres, as on a real plate: 140 high; 7 characters 45 wide (12 apart, 34 after the second),
        // 8 characters (new energy) 43 wide (9 apart, 49 after the second).
        var count = glyphs.Length;
        var eight = count == 8;
        double cw = eight ? 43 : 45, gap = eight ? 9 : 12, sep = eight ? 49 : 34, margin = 15.5;
        var widthMm = 2 * margin + count * cw + (count - 1) * gap + (count > 2 ? sep - gap : 0);
        var s = plateWidth / widthMm;
        int w = plateWidth, h = (int)(140 * s);

        var (top, bottom, ink) = color switch
        {
            PlateColor.Yellow => (new Vec3f(30, 190, 235), new Vec3f(30, 190, 235), new Vec3f(20, 20, 20)),
            PlateColor.Green => (new Vec3f(235, 248, 235), new Vec3f(90, 200, 60), new Vec3f(20, 20, 20)),
            PlateColor.White => (new Vec3f(235, 235, 235), new Vec3f(235, 235, 235), new Vec3f(20, 20, 20)),
            PlateColor.Black => (new Vec3f(20, 20, 20), new Vec3f(20, 20, 20), new Vec3f(240, 240, 240)),
            _ => (new Vec3f(190, 90, 15), new Vec3f(190, 90, 15), new Vec3f(245, 245, 245)),
        };
        using var mask = new Mat(h, w, MatType.CV_32F, Scalar.All(0));
        var x = margin;
        for (var i = 0; i < count; i++)
        {
            using var cell = new Mat();
            using (var glyph = new Mat(atlas, new Rect(glyphs[i] * CellWidth, 0, CellWidth, CellHeight)))
            {
                glyph.ConvertTo(cell, MatType.CV_32F, 1.0 / 255);
            }

            var box = new Rect((int)(x * s), (int)(25 * s), (int)(cw * s), (int)(90 * s));
            using var sized = new Mat();
            Cv2.Resize(cell, sized, box.Size, 0, 0, InterpolationFlags.Area);
            var inside = box.Intersect(new Rect(0, 0, w, h));
            using var roi = new Mat(mask, inside);
            using var part = new Mat(sized, new Rect(0, 0, roi.Cols, roi.Rows));
            Cv2.Max(roi, part, roi);
            x += cw + (i == 1 ? sep : gap);
        }

        if (count >= 7)
        {
            var dot = margin + 2 * cw + gap + sep / 2 - gap;
            Cv2.Circle(mask, new Point((int)(dot * s), (int)(70 * s)), Math.Max(1, (int)(5 * s)), Scalar.All(1.0), -1, LineTypes.AntiAlias);
        }

        Cv2.Rectangle(mask, new Rect((int)(3 * s), (int)(3 * s), w - (int)(6 * s), h - (int)(6 * s)), Scalar.All(1.0),
            Math.Max(1, (int)(1.5 * s)), LineTypes.AntiAlias);

        using var plateImage = new Mat(h, w, MatType.CV_8UC3);
        var maskRows = mask.AsRows<float>();
        var plateRows = plateImage.AsRows<Vec3b>();
        for (var y = 0; y < h; y++)
        {
            var t = h > 1 ? (float)y / (h - 1) : 0.0f;
            var maskRow = maskRows[y];
            var plateRow = plateRows[y];
            for (var px = 0; px < w; px++)
            {
                var m = maskRow[px];
                plateRow[px] = new Vec3b(Channel(0), Channel(1), Channel(2));

                byte Channel(int c)
                {
                    var background = top[c] * (1 - t) + bottom[c] * t;
                    return (byte)Math.Clamp(Math.Round(background * (1 - m) + m * ink[c], MidpointRounding.ToEven), 0, 255);
                }
            }
        }

        if (sceneWidth <= 0 || sceneHeight <= 0)
        {
            return plateImage.ImEncode(".png");
        }

        if (sceneWidth < w + 4 || sceneHeight < h + 4)
        {
            throw new ArgumentOutOfRangeException(nameof(sceneWidth), "The scene must be larger than the plate.");
        }

        using var scene = new Mat(sceneHeight, sceneWidth, MatType.CV_8UC3);
        var sceneRows = scene.AsRows<Vec3b>();
        for (var y = 0; y < sceneHeight; y++)
        {
            var v = (byte)(90 + 80 * y / sceneHeight);
            sceneRows[y].Fill(new Vec3b(v, v, (byte)(v + 10)));
        }

        int left = (sceneWidth - w) / 2, upper = Math.Min(sceneHeight - h - 2, sceneHeight * 3 / 5);
        var bodyTop = Math.Max(0, upper - h * 2);
        Cv2.Rectangle(scene, new Rect(Math.Max(0, left - w / 2), bodyTop, Math.Min(sceneWidth, w * 2), Math.Min(sceneHeight - bodyTop, h * 4)),
            new Scalar(60, 60, 70), -1);
        using (var place = new Mat(scene, new Rect(left, upper, w, h)))
        {
            plateImage.CopyTo(place);
        }

        return scene.ImEncode(".png");
    }
}
