using OpenCvSharp;
using SmartParking.Domain.Recognition;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>
/// A plate-shaped region offered to the reader: a rotated rect in image coordinates and, when its outline was found,
/// its own four corners (tl, tr, br, bl), which keep the perspective. <paramref name="Mark"/> numbers the region a look
/// found, which its second looks (refined, by its corners, grown) share: a look is read one mark at a time.
/// </summary>
internal sealed record PlateRegion(RotatedRect Rect, PlateColor Color, float Score, Point2f[]? Quad = null, int Mark = 0);

/// <summary>A region as read: its box and corners in the photo's own pixels, its colour and how surely it was found.</summary>
internal readonly record struct PlateCandidate(float X, float Y, float W, float H, Point2f[] Quad, PlateColor Color, float Score)
{
    public PlateBox Box => new((int)MathF.Round(X), (int)MathF.Round(Y), (int)MathF.Round(W), (int)MathF.Round(H));
}
