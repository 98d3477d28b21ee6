namespace SmartParking.Domain.Recognition;

/// <summary>Reads the licence plate in a camera photo. Implementations must be safe to call from many threads.</summary>
public interface IPlateRecognizer
{
    Task<RecognitionResult> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);
}
