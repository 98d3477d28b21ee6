using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// <see cref="IPlateRecognizer"/> over OpenCvSharp4: the project's plate finder network and OpenCV's colour and edge
/// cues locate plate-shaped regions, the project's CTC reader (ONNX, run by OpenCV dnn) reads each,
/// and <see cref="PlateGrammarDecoder"/> picks the best reading the plate grammar allows. One engine per process;
/// its pool of networks serves parallel requests.
/// </summary>
public sealed class OpenCvPlateRecognizer : IPlateRecognizer, IDisposable
{
    public const string DefaultModel = "models/plate-reader.onnx";

    private const double DissentWeight = 0.1;

    // No read this sure changed the outcome of the recheck on any measured set; skipping them spares more than half of
    // the rechecks (decision 018).
    private const double BeyondDoubt = 0.998;

    // An 8-character plate cut one character short is 7/8 of itself, so its box needs 1/7 (0.14) more; the slack covers
    // a box that also cut into the seventh character.
    private const float Lengthen = 0.18f;

    private const double SureLonger = 0.9;

    // How much darker the darkest part of a plate's background must be than the brightest before its lifted read
    // counts. Uneven daylight and dirt measure 1.7 on half the real crops; from 1.5 to 2 the lifted read caught no
    // wrong read on the measured sets and stopped right ones (decision 022).
    private const double ShadowDepth = 2.0;

    // One sure lifted read of another plate (≥ 0.34) is enough to send the car to the guard (decision 022).
    private const double ShadowDissentWeight = 0.3;

    private readonly RecognitionSettings _settings;
    private readonly ILogger<OpenCvPlateRecognizer> _logger;
    private readonly Lazy<Engine?> _engine;
    private string _unavailableReason = "识别引擎不可用 / recognition engine unavailable";

    public OpenCvPlateRecognizer(IOptions<RecognitionSettings> settings, ILogger<OpenCvPlateRecognizer> logger)
    {
        _settings = settings.Value;
        _logger = logger;
        _engine = new Lazy<Engine?>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsAvailable => _engine.Value is not null;

    public Task<RecognitionResult> RecognizeAsync(ReadOnlyMemory<byte> image, string? localProvinces = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Recognize(image.Span, localProvinces));
    }

    public RecognitionResult Recognize(ReadOnlySpan<byte> image, string? localProvinces = null)
    {
        var clock = Stopwatch.StartNew();
        if (image.IsEmpty)
        {
            return RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片为空 / the image is empty", clock.Elapsed);
        }

        var engine = _engine.Value;
        if (engine is null)
        {
            return RecognitionResult.Failed(RecognitionStatus.Unavailable, _unavailableReason, clock.Elapsed);
        }

        var maxCandidates = Math.Clamp(_settings.MaxCandidates, 1, 32);
        var vision = engine.Vision;
        var perCandidate = vision.Timesteps * vision.Classes;
        var candidates = new PlateCandidate[maxCandidates];
        var probabilities = ArrayPool<float>.Shared.Rent(perCandidate * (maxCandidates + PlateVision.MovedReads));
        PlatePhoto? photo = null;
        try
        {
            var status = PlateVision.Open(image, _settings.MaxPixels, maxCandidates, out photo);
            if (status != PhotoStatus.Ok)
            {
                return Failure(status, clock.Elapsed);
            }

            var decoder = DecoderFor(engine, localProvinces ?? _settings.LocalProvinces);
            var checkerClasses = vision.ProvinceClasses;
            var opinions = new float[checkerClasses == 0 || _settings.ProvinceCheckerStrength <= 0 ? 0 : maxCandidates * checkerClasses];
            var reads = new PlateGrammarDecoder.Decoded?[maxCandidates];
            var count = 0;
            var bestIndex = -1;
            var rechecked = new bool[maxCandidates];
            // The finder's marks are read first, the colour and edge cues' regions only when no mark reads at
            // EnoughConfidence and holds under the recheck: most photos are spared half the work (decision 018).
            while (count < maxCandidates)
            {
                if (bestIndex >= 0 && reads[bestIndex]!.Confidence >= _settings.EnoughConfidence)
                {
                    if (!NeedsRecheck(reads[bestIndex]!) || rechecked[bestIndex])
                    {
                        break;
                    }

                    reads[bestIndex] = Recheck(vision, photo!, candidates[bestIndex], decoder, probabilities, count, Opinion(opinions, checkerClasses, bestIndex), reads[bestIndex]!);
                    rechecked[bestIndex] = true;
                    bestIndex = MostConfident(reads, count);
                    if (reads[bestIndex]!.Confidence >= _settings.EnoughConfidence)
                    {
                        continue;
                    }
                }

                var looked = vision.ReadLook(photo!, candidates.AsSpan(count), probabilities.AsSpan(count * perCandidate));
                if (looked == 0)
                {
                    break;
                }

                if (opinions.Length > 0)
                {
                    vision.CheckProvinces(photo!, candidates.AsSpan(count, looked), opinions.AsSpan(count * checkerClasses));
                }

                for (var i = count; i < count + looked; i++)
                {
                    reads[i] = decoder.Decode(probabilities.AsSpan(i * perCandidate, perCandidate), vision.Timesteps, Opinion(opinions, checkerClasses, i));
                }

                count += looked;
                bestIndex = MostConfident(reads, count);
            }

            candidates = candidates[..count];
            reads = reads[..count];
            bestIndex = bestIndex < 0 ? -1 : WholeGreenPlate(candidates, reads, bestIndex, _settings.MinConfidence);
            var best = bestIndex < 0 ? null : reads[bestIndex];
            if (best is not null && !rechecked[bestIndex] && NeedsRecheck(best))
            {
                best = Recheck(vision, photo!, candidates[bestIndex], decoder, probabilities, count, Opinion(opinions, checkerClasses, bestIndex), best);
            }

            if (best is not null && best.Confidence >= _settings.AutoOpenConfidence)
            {
                best = Unshadowed(vision, photo!, candidates[bestIndex], decoder, probabilities, count, Opinion(opinions, checkerClasses, bestIndex), best);
            }

            if (best is not null && best.Text.Length == 7 && best.Confidence >= _settings.AutoOpenConfidence)
            {
                best = WholeLongerPlate(vision, photo!, candidates[bestIndex], decoder, probabilities, count, Opinion(opinions, checkerClasses, bestIndex), best);
            }

            if (best is null || best.Confidence < _settings.MinConfidence || !PlateNumber.TryParse(best.Text, out var plate, out _))
            {
                var reason = count == 0
                    ? "未找到车牌 / no plate-shaped region in the photo"
                    : $"未能可靠读出车牌（最佳 {best?.Text ?? "-"}，置信度 {best?.Confidence ?? 0:0.00}） / no plate read with confidence (best {best?.Text ?? "-"} at {best?.Confidence ?? 0:0.00})";
                return RecognitionResult.Failed(RecognitionStatus.NoPlate, reason, clock.Elapsed);
            }

            var chosen = candidates[bestIndex];
            var read = new PlateRead(plate, best.Confidence, best.CharacterConfidences, chosen.Color, chosen.Box, best.Guesses);
            return RecognitionResult.Found(read, clock.Elapsed);
        }
        catch (OpenCVException ex)
        {
            // OpenCV refused the photo's pixels (as a corrupt image) or the networks failed: the read is not trusted.
            _logger.LogWarning(ex, "OpenCV failed while reading a photo.");
            return Failure(PhotoStatus.Corrupt, clock.Elapsed);
        }
        finally
        {
            photo?.Dispose();
            ArrayPool<float>.Shared.Return(probabilities);
        }
    }

    private PlateGrammarDecoder DecoderFor(Engine engine, string localProvinces) =>
        engine.Decoders.GetOrAdd(localProvinces, provinces => new PlateGrammarDecoder(engine.Alphabet, provinces, _settings.LocalShare,
            engine.ProvinceClasses, _settings.ProvinceCheckerStrength));

    /// <summary>The province checker's probabilities for candidate <paramref name="index"/>; empty without a checker.</summary>
    private static ReadOnlySpan<float> Opinion(float[] opinions, int classes, int index) =>
        opinions.Length == 0 ? default : opinions.AsSpan(index * classes, classes);

    private bool NeedsRecheck(PlateGrammarDecoder.Decoded read) =>
        _settings.RecheckSureReads && read.Confidence >= _settings.AutoOpenConfidence && read.Confidence < BeyondDoubt;

    private static int MostConfident(PlateGrammarDecoder.Decoded?[] reads, int count)
    {
        var best = -1;
        for (var i = 0; i < count; i++)
        {
            if (reads[i] is { } read && (best < 0 || read.Confidence > reads[best]!.Confidence))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// A read sure enough to open the gate, but not beyond doubt, is read again from its box moved a little six ways
    /// (tighter, looser, shifted, turned) and in four other lights (shadows evened out, lifted, pressed down, softened).
    /// A right read holds; a wrong one is often a coin that landed one way and lands another when the box moves or the
    /// light changes. Every moved read of another plate lowers the ceiling on the confidence by a tenth of its own
    /// confidence, so that more than one sure dissent (or several unsure ones) sends the car to the guard.
    /// </summary>
    private static PlateGrammarDecoder.Decoded Recheck(PlateVision vision, PlatePhoto photo, PlateCandidate candidate,
        PlateGrammarDecoder decoder, float[] probabilities, int count, ReadOnlySpan<float> opinion, PlateGrammarDecoder.Decoded best)
    {
        // Written after the candidates' own reads, which a later look may still need.
        var perCandidate = vision.Timesteps * vision.Classes;
        var offset = count * perCandidate;
        var moved = vision.ReadMoved(photo, candidate.Quad, probabilities.AsSpan(offset));

        // The moved reads share the checker's opinion of the unmoved box: they ask the reader again, not the checker.
        var again = new PlateGrammarDecoder.Decoded?[moved];
        for (var i = 0; i < moved; i++)
        {
            again[i] = decoder.Decode(probabilities.AsSpan(offset + i * perCandidate, perCandidate), vision.Timesteps, opinion);
        }

        return Held(best, again);
    }

    /// <summary>What a sure read keeps after the recheck: each moved read of another plate lowers the ceiling on its
    /// confidence by a tenth of its own confidence.</summary>
    internal static PlateGrammarDecoder.Decoded Held(PlateGrammarDecoder.Decoded best, IEnumerable<PlateGrammarDecoder.Decoded?> movedReads) =>
        best.Capped(1 - DissentWeight * movedReads.Where(r => r is not null && r.Text != best.Text).Sum(r => r!.Confidence));

    /// <summary>
    /// A hard shadow's edge across a character turns it into another (0→Q, G→6, 7→1, T→7) at near certainty, and the
    /// moved and relit reads, which keep the edge, agree. Before a sure read opens the gate, a plate whose background
    /// is at least <see cref="ShadowDepth"/> times darker in part is read once more with the shadow lifted.
    /// </summary>
    private static PlateGrammarDecoder.Decoded Unshadowed(PlateVision vision, PlatePhoto photo, PlateCandidate candidate,
        PlateGrammarDecoder decoder, float[] probabilities, int count, ReadOnlySpan<float> opinion, PlateGrammarDecoder.Decoded best)
    {
        var perCandidate = vision.Timesteps * vision.Classes;
        var offset = count * perCandidate;
        var depth = vision.ReadUnshadowed(photo, candidate.Quad, probabilities.AsSpan(offset));
        var read = depth > 0 ? decoder.Decode(probabilities.AsSpan(offset, perCandidate), vision.Timesteps, opinion) : null;
        return ShadowDissent(best, read, depth);
    }

    /// <summary>A lifted read of another plate, on a plate in a shadow deep enough to change a character, caps the
    /// read's confidence at 1 − <see cref="ShadowDissentWeight"/> × its own confidence; it never raises it.</summary>
    internal static PlateGrammarDecoder.Decoded ShadowDissent(PlateGrammarDecoder.Decoded best, PlateGrammarDecoder.Decoded? lifted, double depth) =>
        lifted is not null && depth >= ShadowDepth && lifted.Text != best.Text ? best.Capped(1 - ShadowDissentWeight * lifted.Confidence) : best;

    /// <summary>
    /// A new-energy plate's pale end against a light car can leave its box one character short, and the 8 characters
    /// then read, surely, as a valid 7-character plate. Before such a read opens the gate its box is read again a
    /// <see cref="Lengthen"/> longer to the right: see <see cref="LongerPlate"/>.
    /// </summary>
    private static PlateGrammarDecoder.Decoded WholeLongerPlate(PlateVision vision, PlatePhoto photo, PlateCandidate candidate,
        PlateGrammarDecoder decoder, float[] probabilities, int count, ReadOnlySpan<float> opinion, PlateGrammarDecoder.Decoded best)
    {
        var perCandidate = vision.Timesteps * vision.Classes;
        var offset = count * perCandidate;
        vision.ReadLengthened(photo, candidate.Quad, Lengthen, probabilities.AsSpan(offset));
        return LongerPlate(best, decoder.Decode(probabilities.AsSpan(offset, perCandidate), vision.Timesteps, opinion));
    }

    /// <summary>
    /// The lengthened box's read wins when it is the same characters plus one and sure in its own right; it keeps the
    /// lower of the two confidences. Past a 7-character plate's end the lengthened box sees the frame, which reads as
    /// a doubtful extra "1" (0.48–0.78 on the measured sets), below <see cref="SureLonger"/>.
    /// </summary>
    internal static PlateGrammarDecoder.Decoded LongerPlate(PlateGrammarDecoder.Decoded best, PlateGrammarDecoder.Decoded? lengthened) =>
        lengthened is not null && lengthened.Confidence >= SureLonger && OneMoreCharacter(best.Text, lengthened.Text)
            ? lengthened.Capped(best.Confidence)
            : best;

    /// <summary>
    /// A box cut short by a shadow or the green plate's pale top loses a character and the 8-character new-energy
    /// plate then reads, often confidently, as a valid 7-character one; a box never adds a character that is not
    /// there. So when another box over the same plate reads the same characters plus one, as a green plate, above
    /// the minimum confidence, that longer read is the plate (with its own, lower confidence).
    /// </summary>
    internal static int WholeGreenPlate(PlateCandidate[] candidates, PlateGrammarDecoder.Decoded?[] reads, int bestIndex, double minConfidence)
    {
        var best = reads[bestIndex]!;
        var chosen = bestIndex;
        for (var i = 0; i < reads.Length; i++)
        {
            if (reads[i] is not { } longer || longer.Confidence < minConfidence
                || (candidates[i].Color != PlateColor.Green && candidates[bestIndex].Color != PlateColor.Green)
                || !OneMoreCharacter(best.Text, longer.Text) || Overlap(candidates[i], candidates[bestIndex]) < 0.3f)
            {
                continue;
            }

            if (chosen == bestIndex || longer.Confidence > reads[chosen]!.Confidence)
            {
                chosen = i;
            }
        }

        return chosen;
    }

    /// <summary>Whether <paramref name="longer"/> is <paramref name="shorter"/> with one character added somewhere.</summary>
    private static bool OneMoreCharacter(string shorter, string longer)
    {
        if (longer.Length != shorter.Length + 1)
        {
            return false;
        }

        var k = 0;
        foreach (var ch in longer)
        {
            if (k < shorter.Length && shorter[k] == ch)
            {
                k++;
            }
        }

        return k == shorter.Length;
    }

    private static float Overlap(in PlateCandidate a, in PlateCandidate b)
    {
        var w = Math.Min(a.X + a.W, b.X + b.W) - Math.Max(a.X, b.X);
        var h = Math.Min(a.Y + a.H, b.Y + b.H) - Math.Max(a.Y, b.Y);
        var inter = Math.Max(0, w) * Math.Max(0, h);
        return inter / Math.Max(1e-3f, Math.Min(a.W * a.H, b.W * b.H));
    }

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value?.Vision.Dispose();
        }
    }

    private static RecognitionResult Failure(PhotoStatus status, TimeSpan elapsed) => status switch
    {
        PhotoStatus.Empty => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片为空 / the image is empty", elapsed),
        PhotoStatus.NotJpegOrPng => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "不是 JPEG 或 PNG 图片 / not a JPEG or PNG image", elapsed),
        PhotoStatus.Truncated => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片不完整 / the image is truncated", elapsed),
        PhotoStatus.Corrupt => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片已损坏，无法解码 / the image is corrupt and cannot be decoded", elapsed),
        PhotoStatus.TooLarge => RecognitionResult.Failed(RecognitionStatus.TooLarge, "图片像素过多 / the image has too many pixels", elapsed),
        _ => RecognitionResult.Failed(RecognitionStatus.Unavailable, $"识别引擎错误 {status} / recognition engine error {status}", elapsed),
    };

    private Engine? Load()
    {
        try
        {
            var modelPath = ResolveModel(_settings.ModelPath);
            if (modelPath is null)
            {
                _unavailableReason = $"找不到识别模型 / recognition model not found ({_settings.ModelPath ?? DefaultModel})";
                _logger.LogError("Plate recognition model not found ({Model}).", _settings.ModelPath ?? DefaultModel);
                return null;
            }

            var alphabet = ReadAlphabet(Path.ChangeExtension(modelPath, ".json"));
            var poolSize = _settings.PoolSize > 0 ? _settings.PoolSize : Environment.ProcessorCount;
            var vision = PlateVision.Load(modelPath, poolSize);
            if (vision.Classes != alphabet.Length + 1)
            {
                _unavailableReason = "识别模型与字母表不一致 / model and alphabet disagree";
                _logger.LogError("Model {Model} has {Classes} classes but its alphabet {Count} characters.", modelPath, vision.Classes, alphabet.Length);
                vision.Dispose();
                return null;
            }

            string? provinceClasses = null;
            if (vision.ProvinceClasses > 0)
            {
                provinceClasses = ReadModelCard(Path.Combine(Path.GetDirectoryName(modelPath)!, "plate-province.json"), "classes");
                if (provinceClasses.Length != vision.ProvinceClasses)
                {
                    _unavailableReason = "车牌省份校验模型与类别表不一致 / province checker and its classes disagree";
                    _logger.LogError("The province checker names {Named} classes but its card lists {Count}.", vision.ProvinceClasses, provinceClasses.Length);
                    vision.Dispose();
                    return null;
                }
            }

            _logger.LogInformation("Plate recognition ready: {Model}, {Pool} networks, province checker {Checker}.", modelPath, poolSize, provinceClasses is null ? "absent" : "loaded");
            return new Engine(vision, alphabet, provinceClasses);
        }
        catch (Exception ex) when (ex is OpenCvSharpException or DllNotFoundException or TypeInitializationException or BadImageFormatException or IOException or InvalidDataException or JsonException)
        {
            _unavailableReason = "识别引擎无法加载（OpenCV 或模型） / recognition engine cannot load (OpenCV or the models)";
            _logger.LogError(ex, "Plate recognition engine unavailable.");
            return null;
        }
    }

    internal static string? ResolveModel(string? configured)
    {
        var relative = configured ?? DefaultModel;
        if (Path.IsPathRooted(relative))
        {
            return File.Exists(relative) ? relative : null;
        }

        var beside = Path.Combine(AppContext.BaseDirectory, relative);
        return File.Exists(beside) ? beside : RepositoryFile(relative);
    }

    /// <summary>A file found by walking up from the app's folder (bin/Debug/net10.0 sits three levels below the project).</summary>
    internal static string? RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static string ReadAlphabet(string metadataPath) => ReadModelCard(metadataPath, "alphabet");

    private static string ReadModelCard(string metadataPath, string property)
    {
        using var stream = File.OpenRead(metadataPath);
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty(property).GetString()
            ?? throw new JsonException($"The model card {metadataPath} has no {property}.");
    }

    /// <param name="ProvinceClasses">What the province checker names, in its output order; null without a checker.</param>
    private sealed record Engine(PlateVision Vision, string Alphabet, string? ProvinceClasses)
    {
        /// <summary>One decoder per local-province setting in use (an admin may change it while the lot runs).</summary>
        public ConcurrentDictionary<string, PlateGrammarDecoder> Decoders { get; } = new();
    }
}
