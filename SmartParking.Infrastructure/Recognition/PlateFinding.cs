using OpenCvSharp;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Stage 2, find: where the plates in a photo may be, in two looks (decision 018). The first look is the plate finder
/// network's marks (for a photo that is already a plate crop, the whole image and its tilted text line); the second,
/// taken only when the first gave no sure read, the colour and edge cues'. Each region is also offered refined by its
/// own colour, and a green one grown upwards (<see cref="GreenPlateCompletion"/>).
/// </summary>
internal sealed class PlateFinding(PlateVision vision, FindCalibration calibration, GreenPlateCompletion green)
{
    // The finder was trained on photos of this size on their longest side (train_detector.py): a model contract.
    private const int FinderLongest = 416;

    /// <summary>
    /// The next regions to read, at most <paramref name="limit"/>: the next mark of the current look (the region and
    /// its second looks), or of the next look when this one is read; empty when no look is left. A look is read a mark
    /// at a time, surest first, because the first mark is the plate on most photos: a sure read of it that holds
    /// spares reading the others (docs/recognition.md, "Latency").
    /// </summary>
    public List<PlateRegion> NextLook(PlatePhoto photo, int limit)
    {
        while (photo.Unread.Count == 0 && photo.Pass < 2 && photo.Budget > 0)
        {
            var look = photo.Pass == 0 ? FirstLook(photo, limit) : PlateLocator.OfferCued(photo.Scene, limit, calibration, green);
            photo.Pass++;
            if (look.Count > limit)
            {
                look.RemoveRange(limit, look.Count - limit);
            }

            foreach (var mark in look.GroupBy(r => r.Mark))
            {
                photo.Unread.Enqueue([.. mark]);
            }
        }

        var regions = photo.Unread.Count > 0 ? photo.Unread.Dequeue() : [];
        if (regions.Count > limit)
        {
            regions.RemoveRange(limit, regions.Count - limit);
        }

        photo.Budget -= regions.Count;
        return regions;
    }

    /// <summary>What the finder network alone marks in an image, surest first (no second looks).</summary>
    public List<PlateRegion> Marked(Mat image)
    {
        var scale = (double)FinderLongest / Math.Max(image.Cols, image.Rows);
        var w = Math.Max(16, (int)Math.Round(image.Cols * scale / 4.0, MidpointRounding.AwayFromZero) * 4);
        var h = Math.Max(16, (int)Math.Round(image.Rows * scale / 4.0, MidpointRounding.AwayFromZero) * 4);
        using var small = new Mat();
        Cv2.Resize(image, small, new Size(w, h), 0, 0, InterpolationFlags.Area);
        using var probability = vision.FinderProbability(small);
        return probability is null ? [] : PlateLocator.PlatesInMask(probability, (float)image.Cols / w, calibration);
    }

    private List<PlateRegion> FirstLook(PlatePhoto photo, int limit)
    {
        var image = photo.Image;
        if (photo.IsCrop)
        {
            // The whole crop, less the margins Straighten adds back: the reader was trained with them.
            var whole = new RotatedRect(new Point2f(image.Cols / 2.0f, image.Rows / 2.0f), new Size2f(image.Cols / 1.06f, image.Rows / 1.18f), 0.0f);
            var regions = new List<PlateRegion> { new(whole, PlateColor.Unknown, 1.0f) };
            if (limit > 1 && PlateLocator.TiltedTextLine(image, calibration) is { } level)
            {
                regions.Add(level);
            }

            return regions;
        }

        var marked = Marked(image);
        return marked.Count == 0 ? [] : PlateLocator.OfferMarked(photo.Scene, marked, limit, calibration, green);
    }
}
