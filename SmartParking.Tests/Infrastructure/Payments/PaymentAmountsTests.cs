using SmartParking.Infrastructure.Payments;

namespace SmartParking.Tests.Infrastructure.Payments;

public class PaymentAmountsTests
{
    [Theory]
    [InlineData("0.01", 1)]
    [InlineData("0.1", 10)]
    [InlineData("5", 500)]
    [InlineData("5.00", 500)]
    [InlineData("12.50", 1250)]
    [InlineData("99999.99", 9999999)]
    [InlineData("0", 0)]
    public void Yuan_AndFen_ConvertExactly_BothWays(string yuan, long fen)
    {
        var amount = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(fen, WeChatPayAmounts.ToFen(amount));
        Assert.Equal(amount, WeChatPayAmounts.ToYuan(fen));
        Assert.Equal(amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), AlipayAmounts.Format(amount));
        Assert.Equal(amount, AlipayAmounts.Parse(AlipayAmounts.Format(amount)));
    }

    [Fact]
    public void Fen_ReadBack_AlwaysShowsTwoDecimals()
    {
        Assert.Equal("1.00", WeChatPayAmounts.ToYuan(100).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("5.005")]
    [InlineData("-1")]
    public void AFractionOfAFen_OrANegativeAmount_IsRefused_NotRounded(string yuan)
    {
        var amount = decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Throws<ArgumentOutOfRangeException>(() => WeChatPayAmounts.ToFen(amount));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlipayAmounts.Format(amount));
    }
}
