using System.Text;
using SmartParking.Infrastructure.Devices;

namespace SmartParking.Tests.Infrastructure.Devices;

/// <summary>The frames a lane's LED board takes: a wrong checksum or a split character leaves the driver a blank or garbled board.</summary>
public sealed class LedBoardTests
{
    [Fact]
    public void TheChecksum_IsCrc16Modbus()
    {
        // The catalogued check value of CRC-16/MODBUS over "123456789".
        Assert.Equal(0x4B37, LedBoard.Crc16Modbus(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void ChineseText_GoesOutInGbk_TwoBytesACharacter()
    {
        var frame = LedBoard.Line(1, "欢迎光临");

        Assert.Equal(1 + 8, frame[5]);
        Assert.Equal(1, frame[6]);
        Assert.Equal([0xBB, 0xB6, 0xD3, 0xAD, 0xB9, 0xE2, 0xC1, 0xD9], frame[7..^2]);
    }

    [Fact]
    public void TooLongAText_IsCutAtAWholeCharacter_AndTheFrameStillChecksOut()
    {
        var frame = LedBoard.Voice("请" + new string('缴', 150));

        var text = frame[7..^2];
        Assert.Equal(LedBoard.MaxTextBytes, text.Length);
        Assert.Equal(new string('缴', 99), LedBoard.Decode(text)[1..]);
        var crc = LedBoard.Crc16Modbus(frame.AsSpan(0, frame.Length - 2));
        Assert.Equal(((byte)(crc & 0xFF), (byte)(crc >> 8)), (frame[^2], frame[^1]));
    }
}
