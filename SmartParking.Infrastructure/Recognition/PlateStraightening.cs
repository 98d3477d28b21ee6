using OpenCvSharp;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Stage 3, straighten: each region, widened by the margins the reader was trained with, warped to the reader's
/// 128×32; its candidate keeps the corners in the photo's own pixels and the plate's colour.
/// </summary>
internal static class PlateStraightening
{
    /// <summary>The crops of <paramref name="regions"/>, which the caller disposes; their candidates go to <paramref name="candidates"/>.</summary>
    public static List<Mat> Straighten(PlatePhoto photo, IReadOnlyList<PlateRegion> regions, Span<PlateCandidate> candidates)
    {
        var crops = new List<Mat>(regions.Count);
        var image = photo.Image;
        var back = photo.Back;
        for (var i = 0; i < regions.Count; i++)
        {
            var crop = PlateLocator.Straighten(image, regions[i], PlateVision.InputSize, out var corners);
            crops.Add(crop);
            float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
            foreach (var c in corners)
            {
                minX = Math.Min(minX, c.X);
                maxX = Math.Max(maxX, c.X);
                minY = Math.Min(minY, c.Y);
                maxY = Math.Max(maxY, c.Y);
            }

            minX = Math.Max(0.0f, minX);
            minY = Math.Max(0.0f, minY);
            maxX = Math.Min(image.Cols, maxX);
            maxY = Math.Min(image.Rows, maxY);
            candidates[i] = new PlateCandidate(minX * back, minY * back, (maxX - minX) * back, (maxY - minY) * back,
                [.. corners.Select(c => PlateLocator.Scale(c, back))],
                regions[i].Color != PlateColor.Unknown ? regions[i].Color : PlateLocator.ClassifyColor(crop),
                regions[i].Score);
        }

        return crops;
    }
}
