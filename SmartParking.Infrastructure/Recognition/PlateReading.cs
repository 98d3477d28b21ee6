using System.Buffers;
using OpenCvSharp;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Stage 4, read: straightened crops through the CTC reader in one batch (per crop <see cref="Timesteps"/> ×
/// <see cref="Classes"/> probabilities), and the candidates' left ends through the province checker.
/// </summary>
internal sealed class PlateReading(PlateVision vision)
{
    public int Timesteps => vision.Timesteps;

    public int Classes => vision.Classes;

    /// <summary>Probabilities per read: one block of this size per crop.</summary>
    public int BlockSize => vision.Timesteps * vision.Classes;

    public int ProvinceClasses => vision.ProvinceClasses;

    /// <summary>
    /// The reader's probabilities for each crop, one block after another, in a buffer rented from the shared pool (ten
    /// crops' blocks would land on the large-object heap at every recheck); the caller returns it with <see cref="Return"/>.
    /// </summary>
    public float[] Read(IReadOnlyList<Mat> crops)
    {
        var probabilities = ArrayPool<float>.Shared.Rent(Math.Max(1, crops.Count * BlockSize));
        if (crops.Count > 0)
        {
            vision.ReadCrops(crops, probabilities);
        }

        return probabilities;
    }

    public static void Return(float[] probabilities) => ArrayPool<float>.Shared.Return(probabilities);

    /// <summary>
    /// The province checker's opinion of each candidate's first character, from the box as the candidate records it;
    /// <see cref="ProvinceClasses"/> probabilities per candidate.
    /// </summary>
    public float[] CheckProvinces(PlatePhoto photo, ReadOnlySpan<PlateCandidate> candidates)
    {
        var opinions = new float[candidates.Length * ProvinceClasses];
        var crops = new List<Mat>(candidates.Length);
        try
        {
            foreach (var candidate in candidates)
            {
                crops.Add(PlateLocator.WarpQuad(photo.Image, photo.Decoded(candidate.Quad), PlateVision.InputSize));
            }

            vision.CheckProvinces(crops, opinions);
            return opinions;
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }
}
