using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Draws a known plate as a PNG through the native layer, from the glyph atlas in models/ (tests and demos make
/// their own photos with it; nothing is read from outside the repository).
/// </summary>
public static class PlateImages
{
    public const string DefaultAtlas = "models/plate-glyphs.png";

    public static byte[] Render(string plate, PlateColor color, int plateWidth = 220, int sceneWidth = 0, int sceneHeight = 0)
    {
        NativeVision.EnsureResolver();
        var model = NativePlateRecognizer.ResolveModel(null) ?? throw new FileNotFoundException("Model not found.", NativePlateRecognizer.DefaultModel);
        var alphabet = NativePlateRecognizer.ReadAlphabet(Path.ChangeExtension(model, ".json"));
        var atlas = NativePlateRecognizer.ResolveModel(DefaultAtlas) ?? throw new FileNotFoundException("Glyph atlas not found.", DefaultAtlas);
        var glyphs = plate.Select(c => alphabet.IndexOf(c, StringComparison.Ordinal) is var i and >= 0
            ? i
            : throw new ArgumentException($"No glyph for '{c}'.", nameof(plate))).ToArray();

        var buffer = new byte[4 << 20];
        unsafe
        {
            fixed (int* g = glyphs)
            fixed (byte* png = buffer)
            {
                var length = NativeVision.RenderPlate(atlas, g, glyphs.Length, (int)color, plateWidth, sceneWidth, sceneHeight, png, buffer.Length, out _);
                if (length < 0)
                {
                    throw new InvalidOperationException($"Native plate rendering failed with status {length}.");
                }

                return buffer.AsSpan(0, length).ToArray();
            }
        }
    }
}
