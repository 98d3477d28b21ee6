using OpenCvSharp;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// Stage 1, decode: the header is checked before a pixel is decoded (not JPEG/PNG, truncated, too many pixels), large
/// JPEGs are decoded at a reduced scale, and a photo that is itself plate-shaped is marked as a camera's crop.
/// </summary>
internal sealed class PhotoDecoding(PhotoCalibration calibration, long maxPixels)
{
    /// <summary>Checks and decodes; at most <paramref name="budget"/> regions will be read over all looks.</summary>
    public PhotoStatus Open(ReadOnlySpan<byte> data, int budget, out PlatePhoto? photo)
    {
        photo = null;
        var status = Decode(data, out var image, out var back);
        if (status != PhotoStatus.Ok)
        {
            return status;
        }

        var aspect = (double)image!.Cols / image.Rows;
        var isCrop = aspect >= calibration.CropMinAspect && aspect <= calibration.CropMaxAspect && image.Cols <= calibration.CropMaxWidth;
        photo = new PlatePhoto(image, back, isCrop, budget);
        return PhotoStatus.Ok;
    }

    /// <summary>Checks the header, then decodes; <paramref name="back"/> scales decoded pixels to the photo's own.</summary>
    public PhotoStatus Decode(ReadOnlySpan<byte> data, out Mat? image, out float back)
    {
        image = null;
        back = 1.0f;
        var status = PhotoHeader.Probe(data, out var header);
        if (status != PhotoStatus.Ok)
        {
            return status;
        }

        if (header.Width <= 0 || header.Height <= 0)
        {
            return PhotoStatus.Corrupt;
        }

        var pixels = (long)header.Width * header.Height;
        if (maxPixels > 0 && pixels > maxPixels)
        {
            return PhotoStatus.TooLarge;
        }

        var mode = header.IsJpeg && pixels > calibration.QuarterScaleAbovePixels ? ImreadModes.ReducedColor4
            : header.IsJpeg && pixels > calibration.HalfScaleAbovePixels ? ImreadModes.ReducedColor2
            : ImreadModes.Color;
        try
        {
            image = Cv2.ImDecode(data, mode);
        }
        catch (OpenCVException)
        {
            image?.Dispose();
            image = null;
        }

        if (image is null || image.Empty())
        {
            image?.Dispose();
            image = null;
            return PhotoStatus.Corrupt;
        }

        back = (float)header.Width / image.Cols;
        return PhotoStatus.Ok;
    }
}

/// <summary>A decoded photo between its looks, possibly decoded at a reduced scale.</summary>
internal sealed class PlatePhoto(Mat image, float back, bool isCrop, int budget) : IDisposable
{
    private PlateScene? _scene;

    public Mat Image { get; } = image;

    /// <summary>Decoded pixels → the photo's own.</summary>
    public float Back { get; } = back;

    /// <summary>The photo is itself plate-shaped: a camera's plate crop.</summary>
    public bool IsCrop { get; } = isCrop;

    /// <summary>Looks taken so far.</summary>
    public int Pass { get; set; }

    /// <summary>Candidates still allowed.</summary>
    public int Budget { get; set; } = budget;

    /// <summary>The regions of the current look not read yet, one list per mark.</summary>
    public Queue<List<PlateRegion>> Unread { get; } = new();

    /// <summary>Prepared on first need, shared by both looks.</summary>
    public PlateScene Scene => _scene ??= new PlateScene(Image);

    /// <summary>A candidate's corners (in the photo's own pixels) in the decoded image's.</summary>
    public Point2f[] Decoded(Point2f[] quad) => [.. quad.Select(q => new Point2f(q.X / Back, q.Y / Back))];

    public void Dispose()
    {
        _scene?.Dispose();
        Image.Dispose();
    }
}
