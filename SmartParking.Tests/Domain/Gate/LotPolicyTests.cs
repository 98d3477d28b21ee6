using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.Gate;

public sealed class LotPolicyTests
{
    [Theory]
    [InlineData("皖", "皖")]
    [InlineData(" 京, 津，冀 ", "京津冀")]
    [InlineData("皖皖", "皖")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Create_LocalProvinces_AreKeptAsPlainProvinceCharacters(string? typed, string kept)
    {
        Assert.Equal(kept, LotPolicy.Create(200, 80m, 20m, 48, typed).LocalProvinces);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("皖X")]
    [InlineData("学")]
    [InlineData("京津冀晋蒙辽")]
    public void Create_SomethingThatIsNotAProvince_IsRefusedNamingTheField(string typed)
    {
        var error = Assert.Throws<DomainException>(() => LotPolicy.Create(200, 80m, 20m, 48, typed));

        Assert.Contains("本地省份", ErrorWords.Chinese(error));
    }
}
