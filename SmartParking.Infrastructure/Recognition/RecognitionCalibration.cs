using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Every number of the pipeline that trades right reads against wrong ones or speed, in one versioned file beside the
/// models (<c>models/recognition-calibration.json</c>). <c>tools/recognition/evaluate</c> writes it with the results it
/// measured on the development sets and checks it against them; the engine loads it at start-up. The file also names
/// the models it was measured with: a calibration is only as good as the networks it was measured on.
/// </summary>
public sealed record RecognitionCalibration
{
    public const string DefaultPath = "models/recognition-calibration.json";

    /// <summary>The format this code reads; a file of another version is refused.</summary>
    public const int CurrentVersion = 2;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public required int Version { get; init; }

    /// <summary>Who changed what and why, for the next person who changes it.</summary>
    public string Note { get; init; } = "";

    /// <summary>SHA-256 (first 16 hex digits) of each model file the numbers were measured with.</summary>
    public SortedDictionary<string, string> Models { get; init; } = [];

    public required PhotoCalibration Photo { get; init; }

    public required FindCalibration Find { get; init; }

    public required ReadCalibration Read { get; init; }

    public required DecideCalibration Decide { get; init; }

    public required VerifyCalibration Verify { get; init; }

    public required GreenPlateCalibration GreenPlate { get; init; }

    /// <summary>What the evaluation measured with these numbers, per development set; <c>evaluate --check-calibration</c> compares.</summary>
    public SortedDictionary<string, MeasuredSet> Measured { get; init; } = [];

    public static RecognitionCalibration Load(string path)
    {
        using var stream = File.OpenRead(path);
        var calibration = JsonSerializer.Deserialize<RecognitionCalibration>(stream, Json)
            ?? throw new InvalidDataException($"The calibration {path} is empty.");
        var problems = calibration.Problems().ToList();
        return problems.Count == 0 ? calibration : throw new InvalidDataException($"The calibration {path} is not usable: {string.Join("; ", problems)}");
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>What makes these numbers unusable; empty when they are fine.</summary>
    public IEnumerable<string> Problems()
    {
        if (Version != CurrentVersion)
        {
            yield return $"version {Version}, this code reads {CurrentVersion}";
        }

        if (!(Decide.MinConfidence is > 0 and < 1 && Decide.VerifyFrom >= Decide.MinConfidence && Decide.BeyondDoubt <= 1))
        {
            yield return "decide: need 0 < minConfidence ≤ verifyFrom, beyondDoubt ≤ 1";
        }

        if (Find.MaxCandidates is < 1 or > 32)
        {
            yield return "find.maxCandidates must be 1..32";
        }

        if (!(GreenPlate.LengthenBy is > 0 and <= 1))
        {
            yield return "greenPlate.lengthenBy must be in (0, 1]";
        }

        if (Find.ColourMasks.Count == 0)
        {
            yield return "find.colourMasks is empty";
        }

        if (Verify.ProvinceDoubtWeight < 0)
        {
            yield return "verify.provinceDoubtWeight must be 0 or more";
        }

        if (Read.LocalShare is <= 0 or >= 1)
        {
            yield return "read.localShare must be in (0, 1)";
        }
    }

    /// <summary>Model files beside <paramref name="modelFolder"/> whose fingerprint differs from the one recorded here.</summary>
    public IEnumerable<string> ModelsChanged(string modelFolder) =>
        Models.Where(m => !File.Exists(Path.Combine(modelFolder, m.Key)) || Fingerprint(Path.Combine(modelFolder, m.Key)) != m.Value).Select(m => m.Key);

    public static string Fingerprint(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }
}

/// <summary>Decoding: which photos are read at a reduced scale, which count as a camera's plate crop.</summary>
public sealed record PhotoCalibration
{
    /// <summary>A JPEG with more pixels is decoded at half scale: a plate needs far fewer pixels than the photo has.</summary>
    public required long HalfScaleAbovePixels { get; init; }

    public required long QuarterScaleAbovePixels { get; init; }

    /// <summary>A photo this plate-shaped and at most this wide is a camera's plate crop, read whole first.</summary>
    public required double CropMinAspect { get; init; }

    public required double CropMaxAspect { get; init; }

    public required int CropMaxWidth { get; init; }
}

/// <summary>The locator: the finder's mask, the colour and edge cues, what counts as plate-shaped.</summary>
public sealed record FindCalibration
{
    /// <summary>Plate-shaped regions read per photo over both looks.</summary>
    public required int MaxCandidates { get; init; }

    /// <summary>The finder's plate probability at which a pixel is plate.</summary>
    public required double FinderCut { get; init; }

    /// <summary>How many of the finder's marks are read (with their second looks).</summary>
    public required int FinderMarks { get; init; }

    public required float MinAspect { get; init; }

    public required float MaxAspect { get; init; }

    /// <summary>Degrees a plate may be turned and still be offered.</summary>
    public required float MaxAngle { get; init; }

    /// <summary>Share of its rotated rectangle a colour region must fill.</summary>
    public required float MinFill { get; init; }

    /// <summary>Share of a region's pixels that must be vertical edges (characters).</summary>
    public required float MinEdgeDensity { get; init; }

    /// <summary>A colour region smaller than this many pixels, or this share of the photo, is too small to read; larger than the max share, not a plate.</summary>
    public required float MinAreaPixels { get; init; }

    public required float MinAreaShare { get; init; }

    public required float MaxAreaShare { get; init; }

    /// <summary>A region refined by its own colour must be this plate-shaped, or the first box stays.</summary>
    public required float RefinedMinAspect { get; init; }

    public required float RefinedMaxAspect { get; init; }

    public required float RefinedMinFill { get; init; }

    /// <summary>Two cued regions overlapping more than this are one.</summary>
    public required float SameRegionIou { get; init; }

    /// <summary>Weight of the colour-blind "row of vertical edges" cue against the colour masks.</summary>
    public required float EdgeCueWeight { get; init; }

    /// <summary>A crop's characters' line tilted less than this is read level; more than the maximum, not at all.</summary>
    public required double TextTiltMinDegrees { get; init; }

    public required double TextTiltMaxDegrees { get; init; }

    /// <summary>
    /// HSV masks of plate colours at several strictness levels: a loose mask finds faded or night plates, a strict one
    /// separates a plate from a car body or road of a similar hue. White is everywhere in a photo: trusted less.
    /// </summary>
    public required List<ColourMask> ColourMasks { get; init; }
}

/// <param name="Low">HSV lower bound (OpenCV ranges: H 0..180).</param>
public sealed record ColourMask(PlateColor Colour, int[] Low, int[] High, float Weight);

/// <summary>How the reader's and the checker's outputs are weighed.</summary>
public sealed record ReadCalibration
{
    /// <summary>Share of the cars with a local plate when the lot names its provinces (a residential car park: most).</summary>
    public required double LocalShare { get; init; }

    /// <summary>How much the province checker counts: its opinion over the uniform one, raised to this power (decision 020); 0 leaves it out.</summary>
    public required double ProvinceCheckerStrength { get; init; }
}

/// <summary>When a read is a plate, when it is enough, when it is beyond doubt.</summary>
public sealed record DecideCalibration
{
    /// <summary>Below this overall confidence the photo counts as "no plate".</summary>
    public required double MinConfidence { get; init; }

    /// <summary>
    /// A finder's mark read at or above this, and holding under verification, ends the search: the colour and edge cues'
    /// regions are then not read (decision 018). Above 1 every candidate is read.
    /// </summary>
    public required double EnoughConfidence { get; init; }

    /// <summary>A read at or above this may open a gate, so it is verified (the lanes' default auto-open confidence).</summary>
    public required double VerifyFrom { get; init; }

    /// <summary>No read this sure changed under the recheck on any measured set; skipping them spares half the rechecks.</summary>
    public required double BeyondDoubt { get; init; }
}

/// <summary>
/// The box read again before a sure read may open a gate. One rule combines them: each read of another plate in a
/// group lowers the ceiling on the confidence by the group's weight × its confidence (decisions 018, 019, 022).
/// </summary>
public sealed record VerifyCalibration
{
    /// <summary>Off only to measure what the recheck buys.</summary>
    public required bool Recheck { get; init; }

    /// <summary>The box moved six ways and relit four ways (decisions 018, 019).</summary>
    public required double MovedDissentWeight { get; init; }

    /// <summary>One sure lifted read of another plate (≥ 0.34) is enough to send the car to the guard (decision 022).</summary>
    public required double UnshadowedDissentWeight { get; init; }

    /// <summary>
    /// How much darker the darkest part of a plate's background must be than the brightest before its lifted read
    /// counts: uneven daylight and dirt measure 1.7 on half the real crops (decision 022).
    /// </summary>
    public required double MinShadowDepth { get; init; }

    /// <summary>
    /// A read's ceiling is 1 − this × the province character's doubt. On real photos the reader is surest where it is
    /// most often wrong: every read of another plate at the auto-open confidence left on the real sets named another
    /// province, at 0.967–0.998 for that character, while the other characters of right reads are near certain.
    /// </summary>
    public required double ProvinceDoubtWeight { get; init; }
}

/// <summary>New-energy plates, whose pale top and end cut boxes short (decisions 017, 021).</summary>
public sealed record GreenPlateCalibration
{
    /// <summary>A green region is also offered grown upwards by this share of its height, times <see cref="GrowHeight"/> taller.</summary>
    public required float GrowShift { get; init; }

    public required float GrowHeight { get; init; }

    /// <summary>Another box's read with one character more counts when its box overlaps the best one's this much.</summary>
    public required float MinOverlap { get; init; }

    /// <summary>
    /// An 8-character plate cut one short is 7/8 of itself, so its box needs 1/7 (0.14) more; the slack covers a box
    /// that also cut into the seventh character.
    /// </summary>
    public required float LengthenBy { get; init; }

    /// <summary>Past a 7-character plate's end the lengthened box sees the frame: a doubtful extra "1" (0.48–0.78 measured).</summary>
    public required double SureLonger { get; init; }
}

/// <summary>What the evaluation measured on one set with the calibration it is stored in.</summary>
/// <param name="WrongAtVerify">Reads of another plate at or above <see cref="DecideCalibration.VerifyFrom"/>: each would open a gate.</param>
public sealed record MeasuredSet(int Photos, int Plates, int Exact, int WrongAtVerify, int NoPlate, string LocalProvinces, string Measured);
