using System.Globalization;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.People;

public class ChineseIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData(" 110105 19491231 002X ")]
    public void Parse_KnownValidNumber_UpperCasesCheckChar(string input)
    {
        Assert.True(ChineseIdNumber.TryParse(input, out var id, out var error), error?.ToString());

        Assert.Equal("11010519491231002X", id.Value);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
    }

    [Theory]
    [InlineData("440305", "19900101", "123")]
    [InlineData("310101", "20000229", "045")]
    [InlineData("510104", "19000101", "999")]
    [InlineData("110105", "20240229", "001")]
    public void Parse_NumberWithComputedCheckChar_IsValid(string area, string birth, string sequence)
    {
        var number = WithCheckChar(area + birth + sequence);

        var id = ChineseIdNumber.Parse(number);

        Assert.Equal(number, id.Value);
        Assert.Equal(birth, id.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_ManyGeneratedNumbers_AgreesWithIndependentCheckCharAndRejectsEveryOtherChar()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var birth = new DateOnly(1900, 1, 1).AddDays(random.Next(0, 45_000));
            var number = WithCheckChar($"{random.Next(110000, 660000)}{birth:yyyyMMdd}{random.Next(0, 1000):000}");

            Assert.True(ChineseIdNumber.TryParse(number, out _, out var error), $"{number}: {error}");
            foreach (var wrong in "0123456789X".Where(c => c != number[17]))
            {
                Assert.False(ChineseIdNumber.TryParse(number[..17] + wrong, out _, out _), number[..17] + wrong);
            }
        }
    }

    [Theory]
    [InlineData(null, "身份证号不能为空")]
    [InlineData("  ", "身份证号不能为空")]
    [InlineData("11010519491231002", "应为 18 位，实际 17 位")]
    [InlineData("11010519491231002X1", "应为 18 位，实际 19 位")]
    [InlineData("1101051949123100AX", "前 17 位必须是数字")]
    [InlineData("11010519491231002Y", "最后一位应为数字或 X")]
    [InlineData("110105194912310021", "校验位不对")]
    public void Parse_MalformedNumber_RejectsWithReason(string? input, string reason)
    {
        Assert.False(ChineseIdNumber.TryParse(input, out var id, out var error));

        Assert.Null(id);
        Assert.Contains(reason, ErrorWords.Chinese(error));
    }

    [Theory]
    [InlineData("19990230", "不是有效日期")]
    [InlineData("19991301", "不是有效日期")]
    [InlineData("18991231", "早于 1900 年")]
    [InlineData("21010101", "晚于 2100 年")]
    public void Parse_ImpossibleBirthDate_RejectsEvenWithValidCheckChar(string birth, string reason)
    {
        Assert.False(ChineseIdNumber.TryParse(WithCheckChar($"110105{birth}123"), out _, out var error));

        Assert.Contains(reason, ErrorWords.Chinese(error));
    }

    [Fact]
    public void Parse_FutureBirthDate_RejectedOnlyWhenTodayIsKnown()
    {
        var number = WithCheckChar("11010520300101123");
        var today = new DateOnly(2025, 6, 1);

        Assert.True(ChineseIdNumber.TryParse(number, out _, out _));
        Assert.False(ChineseIdNumber.TryParse(number, today, out _, out var error));
        Assert.Contains("晚于今天", ErrorWords.Chinese(error));
        Assert.Throws<DomainException>(() => ChineseIdNumber.Parse(number, today));
        Assert.True(ChineseIdNumber.TryParse(WithCheckChar("11010520250601123"), today, out _, out _));
    }

    [Fact]
    public void Masked_ShowsAreaPrefixAndLastFourOnly()
    {
        var id = ChineseIdNumber.Parse("11010519491231002X");

        Assert.Equal("110***********002X", id.Masked);
        Assert.Equal(id.Masked, id.ToString());
        Assert.Equal("110***********1234", ChineseIdNumber.Mask("110105199001011234"));
    }

    [Fact]
    public void Equality_ComparesValue()
    {
        Assert.True(ChineseIdNumber.Parse("11010519491231002x") == ChineseIdNumber.Parse("11010519491231002X"));
    }

    [Fact]
    public void Parse_Invalid_ThrowsDomainException()
    {
        Assert.Throws<DomainException>(() => ChineseIdNumber.Parse("110105194912310021"));
    }

    // ISO 7064 MOD 11-2 from its definition (weights 2^(17-i) mod 11), not from the production tables.
    private static string WithCheckChar(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * (int)(Math.Pow(2, 17 - i) % 11);
        }

        var check = (12 - sum % 11) % 11;
        return first17 + (check == 10 ? "X" : check.ToString(CultureInfo.InvariantCulture));
    }
}
