using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.People;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+8613812345678")]
    [InlineData("8613812345678")]
    [InlineData("0086-138-1234-5678")]
    [InlineData("138-1234-5678")]
    [InlineData("１３８１２３４５６７８")]
    public void Parse_ValidMobile_StoresElevenDigits(string input)
    {
        Assert.True(MobileNumber.TryParse(input, out var mobile, out var error), error?.ToString());

        Assert.Equal("13812345678", mobile.Value);
    }

    [Theory]
    [InlineData(null, "手机号不能为空")]
    [InlineData("138123456789", "应为 11 位，实际 12 位")]
    [InlineData("1381234567", "应为 11 位，实际 10 位")]
    [InlineData("12812345678", "13–19 开头")]
    [InlineData("23812345678", "13–19 开头")]
    [InlineData("1381234567a", "只能包含数字")]
    public void Parse_InvalidMobile_RejectsWithReason(string? input, string reason)
    {
        Assert.False(MobileNumber.TryParse(input, out var mobile, out var error));

        Assert.Null(mobile);
        Assert.Contains(reason, ErrorWords.Chinese(error));
    }

    [Fact]
    public void Masked_HidesTheMiddleFour()
    {
        var mobile = MobileNumber.Parse("13812345678");

        Assert.Equal("138****5678", mobile.Masked);
        Assert.Equal("138****5678", MobileNumber.Mask("13812345678"));
        Assert.Equal(mobile.Masked, mobile.ToString());
    }

    [Fact]
    public void Parse_Invalid_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => MobileNumber.Parse("12812345678"));
    }

    [Fact]
    public void Equality_ComparesValue()
    {
        Assert.True(MobileNumber.Parse("+86 13812345678") == MobileNumber.Parse("138-1234-5678"));
    }
}
