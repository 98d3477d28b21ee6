using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

/// <summary>The thresholds come from one file beside the models, measured with those models; a broken file is refused.</summary>
public sealed class RecognitionCalibrationTests
{
    private static string CommittedPath => OpenCvPlateRecognizer.ResolveModel(RecognitionCalibration.DefaultPath)!;

    [Fact]
    public void CommittedCalibration_WasMeasuredWithTheCommittedModels_OnTheDevelopmentSets()
    {
        var calibration = CommittedCalibration.Value;

        Assert.Empty(calibration.Problems());
        Assert.Empty(calibration.ModelsChanged(Path.GetDirectoryName(CommittedPath)!));
        Assert.Contains("plate-reader.onnx", calibration.Models.Keys);
        Assert.Contains("toll", calibration.Measured.Keys);
    }

    [Fact]
    public async Task CalibrationWithAThresholdMissing_LeavesTheEngineUnavailable_AndSaysWhy()
    {
        var json = JsonNode.Parse(File.ReadAllText(CommittedPath))!;
        json["decide"]!.AsObject().Remove("minConfidence");
        var path = Path.Combine(Path.GetTempPath(), $"calibration-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json.ToJsonString());
        try
        {
            using var recognizer = new OpenCvPlateRecognizer(Options.Create(new RecognitionSettings { CalibrationPath = path }), NullLogger<OpenCvPlateRecognizer>.Instance);

            var result = await recognizer.RecognizeAsync(TestImages.PlateCrop("京A12345", PlateColor.Blue));

            Assert.Equal(RecognitionStatus.Unavailable, result.Status);
            Assert.Contains("calibration", result.Reason);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CalibrationOfAnotherVersion_IsRefused()
    {
        var problems = (CommittedCalibration.Value with { Version = RecognitionCalibration.CurrentVersion + 1 }).Problems();

        Assert.Contains(problems, p => p.Contains("version"));
    }
}
