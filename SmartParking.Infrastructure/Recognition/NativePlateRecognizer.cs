using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// <see cref="IPlateRecognizer"/> over the project's native layer: OpenCV locates plate-shaped regions, the
/// project's CTC reader (ONNX, run by OpenCV dnn) reads each, and <see cref="PlateGrammarDecoder"/> picks the best
/// reading the plate grammar allows. One engine per process; its pool of networks serves parallel requests.
/// </summary>
public sealed class NativePlateRecognizer : IPlateRecognizer, IDisposable
{
    public const string DefaultModel = "models/plate-reader.onnx";

    private readonly RecognitionSettings _settings;
    private readonly ILogger<NativePlateRecognizer> _logger;
    private readonly Lazy<Engine?> _engine;
    private string _unavailableReason = "识别引擎不可用 / recognition engine unavailable";

    public NativePlateRecognizer(IOptions<RecognitionSettings> settings, ILogger<NativePlateRecognizer> logger)
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
        var perCandidate = engine.Timesteps * engine.Classes;
        var candidates = new NativeVision.Candidate[maxCandidates];
        var probabilities = ArrayPool<float>.Shared.Rent(perCandidate * maxCandidates);
        try
        {
            int count;
            unsafe
            {
                fixed (byte* data = image)
                fixed (NativeVision.Candidate* c = candidates)
                fixed (float* p = probabilities)
                {
                    count = NativeVision.Recognize(engine.Handle, data, image.Length, _settings.MaxPixels, maxCandidates, c, p, probabilities.Length);
                }
            }

            if (count < 0)
            {
                return Failure(count, clock.Elapsed);
            }

            var decoder = engine.Decoders.GetOrAdd(localProvinces ?? _settings.LocalProvinces, provinces => new PlateGrammarDecoder(engine.Alphabet, provinces, _settings.LocalShare));
            PlateGrammarDecoder.Decoded? best = null;
            var bestIndex = -1;
            for (var i = 0; i < count; i++)
            {
                var decoded = decoder.Decode(probabilities.AsSpan(i * perCandidate, perCandidate), engine.Timesteps);
                if (decoded is not null && (best is null || decoded.Confidence > best.Confidence))
                {
                    best = decoded;
                    bestIndex = i;
                }
            }

            if (best is null || best.Confidence < _settings.MinConfidence || !PlateNumber.TryParse(best.Text, out var plate, out _))
            {
                var reason = count == 0
                    ? "未找到车牌 / no plate-shaped region in the photo"
                    : $"未能可靠读出车牌（最佳 {best?.Text ?? "-"}，置信度 {best?.Confidence ?? 0:0.00}） / no plate read with confidence (best {best?.Text ?? "-"} at {best?.Confidence ?? 0:0.00})";
                return RecognitionResult.Failed(RecognitionStatus.NoPlate, reason, clock.Elapsed);
            }

            var c0 = candidates[bestIndex];
            var read = new PlateRead(
                plate,
                best.Confidence,
                best.CharacterConfidences,
                (PlateColor)Math.Clamp(c0.Color, 0, (int)PlateColor.Black),
                new PlateBox((int)MathF.Round(c0.X), (int)MathF.Round(c0.Y), (int)MathF.Round(c0.W), (int)MathF.Round(c0.H)),
                best.Guesses);
            return RecognitionResult.Found(read, clock.Elapsed);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(probabilities);
        }
    }

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value?.Handle.Dispose();
        }
    }

    private static RecognitionResult Failure(int status, TimeSpan elapsed) => status switch
    {
        NativeVision.ErrEmpty => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片为空 / the image is empty", elapsed),
        NativeVision.ErrFormat => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "不是 JPEG 或 PNG 图片 / not a JPEG or PNG image", elapsed),
        NativeVision.ErrTruncated => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片不完整 / the image is truncated", elapsed),
        NativeVision.ErrDecode => RecognitionResult.Failed(RecognitionStatus.NotAnImage, "图片已损坏，无法解码 / the image is corrupt and cannot be decoded", elapsed),
        NativeVision.ErrTooLarge => RecognitionResult.Failed(RecognitionStatus.TooLarge, "图片像素过多 / the image has too many pixels", elapsed),
        _ => RecognitionResult.Failed(RecognitionStatus.Unavailable, $"识别引擎错误 {status} / recognition engine error {status}", elapsed),
    };

    private Engine? Load()
    {
        try
        {
            NativeVision.EnsureResolver();
            var modelPath = ResolveModel(_settings.ModelPath);
            if (modelPath is null)
            {
                _unavailableReason = $"找不到识别模型 / recognition model not found ({_settings.ModelPath ?? DefaultModel})";
                _logger.LogError("Plate recognition model not found ({Model}).", _settings.ModelPath ?? DefaultModel);
                return null;
            }

            var alphabet = ReadAlphabet(Path.ChangeExtension(modelPath, ".json"));
            var poolSize = _settings.PoolSize > 0 ? _settings.PoolSize : Environment.ProcessorCount;
            Span<byte> error = stackalloc byte[512];
            int status;
            EngineHandle handle;
            unsafe
            {
                fixed (byte* e = error)
                {
                    status = NativeVision.EngineCreate(modelPath, poolSize, out handle, e, error.Length);
                }
            }

            if (status != NativeVision.Ok || handle.IsInvalid)
            {
                var message = Encoding.UTF8.GetString(error[..Math.Max(0, error.IndexOf((byte)0))]);
                _unavailableReason = "识别模型无法加载 / recognition model cannot be loaded";
                _logger.LogError("Plate recognition model {Model} failed to load: {Error}", modelPath, message);
                handle.Dispose();
                return null;
            }

            NativeVision.ModelShape(handle, out var timesteps, out var classes);
            if (classes != alphabet.Length + 1)
            {
                _unavailableReason = "识别模型与字母表不一致 / model and alphabet disagree";
                _logger.LogError("Model {Model} has {Classes} classes but its alphabet {Count} characters.", modelPath, classes, alphabet.Length);
                handle.Dispose();
                return null;
            }

            _logger.LogInformation("Plate recognition ready: {Model}, {Pool} networks.", modelPath, poolSize);
            return new Engine(handle, timesteps, classes, alphabet);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or IOException or JsonException)
        {
            _unavailableReason = "识别引擎未安装（native/ 未构建） / recognition engine missing (native/ not built)";
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
        return File.Exists(beside) ? beside : NativeVision.RepositoryFile(relative);
    }

    internal static string ReadAlphabet(string metadataPath)
    {
        using var stream = File.OpenRead(metadataPath);
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("alphabet").GetString()
            ?? throw new JsonException("The model card has no alphabet.");
    }

    private sealed record Engine(EngineHandle Handle, int Timesteps, int Classes, string Alphabet)
    {
        /// <summary>One decoder per local-province setting in use (an admin may change it while the lot runs).</summary>
        public ConcurrentDictionary<string, PlateGrammarDecoder> Decoders { get; } = new();
    }
}
