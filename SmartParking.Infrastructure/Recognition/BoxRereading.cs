using OpenCvSharp;
using Decoded = SmartParking.Infrastructure.Recognition.PlateGrammarDecoder.Decoded;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>How a box is looked at again.</summary>
internal enum BoxChange
{
    /// <summary>Moved six ways (tighter, looser, shifted, turned) and, unmoved, in four other lights (decisions 018, 019).</summary>
    MovedAndRelit,

    /// <summary>Lengthened to the right: a new-energy plate cut one character short (decision 021).</summary>
    Lengthened,

    /// <summary>A cast shadow lifted; read only on a coloured plate whose background is in shadow (decision 022).</summary>
    Unshadowed,
}

/// <summary>
/// "Read this box again": the one operation every verification uses. The box is changed, read by the reader and decoded
/// under the grammar with the checker's opinion of the unmoved box (the reader is asked again, not the checker).
/// </summary>
internal sealed class BoxRereading(PlateReading reading, GreenPlateCalibration green)
{
    /// <summary>
    /// The reads of the changed box; <paramref name="shadowDepth"/> is how much darker the darkest part of the plate's
    /// background is than the brightest (only for <see cref="BoxChange.Unshadowed"/>; 0 and no read when the plate has
    /// no coloured background).
    /// </summary>
    public IReadOnlyList<Decoded?> ReadAgain(PlatePhoto photo, PlateCandidate candidate, BoxChange change, PlateGrammarDecoder decoder,
        ReadOnlySpan<float> opinion, out float shadowDepth)
    {
        shadowDepth = 0;
        List<Mat> crops;
        switch (change)
        {
            case BoxChange.MovedAndRelit:
                crops = BoxViews.MovedAndRelit(photo, candidate.Quad);
                break;
            case BoxChange.Lengthened:
                crops = [BoxViews.Lengthened(photo, candidate.Quad, green.LengthenBy)];
                break;
            default:
                var (depth, lifted) = BoxViews.Unshadowed(photo, candidate.Quad);
                shadowDepth = depth;
                crops = depth > 0 && lifted is not null ? [lifted] : [];
                break;
        }

        try
        {
            var probabilities = reading.Read(crops);
            try
            {
                var reads = new Decoded?[crops.Count];
                for (var i = 0; i < reads.Length; i++)
                {
                    reads[i] = decoder.Decode(probabilities.AsSpan(i * reading.BlockSize, reading.BlockSize), reading.Timesteps, opinion);
                }

                return reads;
            }
            finally
            {
                PlateReading.Return(probabilities);
            }
        }
        finally
        {
            crops.ForEach(c => c.Dispose());
        }
    }

    /// <summary>
    /// The one rule for what a read keeps after its box is read again: reading again never raises a confidence, and each
    /// read of another plate lowers the ceiling on it by <paramref name="weight"/> × that read's own confidence. So one
    /// sure dissent (or several unsure ones) sends the car to the guard; a right read that holds keeps what it had.
    /// </summary>
    public static Decoded Held(Decoded best, IEnumerable<Decoded?> again, double weight) =>
        best.Capped(1 - weight * again.Where(r => r is not null && r.Text != best.Text).Sum(r => r!.Confidence));
}
