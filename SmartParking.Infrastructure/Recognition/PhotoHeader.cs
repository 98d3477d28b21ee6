using System.Buffers.Binary;

namespace SmartParking.Infrastructure.Recognition;

/// <summary>Why a photo was not opened; <see cref="Ok"/> when it was.</summary>
internal enum PhotoStatus
{
    Ok,
    Empty,
    NotJpegOrPng,
    Truncated,
    TooLarge,
    Corrupt,
}

/// <summary>
/// The size and format of a JPEG or PNG read from its header, without decoding: a photo that is not complete or has
/// too many pixels is refused before OpenCV spends time or memory on it.
/// </summary>
internal readonly record struct PhotoHeader(int Width, int Height, bool IsJpeg)
{
    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static PhotoStatus Probe(ReadOnlySpan<byte> data, out PhotoHeader header)
    {
        header = default;
        if (data.IsEmpty)
        {
            return PhotoStatus.Empty;
        }

        if (data.Length >= 8 && data[..8].SequenceEqual(PngMagic))
        {
            return ProbePng(data, out header);
        }

        return data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF ? ProbeJpeg(data, out header) : PhotoStatus.NotJpegOrPng;
    }

    private static PhotoStatus ProbePng(ReadOnlySpan<byte> d, out PhotoHeader header)
    {
        header = default;
        if (d.Length < 33)
        {
            return PhotoStatus.Truncated;
        }

        if (!d.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return PhotoStatus.NotJpegOrPng;
        }

        header = new PhotoHeader(
            (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(d[16..]), int.MaxValue),
            (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(d[20..]), int.MaxValue),
            IsJpeg: false);
        // A complete PNG ends with the IEND chunk (length 0, "IEND", CRC).
        return d.Length < 45 || !d.Slice(d.Length - 8, 4).SequenceEqual("IEND"u8) ? PhotoStatus.Truncated : PhotoStatus.Ok;
    }

    private static PhotoStatus ProbeJpeg(ReadOnlySpan<byte> d, out PhotoHeader header)
    {
        header = default;
        var i = 2;
        var haveSize = false;
        while (i + 4 <= d.Length)
        {
            if (d[i] != 0xFF)
            {
                return haveSize ? PhotoStatus.Truncated : PhotoStatus.Corrupt;
            }

            var marker = d[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker is 0xD8 or >= 0xD0 and <= 0xD7 or 0x01)
            {
                i += 2;
                continue;
            }

            if (marker == 0xD9)
            {
                break;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            if (length < 2)
            {
                return PhotoStatus.Corrupt;
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 > d.Length)
                {
                    return PhotoStatus.Truncated;
                }

                header = new PhotoHeader(BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]), IsJpeg: true);
                haveSize = true;
            }

            if (marker == 0xDA)
            {
                break; // entropy-coded data follows
            }

            i += 2 + length;
        }

        if (!haveSize)
        {
            return PhotoStatus.Truncated;
        }

        // A complete JPEG ends with EOI (FFD9), allowing for a little trailing padding.
        var tail = Math.Max(2, d.Length - 64);
        for (var j = d.Length - 2; j >= tail - 2 && j >= 0; j--)
        {
            if (d[j] == 0xFF && d[j + 1] == 0xD9)
            {
                return PhotoStatus.Ok;
            }
        }

        return PhotoStatus.Truncated;
    }
}
