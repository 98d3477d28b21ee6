// Replays a labelled photo set as gate decisions (issue 26, part 3): every car of the set is known to the lot (an
// owner's vehicle or a visitor registered today); half of them, picked by the seed, drive in with their photo and out
// again with it, in shuffled orders. At the entry the read is matched against the known plates, at the exit against
// the open stays (ExpectedCars). Prints right opens, wrong opens (the number that matters) and holds for the guard,
// for the gate with the matcher and, for comparison, for the gate that acts on a sure read alone.
//
//   tools/recognition/replay <folder> <labels.csv> [--seeds 5] [--local-provinces 浙] [--auto-open 0.9]
//       [--reads reads.csv (evaluate's --reads output: replays its reads instead of reading the photos)] [--holds FILE]
//       [--no-corrections (labels as given, not corrected to the photo)]
//
// A held car is resolved by the guard to its true plate. With one photo per car, the exit reads the entry's photo again.
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tools.Recognition;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: replay <folder> <labels.csv> [--seeds 5] [--local-provinces 浙] [--auto-open 0.9] [--reads FILE] [--holds FILE]");
    return 2;
}

var folder = args[0];
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var seeds = int.Parse(Option("--seeds") ?? "5", CultureInfo.InvariantCulture);
var autoOpen = double.Parse(Option("--auto-open") ?? Lane.DefaultAutoOpenConfidence.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
var localProvinces = Option("--local-provinces") ?? "";
var holdsFile = Option("--holds");

// One photo per car: the first photo of each mainland plate, its label corrected to the photo where the repository
// keeps a correction (tools/recognition/labels).
var repository = OpenCvPlateRecognizer.RepositoryFile("SmartParking.sln") is { } solution ? Path.GetDirectoryName(solution)! : ".";
var corrections = LabelCorrections.For(repository, folder, args.Contains("--no-corrections"));
var corrected = 0;
var cars = File.ReadAllLines(args[1]).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
    .Select(p => (File: p[0], Plate: LabelCorrections.Apply(corrections, p[0], p[1].Trim(), ref corrected)))
    .Where(c => PlateNumber.TryParse(c.Plate, out _, out _))
    .DistinctBy(c => c.Plate)
    .ToList();

var reads = new Dictionary<string, PlateRead?>();
if (Option("--reads") is { } readsFile)
{
    foreach (var line in File.ReadAllLines(readsFile).Skip(1))
    {
        reads[line.Split(',')[0]] = Parse(line);
    }
}
else
{
    using var recognizer = new OpenCvPlateRecognizer(Options.Create(new RecognitionSettings { LocalProvinces = localProvinces }), NullLogger<OpenCvPlateRecognizer>.Instance);
    foreach (var car in cars)
    {
        reads[car.File] = recognizer.Recognize(File.ReadAllBytes(Path.Combine(folder, car.File))).Plate;
    }
}

var known = cars.Select(c => PlateNumber.Parse(c.Plate)).ToList();
var withMatcher = new Tally();
var sureReadOnly = new Tally();
var holds = new List<string>();
for (var seed = 1; seed <= seeds; seed++)
{
    var random = new Random(seed);
    var inside = cars.OrderBy(_ => random.Next()).Take(cars.Count / 2).ToList();
    var exits = inside.OrderBy(_ => random.Next()).ToList();
    foreach (var (gate, tally) in new[] { (true, withMatcher), (false, sureReadOnly) })
    {
        var stays = new List<PlateNumber>();
        foreach (var car in inside)
        {
            var truth = PlateNumber.Parse(car.Plate);
            var acted = Decide(gate, reads[car.File], known, LaneDirection.Entry);
            tally.Count("entry", acted, truth);
            if (gate && acted is null)
            {
                holds.Add($"{seed},entry,{car.File},{car.Plate},{reads[car.File]?.Plate.Value},{reads[car.File]?.Confidence:0.000}");
            }

            // The stay is recorded under the plate the gate acted on; the guard names the true one for a held car.
            stays.Add(acted ?? truth);
        }

        foreach (var car in exits)
        {
            var truth = PlateNumber.Parse(car.Plate);
            var acted = Decide(gate, reads[car.File], stays, LaneDirection.Exit);
            tally.Count("exit", acted, truth);
            if (gate && acted is null)
            {
                holds.Add($"{seed},exit,{car.File},{car.Plate},{reads[car.File]?.Plate.Value},{reads[car.File]?.Confidence:0.000}");
            }

            // The guard closes a held car's stay by hand; a wrong open closes the other car's stay.
            var closed = acted ?? truth;
            var index = stays.FindIndex(s => s.Equals(closed));
            if (index < 0)
            {
                index = stays.FindIndex(s => s.Equals(truth));
            }

            if (index >= 0)
            {
                stays.RemoveAt(index);
            }
        }
    }
}

Console.WriteLine($"replay: {Path.GetFileName(Path.GetFullPath(folder))}, {cars.Count} cars known, {cars.Count / 2} drive in and out per seed, {seeds} seeds (1..{seeds}), lot province {(localProvinces.Length > 0 ? localProvinces : "none")}, lanes' auto-open confidence {autoOpen.ToString(CultureInfo.InvariantCulture)}{(corrected > 0 ? $", {corrected} labels corrected to the photo" : "")}");
Console.WriteLine("| gate | passages | right opens | wrong opens | holds for the guard |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine(withMatcher.Row("knows which cars it expects (ExpectedCars)"));
Console.WriteLine(withMatcher.Row("  entries", "entry"));
Console.WriteLine(withMatcher.Row("  exits", "exit"));
Console.WriteLine(sureReadOnly.Row("acts on a sure read alone (before)"));
if (holdsFile is not null)
{
    File.WriteAllLines(holdsFile, ["seed,lane,filename,plate,read,confidence", .. holds]);
}

return 0;

// The plate the gate opens for, or null when the car waits for the guard.
PlateNumber? Decide(bool matcher, PlateRead? read, IReadOnlyList<PlateNumber> expected, LaneDirection direction)
{
    if (!matcher)
    {
        return read is not null && read.Confidence >= autoOpen && expected.Contains(read.Plate) ? read.Plate : null;
    }

    var match = ExpectedCars.Match(read, expected, direction);
    return match.Verdict switch
    {
        ExpectedCarVerdict.Match => match.Plate,
        // As before: a sure read of no expected car is a visitor who has not registered, or a car with no stay.
        _ => null,
    };
}

// A line of evaluate's --reads file: filename,plate,read,confidence,colour,guesses | character confidences.
static PlateRead? Parse(string line)
{
    var p = line.Split(',');
    if (p[2].Length == 0 || !PlateNumber.TryParse(p[2], out var plate, out _))
    {
        return null;
    }

    var parts = p[5].Split('|');
    var guesses = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(g => g.Split(':'))
        .Select(g => new PlateGuess(g[0], double.Parse(g[1], CultureInfo.InvariantCulture))).ToList();
    var characters = parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToList();
    return new PlateRead(plate, double.Parse(p[3], CultureInfo.InvariantCulture), characters, PlateColor.Unknown, default, guesses);
}

internal sealed class Tally
{
    private readonly Dictionary<string, (int Right, int Wrong, int Held)> _byLane = [];

    public void Count(string lane, PlateNumber? acted, PlateNumber truth)
    {
        var (right, wrong, held) = _byLane.GetValueOrDefault(lane);
        _byLane[lane] = acted is null ? (right, wrong, held + 1) : acted.Equals(truth) ? (right + 1, wrong, held) : (right, wrong + 1, held);
    }

    public string Row(string label, string? lane = null)
    {
        var rows = _byLane.Where(l => lane is null || l.Key == lane).Select(l => l.Value).ToList();
        int right = rows.Sum(r => r.Right), wrong = rows.Sum(r => r.Wrong), held = rows.Sum(r => r.Held), all = right + wrong + held;
        return $"| {label} | {all} | {right} ({Pct(right, all)}) | {wrong} | {held} ({Pct(held, all)}) |";
    }

    private static string Pct(int n, int d) => d == 0 ? "-" : (100.0 * n / d).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
