using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.People;

public class PlateNumberTests
{
    [Theory]
    [InlineData("京A12345", "京A12345", PlateKind.Standard)]
    [InlineData("粤B12345", "粤B12345", PlateKind.Standard)]
    [InlineData("苏EA7B9Z", "苏EA7B9Z", PlateKind.Standard)]
    [InlineData("粤B1234学", "粤B1234学", PlateKind.Standard)]
    [InlineData("鲁C1234挂", "鲁C1234挂", PlateKind.Standard)]
    [InlineData("粤BD12345", "粤BD12345", PlateKind.NewEnergy)]
    [InlineData("京AF12345", "京AF12345", PlateKind.NewEnergy)]
    [InlineData("京ADA1234", "京ADA1234", PlateKind.NewEnergy)]
    [InlineData("沪A12345D", "沪A12345D", PlateKind.NewEnergy)]
    [InlineData("NU123456", "NU123456", PlateKind.Legacy)]
    [InlineData(" 京a·12345 ", "京A12345", PlateKind.Standard)]
    [InlineData("京Ａ１２３４５", "京A12345", PlateKind.Standard)]
    [InlineData("nu123456", "NU123456", PlateKind.Legacy)]
    [InlineData("粤B-D1234 5", "粤BD12345", PlateKind.NewEnergy)]
    [InlineData("京A•12345", "京A12345", PlateKind.Standard)]
    public void Parse_ValidPlate_StoresNormalisedValueAndKind(string input, string value, PlateKind kind)
    {
        Assert.True(PlateNumber.TryParse(input, out var plate, out var error), error?.ToString());

        Assert.Equal(value, plate.Value);
        Assert.Equal(kind, plate.Kind);
        Assert.Equal(value, plate.ToString());
        Assert.True(plate.Value.Length <= PlateNumber.MaxLength);
    }

    [Theory]
    [InlineData(null, "车牌号不能为空")]
    [InlineData("", "车牌号不能为空")]
    [InlineData(" · ", "车牌号不能为空")]
    [InlineData("港A12345", "未知的省份简称 '港'")]
    [InlineData("京A1234I", "号码中不能含字母 I 或 O")]
    [InlineData("京AO1234", "号码中不能含字母 I 或 O")]
    [InlineData("粤O1234警", "O 字头号牌")]
    [InlineData("粤OD12345", "O 字头号牌")]
    [InlineData("京I12345", "号码中不能含字母 I 或 O")]
    [InlineData("京A1234港", "粤Z")]
    [InlineData("京AD1234A", "新能源车牌")]
    [InlineData("使01457", "使馆车牌")]
    [InlineData("京A1234", "长度不对")]
    [InlineData("京A123456789", "长度不对")]
    [InlineData("粤BA12345", "新能源车牌")]
    [InlineData("粤B12345A", "新能源车牌")]
    [InlineData("京112345", "省份后应为一个字母")]
    [InlineData("京A12$45", "无效字符 '$'")]
    [InlineData("京A1234警5", "无效字符 '警'")]
    [InlineData("京A123警5", "无效字符 '警'")]
    [InlineData("12345678", "省份简称开头")]
    [InlineData("@@@", "省份简称开头")]
    [InlineData("hello!!", "2 个字母加 6 位数字")]
    [InlineData("N1234567", "2 个字母加 6 位数字")]
    public void Parse_InvalidPlate_RejectsWithReason(string? input, string reason)
    {
        Assert.False(PlateNumber.TryParse(input, out var plate, out var error));

        Assert.Null(plate);
        Assert.Contains(reason, ErrorWords.Chinese(error));
        Assert.NotEqual(ErrorWords.Chinese(error), ErrorWords.InEnglish(error));
        Assert.StartsWith("Plate.", error.Code);
    }

    /// <summary>One plate of each kind GA 36-2018 issues, as the cars at a gate carry them.</summary>
    [Theory]
    [InlineData("京A12345", PlateSeries.Ordinary, PlateKind.Standard)]
    [InlineData("粤B3X8C6", PlateSeries.Ordinary, PlateKind.Standard)]
    [InlineData("粤O12345", PlateSeries.PublicService, PlateKind.Standard)]
    [InlineData("川OA2B57", PlateSeries.PublicService, PlateKind.Standard)]
    [InlineData("鲁C1234挂", PlateSeries.Trailer, PlateKind.Standard)]
    [InlineData("粤B1234学", PlateSeries.Coach, PlateKind.Standard)]
    [InlineData("京A1234警", PlateSeries.Police, PlateKind.Standard)]
    [InlineData("沪A1234领", PlateSeries.Consulate, PlateKind.Standard)]
    [InlineData("粤Z1234港", PlateSeries.HongKongMacau, PlateKind.Standard)]
    [InlineData("粤ZA123澳", PlateSeries.HongKongMacau, PlateKind.Standard)]
    [InlineData("使014578", PlateSeries.Embassy, PlateKind.Standard)]
    [InlineData("苏AD12345", PlateSeries.NewEnergySmall, PlateKind.NewEnergy)]
    [InlineData("京ADA1234", PlateSeries.NewEnergySmall, PlateKind.NewEnergy)]
    [InlineData("沪A12345F", PlateSeries.NewEnergyLarge, PlateKind.NewEnergy)]
    [InlineData("NU123456", PlateSeries.Legacy, PlateKind.Legacy)]
    [InlineData("KA12345", PlateSeries.Military, PlateKind.Standard)]
    [InlineData("VB00123", PlateSeries.Military, PlateKind.Standard)]
    [InlineData("军C12345", PlateSeries.Military, PlateKind.Standard)]
    [InlineData("空A12345", PlateSeries.Military, PlateKind.Standard)]
    [InlineData("WJ京1234X", PlateSeries.ArmedPolice, PlateKind.Standard)]
    [InlineData("WJ粤12345", PlateSeries.ArmedPolice, PlateKind.Standard)]
    public void Parse_EachGa36Series_IsAPlateOfItsSeries(string input, PlateSeries series, PlateKind kind)
    {
        Assert.True(PlateNumber.TryParse(input, out var plate, out var error), error?.ToString());

        Assert.Equal(series, plate.Series);
        Assert.Equal(kind, plate.Kind);
        Assert.Same(PlateGrammar.LayoutOf(plate.Value), PlateGrammar.Layouts.First(l => l.Fits(plate.Value)));
    }

    [Fact]
    public void Parse_InvalidPlate_ThrowsDomainExceptionWithReason()
    {
        var error = Assert.Throws<DomainException>(() => PlateNumber.Parse("X12"));

        Assert.Contains("省份", ErrorWords.Chinese(error));
    }

    [Fact]
    public void Equality_ComparesNormalisedValue()
    {
        var typed = PlateNumber.Parse("京ａ 12345");
        var read = PlateNumber.Parse("京A12345");

        Assert.True(typed == read);
        Assert.False(typed != read);
        Assert.Equal(read, typed);
        Assert.Equal(read.GetHashCode(), typed.GetHashCode());
        Assert.NotEqual(read, PlateNumber.Parse("京A12346"));
        Assert.False(read == null);
    }
}
