using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Support;

/// <summary>The calibration file the product loads (models/recognition-calibration.json), read once.</summary>
public static class CommittedCalibration
{
    private static readonly Lazy<RecognitionCalibration> Loaded = new(() =>
        RecognitionCalibration.Load(OpenCvPlateRecognizer.ResolveModel(RecognitionCalibration.DefaultPath)
            ?? throw new FileNotFoundException("Calibration not found.", RecognitionCalibration.DefaultPath)));

    public static RecognitionCalibration Value => Loaded.Value;
}
