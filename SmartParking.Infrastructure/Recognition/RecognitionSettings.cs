namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Section <c>Recognition</c> of the configuration: where the models are and what this lot and machine need. The
/// pipeline's thresholds are not here but in the calibration file beside the models (<see cref="RecognitionCalibration"/>).
/// </summary>
public sealed class RecognitionSettings
{
    /// <summary>The reader model (ONNX); its alphabet sits beside it in a .json of the same name.</summary>
    public string? ModelPath { get; set; }

    /// <summary>The calibration file; default <c>models/recognition-calibration.json</c>.</summary>
    public string? CalibrationPath { get; set; }

    /// <summary>Photos with more pixels are refused before decoding (a 50-megapixel upload must not stall the lot).</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>
    /// Province characters of the lot's own area, e.g. "皖" for a community in Hefei; empty reads every province as
    /// equally likely. A blurred province character is then read as local unless the photo clearly says otherwise.
    /// </summary>
    public string LocalProvinces { get; set; } = "";
}
