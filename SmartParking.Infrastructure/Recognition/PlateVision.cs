using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// The three networks (reader, plate finder, province checker) over ONNX Runtime, and nothing else: the stages around
/// them decide what to show them. ONNX Runtime runs the committed models three to four times faster on one core than
/// OpenCV's dnn, to the same outputs within 1e-4 (decision 058); OpenCV still does every image operation.
/// </summary>
internal sealed class PlateVision : IDisposable
{
    public const int InputWidth = 128;
    public const int InputHeight = 32;

    // The checker reads the left 48 columns of the reader's crop (train_province.py).
    private const int ProvinceWidth = 48;

    public static readonly Size InputSize = new(InputWidth, InputHeight);

    private readonly Network _readers;
    private readonly Network? _finders;
    private readonly Network? _checkers;

    private PlateVision(Network readers, Network? finders, Network? checkers, int timesteps, int classes, int provinceClasses)
    {
        _readers = readers;
        _finders = finders;
        _checkers = checkers;
        Timesteps = timesteps;
        Classes = classes;
        ProvinceClasses = provinceClasses;
    }

    public int Timesteps { get; }

    public int Classes { get; }

    /// <summary>How many classes the province checker names; 0 without a checker.</summary>
    public int ProvinceClasses { get; }

    public bool HasFinder => _finders is not null;

    /// <summary>
    /// Loads the reader, and the plate finder and province checker from plate-finder.onnx and plate-province.onnx beside
    /// it when they are there.
    /// </summary>
    public static PlateVision Load(string readerPath)
    {
        var folder = Path.GetDirectoryName(readerPath) ?? "";
        string finderPath = Path.Combine(folder, "plate-finder.onnx"), checkerPath = Path.Combine(folder, "plate-province.onnx");
        var readers = new Network(readerPath);
        var finders = File.Exists(finderPath) ? new Network(finderPath) : null;
        var checkers = File.Exists(checkerPath) ? new Network(checkerPath) : null;

        // One dry run gives the output shapes (and warms the networks up).
        int timesteps = 0, classes = 0, provinceClasses = 0;
        using (var blank = new Mat(InputSize, MatType.CV_8UC3, Scalar.All(0)))
        using (var output = readers.Run(blank))
        {
            if (output.Dims != 4)
            {
                throw new InvalidDataException("unexpected model output rank");
            }

            classes = output.Size(1);
            timesteps = output.Size(3);
        }

        if (checkers is not null)
        {
            using var blank = new Mat(InputHeight, ProvinceWidth, MatType.CV_8UC3, Scalar.All(0));
            using var output = checkers.Run(blank);
            provinceClasses = (int)output.Total();
        }

        return new PlateVision(readers, finders, checkers, timesteps, classes, provinceClasses);
    }

    /// <summary>
    /// The plate finder's per-cell plate probability for an image whose sides are multiples of 4 (a quarter of its
    /// resolution); null without a finder.
    /// </summary>
    public Mat? FinderProbability(Mat image)
    {
        if (_finders is null)
        {
            return null;
        }

        using var output = _finders.Run(image);
        int rows = output.Size(2), cols = output.Size(3);
        var probability = new Mat(rows, cols, MatType.CV_32F);
        unsafe
        {
            var logits = (float*)output.DataPointer;
            var p = (float*)probability.DataPointer;
            for (var i = 0; i < rows * cols; i++)
            {
                p[i] = 1.0f / (1.0f + MathF.Exp(-logits[i]));
            }
        }

        return probability;
    }

    /// <summary>
    /// The province checker's opinion of each crop's first character, from its left alone: per
    /// crop <see cref="ProvinceClasses"/> softmax probabilities (the provinces, then "no province").
    /// </summary>
    public void CheckProvinces(IReadOnlyList<Mat> crops, Span<float> probabilities)
    {
        var checkers = _checkers ?? throw new InvalidOperationException("No province checker is loaded.");
        var lefts = new List<Mat>(crops.Count);
        try
        {
            foreach (var crop in crops)
            {
                using var left = crop.ColRange(0, ProvinceWidth);
                lefts.Add(left.Clone());
            }

            using var output = checkers.Run(lefts);
            var n = ProvinceClasses;
            unsafe
            {
                var o = (float*)output.DataPointer;
                for (var i = 0; i < lefts.Count; i++)
                {
                    Softmax(new ReadOnlySpan<float>(o + i * n, n), n, 1, probabilities.Slice(i * n, n));
                }
            }
        }
        finally
        {
            lefts.ForEach(m => m.Dispose());
        }
    }

    /// <summary>Reads straightened crops in one batch; per crop T × C softmax probabilities go to <paramref name="probabilities"/>.</summary>
    public int ReadCrops(IReadOnlyList<Mat> crops, Span<float> probabilities)
    {
        using var output = _readers.Run(crops);
        // output: N × C × 1 × T → per crop T × C softmax.
        int n = output.Size(0), classes = output.Size(1), steps = output.Size(3);
        unsafe
        {
            var o = (float*)output.DataPointer;
            for (var b = 0; b < n; b++)
            {
                for (var t = 0; t < steps; t++)
                {
                    Softmax(new ReadOnlySpan<float>(o + b * classes * steps + t, (classes - 1) * steps + 1), classes, steps,
                        probabilities.Slice((b * steps + t) * classes, classes));
                }
            }
        }

        return n;
    }

    /// <summary>Softmax of <paramref name="n"/> logits <paramref name="stride"/> apart, written contiguously.</summary>
    private static void Softmax(ReadOnlySpan<float> input, int n, int stride, Span<float> output)
    {
        var max = -1e30f;
        for (var k = 0; k < n; k++)
        {
            max = Math.Max(max, input[k * stride]);
        }

        var sum = 0.0f;
        for (var k = 0; k < n; k++)
        {
            sum += output[k] = MathF.Exp(input[k * stride] - max);
        }

        for (var k = 0; k < n; k++)
        {
            output[k] /= sum;
        }
    }

    public void Dispose()
    {
        _readers.Dispose();
        _finders?.Dispose();
        _checkers?.Dispose();
    }

    /// <summary>
    /// One model in an ONNX Runtime session. A session may be run from several threads at once, so parallel photos need
    /// no pool; each run uses one thread, the most work per core, and a second photo takes the second core.
    /// </summary>
    private sealed class Network : IDisposable
    {
        private static readonly RunOptions Options = new();

        private readonly InferenceSession _session;
        private readonly string[] _inputs;
        private readonly string[] _outputs;

        public Network(string path)
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            _session = new InferenceSession(path, options);
            _inputs = [.. _session.InputNames];
            _outputs = [.. _session.OutputNames];
        }

        public Mat Run(Mat image) => Run([image]);

        /// <summary>The network's output for the images as one batch (BGR scaled to 0..1), a copy the caller owns.</summary>
        public unsafe Mat Run(IReadOnlyList<Mat> images)
        {
            // OpenCvSharp swaps red and blue by default; the networks were trained on BGR, as OpenCV decodes.
            using var blob = CvDnn.BlobFromImages(images, 1.0 / 255.0, default, default, swapRB: false, crop: false);
            long[] shape = [blob.Size(0), blob.Size(1), blob.Size(2), blob.Size(3)];
            using var input = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape,
                (IntPtr)blob.DataPointer, blob.Total() * sizeof(float));
            using var results = _session.Run(Options, _inputs, [input], _outputs);
            var output = results[0];
            var data = output.GetTensorDataAsSpan<float>();
            var copy = new Mat([.. output.GetTensorTypeAndShape().Shape.Select(d => (int)d)], MatType.CV_32F);
            data.CopyTo(new Span<float>((void*)copy.DataPointer, data.Length));
            return copy;
        }

        public void Dispose() => _session.Dispose();
    }
}
