// Measures plate recognition on a folder of labelled photos (CSV: filename,plate[,...]) through the same engine the
// app uses, or through a running app's POST /api/recognize with --url. Rows whose label is not a mainland plate
// (foreign photos) count as "must not read a Chinese plate".
//
//   tools/recognition/evaluate <folder> <labels.csv> [--url http://localhost:5080 --key demo-device-key]
//                              [--name "plates-dev crops"] [--errors errors.csv] [--reads reads.csv]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: evaluate <folder> <labels.csv> [--url URL] [--key KEY] [--name NAME] [--errors FILE] [--reads FILE (every read, with the plate colour)] [--threshold 0.9] [--model file.onnx] [--local-provinces 皖] [--max-candidates N] [--enough 0.9 (above 1: read every candidate)] [--no-recheck] [--checker-strength 1 (0: no province checker)]");
    return 2;
}

var folder = args[0];
var csv = args[1];
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var url = Option("--url");
var key = Option("--key") ?? "demo-device-key";
var name = Option("--name") ?? Path.GetFileName(Path.GetFullPath(folder));
var errorsFile = Option("--errors");
var readsFile = Option("--reads");
var threshold = double.Parse(Option("--threshold") ?? "0.9", CultureInfo.InvariantCulture);
var model = Option("--model");

var rows = File.ReadAllLines(csv).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p => (File: p[0], Plate: p[1].Trim())).ToList();

var settings = new RecognitionSettings
{
    ModelPath = model is null ? null : Path.GetFullPath(model),
    LocalProvinces = Option("--local-provinces") ?? "",
    AutoOpenConfidence = threshold,
    RecheckSureReads = !args.Contains("--no-recheck"),
};
if (Option("--enough") is { } enough)
{
    settings.EnoughConfidence = double.Parse(enough, CultureInfo.InvariantCulture);
}

if (Option("--checker-strength") is { } checkerStrength)
{
    settings.ProvinceCheckerStrength = double.Parse(checkerStrength, CultureInfo.InvariantCulture);
}

if (Option("--max-candidates") is { } maxCandidates)
{
    settings.MaxCandidates = int.Parse(maxCandidates, CultureInfo.InvariantCulture);
}

using var recognizer = new OpenCvPlateRecognizer(Options.Create(settings), NullLogger<OpenCvPlateRecognizer>.Instance);
using var http = url is null ? null : new HttpClient { BaseAddress = new Uri(url) };
http?.DefaultRequestHeaders.Add("X-Device-Key", key);

async Task<(string? Plate, double Confidence, string? Color, double Ms)> ReadAsync(byte[] image, string fileName)
{
    if (http is null)
    {
        var clock = Stopwatch.StartNew();
        var result = recognizer.Recognize(image);
        var ms = clock.Elapsed.TotalMilliseconds;
        return (result.Plate?.Plate.Value, result.Plate?.Confidence ?? 0, result.Plate?.Color.ToString().ToLowerInvariant(), ms);
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
    var color = json.RootElement.TryGetProperty("color", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
    return (id, confidence, color, elapsed);
}

// Warm-up: load the engine / JIT / first connection outside the measurement.
var first = File.ReadAllBytes(Path.Combine(folder, rows[0].File));
for (var i = 0; i < 3; i++)
{
    await ReadAsync(first, rows[0].File);
}

int chinese = 0, exact = 0, detected = 0, charsTotal = 0, charsRight = 0, wrong = 0, wrongBelow = 0, rightAbove = 0;
int foreign = 0, foreignRead = 0, foreignReadAbove = 0;
var latencies = new List<double>();
var errors = new List<string>();
var allReads = new List<string>();
foreach (var (file, plate) in rows)
{
    var image = File.ReadAllBytes(Path.Combine(folder, file));
    var (read, confidence, color, ms) = await ReadAsync(image, file);
    latencies.Add(ms);
    allReads.Add($"{file},{plate},{read},{confidence:0.0000},{color}");
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

    chinese++;
    if (read is not null)
    {
        detected++;
    }

    charsTotal += plate.Length;
    charsRight += Math.Max(0, plate.Length - Levenshtein(plate, read ?? ""));
    if (read == plate)
    {
        exact++;
        rightAbove += confidence >= threshold ? 1 : 0;
    }
    else
    {
        if (read is not null)
        {
            wrong++;
            wrongBelow += confidence < threshold ? 1 : 0;
        }

        errors.Add($"{file},{plate},{read},{confidence:0.000},{(read is null ? "no plate" : "misread")}");
    }
}

latencies.Sort();
double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
string Pct(int n, int d) => d == 0 ? "-" : (100.0 * n / d).ToString("0.0", CultureInfo.InvariantCulture) + "%";

Console.WriteLine($"set: {name} ({(http is null ? "OpenCV engine in-process" : "POST " + url + "/api/recognize")})");
if (chinese > 0)
{
    Console.WriteLine($"mainland plates: {chinese}");
    Console.WriteLine($"  exact-plate accuracy: {Pct(exact, chinese)} ({exact}/{chinese})");
    Console.WriteLine($"  per-character accuracy: {Pct(charsRight, charsTotal)}");
    Console.WriteLine($"  detection rate (a plate returned): {Pct(detected, chinese)}");
    Console.WriteLine($"  wrong reads: {wrong}, of which below the auto-open threshold {threshold}: {Pct(wrongBelow, wrong)}; right reads at or above it: {Pct(rightAbove, exact)}");
}

if (foreign > 0)
{
    Console.WriteLine($"foreign plates: {foreign}; read as a Chinese plate: {foreignRead} ({Pct(foreignRead, foreign)}), at or above the threshold: {foreignReadAbove}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency ms per photo: p50 {P(0.50):0.0}, p95 {P(0.95):0.0}, p99 {P(0.99):0.0}, max {latencies[^1]:0.0} (n={latencies.Count})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {chinese} | {Pct(exact, chinese)} | {Pct(charsRight, charsTotal)} | {Pct(detected, chinese)} | {Pct(wrongBelow, wrong)} | {(foreign > 0 ? $"{foreignRead}/{foreign}" : "-")} | {P(0.5):0.0} / {P(0.95):0.0} / {P(0.99):0.0} |"));
if (readsFile is not null)
{
    File.WriteAllLines(readsFile, ["filename,plate,read,confidence,color", .. allReads]);
}

if (errorsFile is not null)
{
    File.WriteAllLines(errorsFile, ["filename,plate,read,confidence,kind", .. errors]);
}

return 0;

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
