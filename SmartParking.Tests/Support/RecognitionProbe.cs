using System.Text.Json;
using OpenCvSharp;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Support;

/// <summary>
/// Asks the recognizer's parts one question at a time (what the finder marks, what the province checker names, how a
/// given box reads lengthened or with a shadow lifted), through the same <see cref="PlateVision"/> the product uses,
/// so that the tests can pin one stage without the product carrying hooks for them.
/// </summary>
public sealed class RecognitionProbe : IDisposable
{
    private const long MaxPixels = 40_000_000;

    private readonly PlateVision _vision;
    private readonly PlateGrammarDecoder _decoder;
    private readonly string? _provinceClasses;

    public RecognitionProbe()
    {
        var model = OpenCvPlateRecognizer.ResolveModel(null) ?? throw new FileNotFoundException("Model not found.", OpenCvPlateRecognizer.DefaultModel);
        _vision = PlateVision.Load(model, 1);
        _decoder = new PlateGrammarDecoder(OpenCvPlateRecognizer.ReadAlphabet(Path.ChangeExtension(model, ".json")));
        var card = Path.Combine(Path.GetDirectoryName(model)!, "plate-province.json");
        if (File.Exists(card))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(card));
            _provinceClasses = document.RootElement.GetProperty("classes").GetString();
        }
    }

    /// <summary>
    /// The boxes the plate finder network alone marks in a photo, best first, with its confidence; empty when the
    /// photo holds none; null when the photo cannot be decoded or there is no finder model.
    /// </summary>
    public IReadOnlyList<(PlateBox Box, float Confidence)>? FindPlates(byte[] image) =>
        _vision.HasFinder && _vision.FindPlates(image, MaxPixels, 8, out var found) == PhotoStatus.Ok
            ? found.Select(c => (c.Box, c.Score)).ToList()
            : null;

    /// <summary>
    /// What the province checker alone names as the first character of the photo's first candidate (a plate crop
    /// whole; in a photo, the finder's surest mark), with its probability; null without a checker or a plate.
    /// </summary>
    public (char Province, double Confidence)? CheckProvince(byte[] image)
    {
        if (_provinceClasses is null || PlateVision.Open(image, MaxPixels, 8, out var photo) != PhotoStatus.Ok)
        {
            return null;
        }

        using (photo)
        {
            var candidates = new PlateCandidate[8];
            if (_vision.ReadLook(photo!, candidates, new float[_vision.Timesteps * _vision.Classes * candidates.Length]) == 0)
            {
                return null;
            }

            var opinion = new float[_vision.ProvinceClasses];
            _vision.CheckProvinces(photo!, candidates.AsSpan(0, 1), opinion);
            var top = Array.IndexOf(opinion, opinion.Max());
            return (_provinceClasses[top], opinion[top]);
        }
    }

    /// <summary>
    /// How the reader reads the box <paramref name="quad"/> (four corners in the photo's pixels, clockwise from the
    /// top left) lengthened to the right by <paramref name="lengthen"/> of its length.
    /// </summary>
    public string? ReadLengthenedBox(byte[] image, float[] quad, float lengthen) =>
        ReadBox(image, quad, (photo, corners, probabilities) =>
        {
            _vision.ReadLengthened(photo, corners, lengthen, probabilities);
            return 1;
        }).Text;

    /// <summary>
    /// How the reader reads the box with a cast shadow lifted off it, and how much darker the darkest part of the
    /// plate's background is than the brightest (0, and nothing read, when it has no coloured background).
    /// </summary>
    public (string? Text, float Depth) ReadUnshadowedBox(byte[] image, float[] quad) =>
        ReadBox(image, quad, (photo, corners, probabilities) => _vision.ReadUnshadowed(photo, corners, probabilities));

    public void Dispose() => _vision.Dispose();

    private (string? Text, float Measure) ReadBox(byte[] image, float[] quad, Func<PlatePhoto, Point2f[], float[], float> read)
    {
        if (quad.Length != 8 || PlateVision.Open(image, MaxPixels, 1, out var photo) != PhotoStatus.Ok)
        {
            return (null, 0);
        }

        using (photo)
        {
            var probabilities = new float[_vision.Timesteps * _vision.Classes];
            Point2f[] corners = [new(quad[0], quad[1]), new(quad[2], quad[3]), new(quad[4], quad[5]), new(quad[6], quad[7])];
            var measure = read(photo!, corners, probabilities);
            return (measure <= 0 ? null : _decoder.Decode(probabilities, _vision.Timesteps)?.Text, measure);
        }
    }
}
