// Measures plate recognition on a folder of labelled photos (CSV with a header: filename,plate[,color,...]) through the
// same engine and calibration the app uses, or through a running app's POST /api/recognize with --url. Rows whose
// label is not a mainland plate (foreign photos) count as "must not read a Chinese plate". Labels that are not the plate
// in the photo are corrected from tools/recognition/labels/<folder name>.corrections.csv (--no-corrections: as given).
//
//   tools/recognition/evaluate <folder> <labels.csv> [--name NAME] [--local-provinces 皖] [--reads reads.csv]
//       [--calibration models/recognition-calibration.json] [--write-calibration | --check-calibration]
//       [--url http://localhost:5080 --key demo-device-key] [--errors errors.csv] [--no-corrections]
//       overrides of the calibration, to measure what a number buys: [--threshold 0.9] [--enough 0.9] [--no-recheck]
//       [--checker-strength 1] [--max-candidates 8] [--model file.onnx]
//
// --write-calibration stores the calibration used (with the overrides) and this set's results under NAME in the file;
// --check-calibration exits 1 when this set's results differ from those stored, or the models are not the ones the
// file was measured with.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tools.Recognition;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: evaluate <folder> <labels.csv> [--name NAME] [--local-provinces 皖] [--reads FILE] [--boxes FILE] [--errors FILE] [--calibration FILE] [--write-calibration | --check-calibration] [--url URL --key KEY] [--threshold 0.9] [--enough 0.9] [--no-recheck] [--checker-strength 1] [--max-candidates 8] [--model file.onnx]");
    return 2;
}

var folder = args[0];
var csv = args[1];
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
double? Number(string name) => Option(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;
var url = Option("--url");
var key = Option("--key") ?? "demo-device-key";
var name = Option("--name") ?? Path.GetFileName(Path.GetFullPath(folder));
var localProvinces = Option("--local-provinces") ?? "";
var errorsFile = Option("--errors");
var readsFile = Option("--reads");
var boxesFile = Option("--boxes");
var model = Option("--model");
var write = args.Contains("--write-calibration");
var check = args.Contains("--check-calibration");
// The repository's file, not the copy in this tool's bin folder: --write-calibration must change what is committed.
var repository = OpenCvPlateRecognizer.RepositoryFile("SmartParking.sln") is { } solution ? Path.GetDirectoryName(solution)! : ".";
var calibrationFile = Option("--calibration") ?? Path.Combine(repository, RecognitionCalibration.DefaultPath);
var committed = RecognitionCalibration.Load(calibrationFile);
var calibration = committed with
{
    Decide = committed.Decide with
    {
        VerifyFrom = Number("--threshold") ?? committed.Decide.VerifyFrom,
        EnoughConfidence = Number("--enough") ?? committed.Decide.EnoughConfidence,
    },
    Verify = committed.Verify with { Recheck = committed.Verify.Recheck && !args.Contains("--no-recheck") },
    Read = committed.Read with { ProvinceCheckerStrength = Number("--checker-strength") ?? committed.Read.ProvinceCheckerStrength },
    Find = committed.Find with { MaxCandidates = (int?)Number("--max-candidates") ?? committed.Find.MaxCandidates },
};
var threshold = calibration.Decide.VerifyFrom;

var lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToList();
var header = lines[0].Split(',');
var colourColumn = Array.IndexOf(header, "color");
var corrections = LabelCorrections.For(repository, folder, args.Contains("--no-corrections"));
var corrected = 0;
var rows = lines.Skip(1).Select(l => l.Split(',')).Select(p => (File: p[0], Plate: LabelCorrections.Apply(corrections, p[0], p[1].Trim(), ref corrected), Colour: colourColumn >= 0 && colourColumn < p.Length ? p[colourColumn].Trim() : "")).ToList();

var settings = new RecognitionSettings { ModelPath = model is null ? null : Path.GetFullPath(model), LocalProvinces = localProvinces };
using var recognizer = new OpenCvPlateRecognizer(Options.Create(settings), NullLogger<OpenCvPlateRecognizer>.Instance, calibration);
using var http = url is null ? null : new HttpClient { BaseAddress = new Uri(url) };
http?.DefaultRequestHeaders.Add("X-Device-Key", key);

var boxes = new List<string>();
async Task<(string? Plate, double Confidence, string? Colour, string Guesses, double Ms)> ReadAsync(byte[] image, string fileName)
{
    if (http is null)
    {
        var clock = Stopwatch.StartNew();
        var result = recognizer.Recognize(image);
        var ms = clock.Elapsed.TotalMilliseconds;
        var p = result.Plate;
        if (p is not null)
        {
            boxes.Add(string.Create(CultureInfo.InvariantCulture, $"{fileName},{p.Box.X},{p.Box.Y},{p.Box.Width},{p.Box.Height}"));
        }

        var guesses = p is null ? "" : string.Join(' ', p.TopGuesses.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Text}:{g.Confidence:0.000}")))
            + " | " + string.Join(' ', p.CharacterConfidences.Select(c => c.ToString("0.000", CultureInfo.InvariantCulture)));
        return (p?.Plate.Value, p?.Confidence ?? 0, p?.Color.ToString().ToLowerInvariant(), guesses, ms);
    }

    using var content = new MultipartFormDataContent();
    var file = new ByteArrayContent(image);
    file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg");
    content.Add(file, "image", fileName);
    var watch = Stopwatch.StartNew();
    using var response = await http.PostAsync("/api/recognize", content);
    var body = await response.Content.ReadAsStringAsync();
    var elapsed = watch.Elapsed.TotalMilliseconds;
    using var json = JsonDocument.Parse(body);
    var id = json.RootElement.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    var confidence = json.RootElement.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0;
    var colour = json.RootElement.TryGetProperty("color", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
    return (id, confidence, colour, "", elapsed);
}

// Warm-up: load the engine / JIT / first connection outside the measurement.
var first = File.ReadAllBytes(Path.Combine(folder, rows[0].File));
for (var i = 0; i < 3; i++)
{
    await ReadAsync(first, rows[0].File);
}

var all = new Tally();
var byColour = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
var byProvince = new Dictionary<string, Tally>();
var provinceConfusions = new Dictionary<(char True, char Read), int>();
int charsTotal = 0, charsRight = 0, foreign = 0, foreignRead = 0, foreignReadAbove = 0;
var latencies = new List<double>();
var errors = new List<string>();
var allReads = new List<string>();
foreach (var (file, plate, labelColour) in rows)
{
    var image = File.ReadAllBytes(Path.Combine(folder, file));
    var (read, confidence, colour, guesses, ms) = await ReadAsync(image, file);
    latencies.Add(ms);
    allReads.Add(string.Create(CultureInfo.InvariantCulture, $"{file},{plate},{read},{confidence:0.0000},{colour},{guesses}"));
    if (!PlateNumber.TryParse(plate, out _, out _))
    {
        foreign++;
        if (read is not null)
        {
            foreignRead++;
            foreignReadAbove += confidence >= threshold ? 1 : 0;
            errors.Add($"{file},{plate},{read},{confidence:0.000},foreign");
        }

        continue;
    }

    // The label's colour where it gives one (crops without a colour column are blue plates, README), else as read.
    var kind = labelColour.Length > 0 ? labelColour : colourColumn < 0 ? "blue" : (colour ?? "?") + " (as read)";
    foreach (var tally in new[] { all, Get(byColour, kind), Get(byProvince, plate[..1]) })
    {
        tally.Add(plate, read, confidence, threshold);
    }

    if (read is not null && read.Length > 0 && read[0] != plate[0])
    {
        provinceConfusions[(plate[0], read[0])] = provinceConfusions.GetValueOrDefault((plate[0], read[0])) + 1;
    }

    charsTotal += plate.Length;
    charsRight += Math.Max(0, plate.Length - Levenshtein(plate, read ?? ""));
    if (read != plate)
    {
        errors.Add($"{file},{plate},{read},{confidence:0.000},{(read is null ? "no plate" : confidence >= threshold ? "misread at auto-open confidence" : "misread")}");
    }
}

latencies.Sort();
double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];

Console.WriteLine($"set: {name} ({(http is null ? "OpenCV engine in-process" : "POST " + url + "/api/recognize")}), calibration version {calibration.Version}, lot province {(localProvinces.Length > 0 ? localProvinces : "none")}{(corrected > 0 ? $", {corrected} labels corrected to the photo (tools/recognition/labels)" : "")}");
if (all.Plates > 0)
{
    Console.WriteLine($"mainland plates: {all.Plates}; exact {Tally.Pct(all.Exact, all.Plates)} ({all.Exact}); per character {Tally.Pct(charsRight, charsTotal)}");
    Console.WriteLine($"  wrong reads: {all.Wrong}, {all.WrongAtVerify} of them at or above the auto-open confidence {threshold.ToString(CultureInfo.InvariantCulture)} (each would open a gate or bill the wrong car); no plate: {all.NoPlate}; right reads that open: {Tally.Pct(all.RightAtVerify, all.Plates)}");
    Console.WriteLine();
    Console.WriteLine("| colour | photos | exact | wrong at ≥ auto-open | no plate |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (colourName, t) in byColour.OrderByDescending(c => c.Value.Plates))
    {
        Console.WriteLine(t.Row(colourName));
    }

    Console.WriteLine();
    Console.WriteLine("| province | photos | exact | wrong at ≥ auto-open | no plate |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (province, t) in byProvince.OrderByDescending(p => p.Value.Plates).ThenBy(p => p.Key, StringComparer.Ordinal))
    {
        Console.WriteLine(t.Row(province));
    }

    Console.WriteLine();
    Console.WriteLine("province characters read as another (true → read: count): " + (provinceConfusions.Count == 0 ? "none"
        : string.Join(", ", provinceConfusions.OrderByDescending(c => c.Value).ThenBy(c => c.Key.True).Select(c => $"{c.Key.True}→{c.Key.Read} {c.Value}"))));
}

if (foreign > 0)
{
    Console.WriteLine($"foreign plates: {foreign}; read as a Chinese plate: {foreignRead} ({Tally.Pct(foreignRead, foreign)}), at or above the auto-open confidence: {foreignReadAbove}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms per photo: p50 {P(0.50):0.0}, p95 {P(0.95):0.0}, p99 {P(0.99):0.0}, max {latencies[^1]:0.0} (n={latencies.Count})"));
if (readsFile is not null)
{
    File.WriteAllLines(readsFile, ["filename,plate,read,confidence,color,guesses | character confidences", .. allReads]);
}

if (boxesFile is not null)
{
    // Where the read plate was (its box in the photo's pixels): what tools/recognition cuts real crops by.
    File.WriteAllLines(boxesFile, ["filename,x,y,width,height", .. boxes.Distinct()]);
}

if (errorsFile is not null)
{
    File.WriteAllLines(errorsFile, ["filename,plate,read,confidence,kind", .. errors]);
}

var measured = new MeasuredSet(rows.Count, all.Plates, all.Exact, all.WrongAtVerify, all.NoPlate, localProvinces,
    DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
var modelFolder = Path.GetDirectoryName(Path.GetFullPath(calibrationFile))!;
if (write)
{
    var models = new SortedDictionary<string, string>(StringComparer.Ordinal);
    foreach (var file in new[] { "plate-reader.onnx", "plate-finder.onnx", "plate-province.onnx" }.Where(f => File.Exists(Path.Combine(modelFolder, f))))
    {
        models[file] = RecognitionCalibration.Fingerprint(Path.Combine(modelFolder, file));
    }

    // Other sets' results stay only if they were measured with the same numbers and models.
    var kept = calibration with { Models = committed.Models, Measured = committed.Measured };
    var same = JsonSerializer.Serialize(kept with { Measured = [] }, RecognitionCalibration.Json) == JsonSerializer.Serialize(committed with { Measured = [] }, RecognitionCalibration.Json)
        && committed.Models.Count == models.Count && committed.Models.All(m => models.GetValueOrDefault(m.Key) == m.Value);
    var sets = same ? new SortedDictionary<string, MeasuredSet>(committed.Measured, StringComparer.Ordinal) : new SortedDictionary<string, MeasuredSet>(StringComparer.Ordinal);
    sets[name] = measured;
    (calibration with { Models = models, Measured = sets }).Save(calibrationFile);
    Console.WriteLine($"calibration written: {calibrationFile} ({name}{(same ? "" : "; numbers or models changed, other sets' results dropped")})");
}

if (check)
{
    var problems = new List<string>();
    problems.AddRange(committed.ModelsChanged(modelFolder).Select(m => $"{m} is not the model the calibration was measured with"));
    if (committed.Measured.GetValueOrDefault(name) is not { } stored)
    {
        problems.Add($"the calibration holds no results for set {name}");
    }
    else
    {
        // Reads may move by a photo or two across OpenCV builds (JPEG decoding); a change of half a point is a real one.
        var slack = Math.Max(1, (int)Math.Floor(0.005 * stored.Plates));
        if (stored.Plates != measured.Plates || stored.LocalProvinces != measured.LocalProvinces)
        {
            problems.Add($"set {name} was measured on {stored.Plates} plates with lot province '{stored.LocalProvinces}'");
        }

        if (Math.Abs(measured.Exact - stored.Exact) > slack)
        {
            problems.Add($"exact {measured.Exact}, the calibration says {stored.Exact}");
        }

        if (measured.WrongAtVerify > stored.WrongAtVerify)
        {
            problems.Add($"{measured.WrongAtVerify} wrong reads at the auto-open confidence, the calibration says {stored.WrongAtVerify}");
        }

        if (measured.NoPlate > stored.NoPlate + slack)
        {
            problems.Add($"{measured.NoPlate} photos without a plate read, the calibration says {stored.NoPlate}");
        }
    }

    Console.WriteLine(problems.Count == 0 ? $"calibration check: {name} as measured" : "calibration check FAILED: " + string.Join("; ", problems));
    return problems.Count == 0 ? 0 : 1;
}

return 0;

static Tally Get<TKey>(IDictionary<TKey, Tally> tallies, TKey key) where TKey : notnull =>
    tallies.TryGetValue(key, out var t) ? t : tallies[key] = new Tally();

static int Levenshtein(string a, string b)
{
    var d = new int[b.Length + 1];
    for (var j = 0; j <= b.Length; j++)
    {
        d[j] = j;
    }

    for (var i = 1; i <= a.Length; i++)
    {
        var previous = d[0];
        d[0] = i;
        for (var j = 1; j <= b.Length; j++)
        {
            var current = d[j];
            d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
    }

    return d[b.Length];
}

internal sealed class Tally
{
    public int Plates { get; private set; }

    public int Exact { get; private set; }

    public int Wrong { get; private set; }

    public int WrongAtVerify { get; private set; }

    public int NoPlate { get; private set; }

    public int RightAtVerify { get; private set; }

    public void Add(string plate, string? read, double confidence, double threshold)
    {
        Plates++;
        if (read is null)
        {
            NoPlate++;
        }
        else if (read == plate)
        {
            Exact++;
            RightAtVerify += confidence >= threshold ? 1 : 0;
        }
        else
        {
            Wrong++;
            WrongAtVerify += confidence >= threshold ? 1 : 0;
        }
    }

    public string Row(string label) => $"| {label} | {Plates} | {Pct(Exact, Plates)} | {WrongAtVerify} | {NoPlate} |";

    public static string Pct(int n, int d) => d == 0 ? "-" : (100.0 * n / d).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
