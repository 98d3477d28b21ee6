using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SmartParking.Domain.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Recognition;

/// <summary>Images the tests make themselves: plates drawn from the glyph atlas, and hand-built PNG/JPEG files.</summary>
public static class TestImages
{
    public static byte[] PlateCrop(string plate, PlateColor color) => PlateImages.Render(plate, color, plateWidth: 200);

    public static byte[] PlateScene(string plate, PlateColor color) => PlateImages.Render(plate, color, plateWidth: 180, sceneWidth: 800, sceneHeight: 600);

    /// <summary>The PNG photo with a second PNG (another plate) pasted in at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static byte[] WithPasted(byte[] png, byte[] pasted, int x, int y)
    {
        var (width, height, rgb) = ReadRgbPng(png);
        var (w, h, patch) = ReadRgbPng(pasted);
        for (var row = 0; row < h && y + row < height; row++)
        {
            var cols = Math.Min(w, width - x);
            patch.AsSpan(row * w * 3, cols * 3).CopyTo(rgb.AsSpan(((y + row) * width + x) * 3, cols * 3));
        }

        return Png(width, height, 2, width * 3, (r, line) => rgb.AsSpan(r * width * 3, width * 3).CopyTo(line));
    }

    /// <summary>A valid greyscale PNG of any size (rows of one value compress to almost nothing).</summary>
    public static byte[] GreyPng(int width, int height, byte value = 128) =>
        Png(width, height, 0, width, (_, row) => row.Fill(value));

    /// <summary>
    /// The PNG photo with everything right of a slanting line darkened to <paramref name="light"/> of itself: the hard
    /// edge of a cast shadow across a plate, as a tree or a pillar throws it at the gate.
    /// </summary>
    public static byte[] InShadow(byte[] png, double light)
    {
        var (width, height, rgb) = ReadRgbPng(png);
        for (var y = 0; y < height; y++)
        {
            var edge = width * (0.42 + 0.16 * y / height);
            for (var x = (int)Math.Ceiling(edge); x < width; x++)
            {
                for (var k = 0; k < 3; k++)
                {
                    var at = (y * width + x) * 3 + k;
                    rgb[at] = (byte)Math.Round(rgb[at] * light);
                }
            }
        }

        return Png(width, height, 2, width * 3, (y, row) => rgb.AsSpan(y * width * 3, width * 3).CopyTo(row));
    }

    private static byte[] Png(int width, int height, byte colourType, int stride, Action<int, Span<byte>> fillRow)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = colourType;
        Chunk(output, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[stride + 1]; // filter byte 0: the row as it is
                for (var y = 0; y < height; y++)
                {
                    fillRow(y, row.AsSpan(1));
                    z.Write(row);
                }
            }

            Chunk(output, "IDAT", raw.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>The pixels of an 8-bit RGB PNG as OpenCV writes it (not interlaced; any row filters).</summary>
    private static (int Width, int Height, byte[] Rgb) ReadRgbPng(byte[] png)
    {
        int width = 0, height = 0;
        using var packed = new MemoryStream();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var data = png.AsSpan(at + 8, length);
            switch (Encoding.ASCII.GetString(png, at + 4, 4))
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    if (data[8] != 8 || data[9] != 2 || data[12] != 0)
                    {
                        throw new NotSupportedException("Only 8-bit RGB PNGs without interlacing.");
                    }

                    break;
                case "IDAT":
                    packed.Write(data);
                    break;
            }

            at += 12 + length;
        }

        packed.Position = 0;
        using var z = new ZLibStream(packed, CompressionMode.Decompress);
        var stride = width * 3;
        var rgb = new byte[stride * height];
        var row = new byte[stride + 1];
        for (var y = 0; y < height; y++)
        {
            z.ReadExactly(row);
            var line = rgb.AsSpan(y * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= 3 ? line[i - 3] : 0, up = y > 0 ? rgb[(y - 1) * stride + i] : 0, upLeft = y > 0 && i >= 3 ? rgb[(y - 1) * stride + i - 3] : 0;
                var predicted = row[0] switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row filter {row[0]}."),
                };
                line[i] = (byte)(row[i + 1] + predicted);
            }
        }

        return (width, height, rgb);
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        var p = left + up - upLeft;
        int pa = Math.Abs(p - left), pb = Math.Abs(p - up), pc = Math.Abs(p - upLeft);
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }

    /// <summary>The start of a baseline JPEG whose frame header claims the given size; no image data follows.</summary>
    public static byte[] JpegHeaderOnly(int width, int height)
    {
        byte[] sof = [0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        return [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0, .. sof, 0xFF, 0xD9];
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc32(typeBytes, data);
        BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        output.Write(length);
    }

    private static uint Crc32(byte[] type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type.Concat(data))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
