using System.Text;

namespace SmartParking.Infrastructure.Devices;

/// <summary>
/// Frames for the RS-485 LED / voice board that hangs behind a plate camera: the camera passes them through its serial
/// port unchanged (IVS <c>serialData</c>), so the server decides what the driver reads and hears. Layout, as parking LED
/// boards commonly take it: board address, protocol version 0x64, packet number 0xFFFF (a single packet), command,
/// data length, data, CRC16/Modbus of all before it, low byte first. Text is GBK, the boards' character set.
/// </summary>
public static class LedBoard
{
    /// <summary>Show text on one line of the board until the next car (data: line number from 0, then the text).</summary>
    public const byte ShowLine = 0x62;

    /// <summary>Speak text (data: 0x01 "say now", then the text).</summary>
    public const byte Speak = 0x30;

    public const byte Version = 0x64;

    /// <summary>The boards shipped with the cameras answer at address 0 unless the installer changed it.</summary>
    public const byte DefaultAddress = 0x00;

    // A frame's length is one byte; the boards' own buffers hold about this much text.
    public const int MaxTextBytes = 200;

    private static readonly Encoding Gbk = CreateGbk();

    public static byte[] Line(int line, string text, byte address = DefaultAddress) =>
        Frame(address, ShowLine, [(byte)line, .. Fit(text)]);

    public static byte[] Voice(string text, byte address = DefaultAddress) =>
        Frame(address, Speak, [0x01, .. Fit(text)]);

    /// <summary>CRC-16/MODBUS (polynomial 0xA001 reflected, start 0xFFFF).</summary>
    public static ushort Crc16Modbus(ReadOnlySpan<byte> bytes)
    {
        ushort crc = 0xFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
        }

        return crc;
    }

    public static string Decode(ReadOnlySpan<byte> gbk) => Gbk.GetString(gbk);

    private static byte[] Frame(byte address, byte command, byte[] data)
    {
        byte[] head = [address, Version, 0xFF, 0xFF, command, (byte)data.Length];
        byte[] body = [.. head, .. data];
        var crc = Crc16Modbus(body);
        return [.. body, (byte)(crc & 0xFF), (byte)(crc >> 8)];
    }

    // Cut at a whole character: half a GBK character shows as garbage on the board.
    private static byte[] Fit(string text)
    {
        var end = text.Length;
        while (Gbk.GetByteCount(text.AsSpan(0, end)) > MaxTextBytes)
        {
            end--;
        }

        return Gbk.GetBytes(text[..end]);
    }

    private static Encoding CreateGbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936);
    }
}
