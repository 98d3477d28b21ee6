using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Recognition;

namespace SmartParking.Tests.Recognition;

/// <summary>Images the tests make themselves: plates drawn by the native layer, and hand-built PNG/JPEG files.</summary>
public static class TestImages
{
    public static byte[] PlateCrop(string plate, PlateColor color) => PlateImages.Render(plate, color, plateWidth: 200);

    public static byte[] PlateScene(string plate, PlateColor color) => PlateImages.Render(plate, color, plateWidth: 180, sceneWidth: 800, sceneHeight: 600);

    /// <summary>A valid greyscale PNG of any size (rows of one value compress to almost nothing).</summary>
    public static byte[] GreyPng(int width, int height, byte value = 128)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(output, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[width + 1];
                Array.Fill(row, value, 1, width);
                for (var y = 0; y < height; y++)
                {
                    z.Write(row);
                }
            }

            Chunk(output, "IDAT", raw.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
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
