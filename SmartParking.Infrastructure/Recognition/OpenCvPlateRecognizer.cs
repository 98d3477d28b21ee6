using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
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

    private readonly RecognitionSettings _settings;
    private readonly RecognitionCalibration? _calibration;
    private readonly ILogger<OpenCvPlateRecognizer> _logger;
    private readonly Lazy<Engine?> _engine;
    private string _unavailableReason = "识别引擎不可用 / recognition engine unavailable";

    public OpenCvPlateRecognizer(IOptions<RecognitionSettings> settings, ILogger<OpenCvPlateRecognizer> logger)
        : this(settings, logger, null)
    {
    }

    /// <param name="calibration">Numbers to use instead of the calibration file's (the evaluation's sweeps, tests).</param>
    public OpenCvPlateRecognizer(IOptions<RecognitionSettings> settings, ILogger<OpenCvPlateRecognizer> logger, RecognitionCalibration? calibration)
    {
        _settings = settings.Value;
        _calibration = calibration;
        _logger = logger;
        _engine = new Lazy<Engine?>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsAvailable => _engine.Value is not null;

    /// <summary>The calibration in use; null when the engine could not load.</summary>
    public RecognitionCalibration? Calibration => _engine.Value?.Pipeline.Calibration;

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

        try
        {
            var outcome = engine.Pipeline.Run(image, localProvinces ?? _settings.LocalProvinces);
            if (outcome.Status != PhotoStatus.Ok)
            {
                return Failure(outcome.Status, clock.Elapsed);
            }

            var best = outcome.Best;
            if (best is null || best.Confidence < engine.Pipeline.Calibration.Decide.MinConfidence || !PlateNumber.TryParse(best.Text, out var plate, out _))
            {
                var reason = outcome.RegionsRead == 0
                    ? "未找到车牌 / no plate-shaped region in the photo"
                    : $"未能可靠读出车牌（最佳 {best?.Text ?? "-"}，置信度 {best?.Confidence ?? 0:0.00}） / no plate read with confidence (best {best?.Text ?? "-"} at {best?.Confidence ?? 0:0.00})";
                return RecognitionResult.Failed(RecognitionStatus.NoPlate, reason, clock.Elapsed);
            }

            var chosen = outcome.Chosen;
            var read = new PlateRead(plate, best.Confidence, best.CharacterConfidences, chosen.Color, chosen.Box, best.Guesses);
            return RecognitionResult.Found(read, clock.Elapsed);
        }
        catch (OpenCVException ex)
        {
            // OpenCV refused the photo's pixels (as a corrupt image) or the networks failed: the read is not trusted.
            _logger.LogWarning(ex, "OpenCV failed while reading a photo.");
            return Failure(PhotoStatus.Corrupt, clock.Elapsed);
        }
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
            var vision = PlateVision.Load(modelPath);
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

            var calibration = _calibration;
            if (calibration is null)
            {
                var calibrationPath = ResolveModel(_settings.CalibrationPath ?? RecognitionCalibration.DefaultPath);
                if (calibrationPath is null)
                {
                    _unavailableReason = "找不到识别校准文件 / recognition calibration file not found";
                    _logger.LogError("Recognition calibration not found ({Path}).", _settings.CalibrationPath ?? RecognitionCalibration.DefaultPath);
                    vision.Dispose();
                    return null;
                }

                try
                {
                    calibration = RecognitionCalibration.Load(calibrationPath);
                }
                catch (Exception ex) when (ex is JsonException or InvalidDataException)
                {
                    // A threshold missing or out of range is not guessed: the lanes fall back to the guard.
                    _unavailableReason = "识别校准文件无效 / recognition calibration file unusable: " + ex.Message;
                    _logger.LogError(ex, "Recognition calibration {Path} unusable.", calibrationPath);
                    vision.Dispose();
                    return null;
                }
                foreach (var changed in calibration.ModelsChanged(Path.GetDirectoryName(modelPath)!))
                {
                    // Still usable, but its thresholds were measured on another network: evaluate --write-calibration.
                    _logger.LogWarning("The recognition calibration was measured with another {Model}.", changed);
                }
            }

            _logger.LogInformation("Plate recognition ready: {Model}, province checker {Checker}, calibration version {Version}.", modelPath, provinceClasses is null ? "absent" : "loaded", calibration.Version);
            return new Engine(vision, new PlatePipeline(vision, alphabet, provinceClasses, calibration, _settings.MaxPixels));
        }
        catch (Exception ex) when (ex is OpenCvSharpException or OnnxRuntimeException or DllNotFoundException or TypeInitializationException or BadImageFormatException or IOException or InvalidDataException or JsonException)
        {
            _unavailableReason = "识别引擎无法加载（OpenCV、ONNX Runtime 或模型） / recognition engine cannot load (OpenCV, ONNX Runtime or the models)";
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
    public static string? RepositoryFile(string relative)
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

    private sealed record Engine(PlateVision Vision, PlatePipeline Pipeline);
}
