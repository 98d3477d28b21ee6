using System.Text.Json;
using OpenCvSharp;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Support;

/// <summary>
/// Asks the recognizer's stages one question at a time (what the finder marks, what the province checker names, how a
/// given box reads lengthened or with a shadow lifted), through the same stages and calibration the product uses, so
/// that the tests can pin one stage without the product carrying hooks for them.
/// </summary>
public sealed class RecognitionProbe : IDisposable
{
    private readonly PlateVision _vision;
    private readonly PlateGrammarDecoder _decoder;
    private readonly PlatePipeline _pipeline;
    private readonly string? _provinceClasses;

    public RecognitionProbe()
    {
        var model = OpenCvPlateRecognizer.ResolveModel(null) ?? throw new FileNotFoundException("Model not found.", OpenCvPlateRecognizer.DefaultModel);
        _vision = PlateVision.Load(model);
        var alphabet = OpenCvPlateRecognizer.ReadAlphabet(Path.ChangeExtension(model, ".json"));
        _decoder = new PlateGrammarDecoder(alphabet);
        var card = Path.Combine(Path.GetDirectoryName(model)!, "plate-province.json");
        if (File.Exists(card))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(card));
            _provinceClasses = document.RootElement.GetProperty("classes").GetString();
        }

        _pipeline = new PlatePipeline(_vision, alphabet, _provinceClasses, CommittedCalibration.Value, new RecognitionSettings().MaxPixels);
    }

    /// <summary>
    /// The boxes the plate finder network alone marks in a photo, best first, with its confidence; empty when the
    /// photo holds none; null when the photo cannot be decoded or there is no finder model.
    /// </summary>
    public IReadOnlyList<(PlateBox Box, float Confidence)>? FindPlates(byte[] image)
    {
        if (!_vision.HasFinder || _pipeline.Decoding.Decode(image, out var decoded, out var back) != PhotoStatus.Ok)
        {
            return null;
        }

        using var picture = decoded!;
        return _pipeline.Finding.Marked(picture).Take(8).Select(region =>
        {
            var box = PlateLocator.And(region.Rect.BoundingRect(), new Rect(0, 0, picture.Cols, picture.Rows));
            return (new PlateBox((int)MathF.Round(box.X * back), (int)MathF.Round(box.Y * back), (int)MathF.Round(box.Width * back), (int)MathF.Round(box.Height * back)), region.Score);
        }).ToList();
    }

    /// <summary>
    /// What the province checker alone names as the first character of the photo's first candidate (a plate crop
    /// whole; in a photo, the finder's surest mark), with its probability; null without a checker or a plate.
    /// </summary>
    public (char Province, double Confidence)? CheckProvince(byte[] image)
    {
        if (_provinceClasses is null || _pipeline.Decoding.Open(image, 8, out var photo) != PhotoStatus.Ok)
        {
            return null;
        }

        using (photo)
        {
            var regions = _pipeline.Finding.NextLook(photo!, 8);
            if (regions.Count == 0)
            {
                return null;
            }

            var candidates = new PlateCandidate[regions.Count];
            PlateStraightening.Straighten(photo!, regions, candidates).ForEach(c => c.Dispose());
            var opinion = _pipeline.Reading.CheckProvinces(photo!, candidates.AsSpan(0, 1));
            var top = Array.IndexOf(opinion, opinion.Max());
            return (_provinceClasses[top], opinion[top]);
        }
    }

    /// <summary>
    /// How the reader reads the box <paramref name="quad"/> (four corners in the photo's pixels, clockwise from the
    /// top left) lengthened to the right by <paramref name="lengthen"/> of its length.
    /// </summary>
    public string? ReadLengthenedBox(byte[] image, float[] quad, float lengthen)
    {
        var calibration = CommittedCalibration.Value.GreenPlate with { LengthenBy = lengthen };
        return ReadBox(image, quad, BoxChange.Lengthened, new BoxRereading(_pipeline.Reading, calibration)).Text;
    }

    /// <summary>
    /// How the reader reads the box with a cast shadow lifted off it, and how much darker the darkest part of the
    /// plate's background is than the brightest (0, and nothing read, when it has no coloured background).
    /// </summary>
    public (string? Text, float Depth) ReadUnshadowedBox(byte[] image, float[] quad) =>
        ReadBox(image, quad, BoxChange.Unshadowed, _pipeline.Rereading);

    /// <summary>
    /// The recheck's ten views (moved and relit) of the box the pipeline stood by, read by the reader as one batch, or one
    /// view at a time; each view's read and confidence. Empty when the photo holds no plate.
    /// </summary>
    public IReadOnlyList<(string? Text, double Confidence)> ReadRecheckViews(byte[] image, bool oneAtATime)
    {
        var outcome = _pipeline.Run(image, "");
        if (outcome.Best is null || _pipeline.Decoding.Open(image, 1, out var photo) != PhotoStatus.Ok)
        {
            return [];
        }

        using (photo)
        {
            var views = BoxViews.MovedAndRelit(photo!, outcome.Chosen.Quad);
            try
            {
                IEnumerable<List<Mat>> batches = oneAtATime ? views.Select(v => new List<Mat> { v }) : [views];
                return [.. batches.SelectMany(Read)];
            }
            finally
            {
                views.ForEach(v => v.Dispose());
            }
        }
    }

    /// <summary>The whole pipeline on a photo: how many regions it read before it stood by a read, and that read.</summary>
    public (int RegionsRead, string? Plate) Run(byte[] image)
    {
        var outcome = _pipeline.Run(image, "");
        return (outcome.RegionsRead, outcome.Best?.Text);
    }

    /// <summary>How many regions the first look offers on a photo, all marks with their second looks.</summary>
    public int FirstLookRegions(byte[] image)
    {
        if (_pipeline.Decoding.Open(image, 8, out var photo) != PhotoStatus.Ok)
        {
            return 0;
        }

        using (photo)
        {
            var offered = 0;
            while (photo!.Pass < 2 && _pipeline.Finding.NextLook(photo, 8) is { Count: > 0 } regions)
            {
                offered += regions.Count;
                if (photo.Pass == 1 && photo.Unread.Count == 0)
                {
                    break;
                }
            }

            return offered;
        }
    }

    public void Dispose() => _vision.Dispose();

    private IEnumerable<(string? Text, double Confidence)> Read(List<Mat> crops)
    {
        var reading = _pipeline.Reading;
        var probabilities = reading.Read(crops);
        try
        {
            return [.. Enumerable.Range(0, crops.Count).Select(i =>
                _decoder.Decode(probabilities.AsSpan(i * reading.BlockSize, reading.BlockSize), reading.Timesteps, default) is { } read
                    ? (read.Text, read.Confidence)
                    : ((string?)null, 0.0))];
        }
        finally
        {
            PlateReading.Return(probabilities);
        }
    }

    private (string? Text, float Depth) ReadBox(byte[] image, float[] quad, BoxChange change, BoxRereading rereading)
    {
        if (quad.Length != 8 || _pipeline.Decoding.Open(image, 1, out var photo) != PhotoStatus.Ok)
        {
            return (null, 0);
        }

        using (photo)
        {
            Point2f[] corners = [new(quad[0], quad[1]), new(quad[2], quad[3]), new(quad[4], quad[5]), new(quad[6], quad[7])];
            var candidate = new PlateCandidate(0, 0, 0, 0, corners, PlateColor.Unknown, 0);
            var reads = rereading.ReadAgain(photo!, candidate, change, _decoder, default, out var depth);
            return (reads.Count == 0 ? null : reads[0]?.Text, depth);
        }
    }
}
