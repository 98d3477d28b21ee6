namespace SmartParking.Domain.Recognition;

/// <summary>Reads the licence plate in a camera photo. Implementations must be safe to call from many threads.</summary>
public interface IPlateRecognizer
{
    /// <param name="localProvinces">The lot's local province characters (a blurred province is read as local); null for the configured ones.</param>
    Task<RecognitionResult> RecognizeAsync(ReadOnlyMemory<byte> image, string? localProvinces = null, CancellationToken cancellationToken = default);
}
