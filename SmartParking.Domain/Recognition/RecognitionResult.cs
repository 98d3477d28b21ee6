using SmartParking.Domain.People;

namespace SmartParking.Domain.Recognition;

public enum RecognitionStatus
{
    /// <summary>A plate was read under the plate grammar.</summary>
    Read,

    /// <summary>The image is fine but holds no readable plate.</summary>
    NoPlate,

    /// <summary>Not a complete JPEG or PNG: empty, truncated, corrupt or another format.</summary>
    NotAnImage,

    /// <summary>More pixels than the recognizer accepts.</summary>
    TooLarge,

    /// <summary>The engine itself is unavailable (e.g. the native library or model is missing).</summary>
    Unavailable,
}

public enum PlateColor
{
    Unknown,
    Blue,
    Yellow,
    Green,
    White,
    Black,
}

/// <summary>Axis-aligned box of the plate in the photo's pixels.</summary>
public readonly record struct PlateBox(int X, int Y, int Width, int Height);

/// <summary>Another reading of the same plate, for a guard to pick from when the best one is doubtful.</summary>
public sealed record PlateGuess(string Text, double Confidence);

/// <summary>A plate read under the grammar, with a confidence per character and overall (0..1).</summary>
public sealed record PlateRead(
    PlateNumber Plate,
    double Confidence,
    IReadOnlyList<double> CharacterConfidences,
    PlateColor Color,
    PlateBox Box,
    IReadOnlyList<PlateGuess> TopGuesses);

public sealed record RecognitionResult(RecognitionStatus Status, PlateRead? Plate, string? Reason, TimeSpan Elapsed)
{
    public static RecognitionResult Found(PlateRead plate, TimeSpan elapsed) => new(RecognitionStatus.Read, plate, null, elapsed);

    public static RecognitionResult Failed(RecognitionStatus status, string reason, TimeSpan elapsed) => new(status, null, reason, elapsed);
}
