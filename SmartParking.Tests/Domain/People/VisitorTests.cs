using SmartParking.Domain.Common;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.People;

public class VisitorTests
{
    private static readonly DateTime Registered = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, true)]
    [InlineData(60 * 24 - 1, true)]
    [InlineData(60 * 24, false)]
    [InlineData(60 * 48, false)]
    public void IsStillValid_ExpiresAfterValidity(int minutesLater, bool valid)
    {
        var visitor = Register();

        Assert.Equal(valid, visitor.IsStillValid(Registered.AddMinutes(minutesLater), TimeSpan.FromDays(1)));
    }

    [Fact]
    public void IsStillValid_NonPositiveValidity_Throws()
    {
        Assert.Throws<DomainException>(() => Register().IsStillValid(Registered, TimeSpan.Zero));
    }

    [Fact]
    public void Register_KeepsValidatedValues()
    {
        var visitor = Register();

        Assert.Equal("赵六", visitor.Name);
        Assert.Equal("11010519491231002X", visitor.IdNumber);
        Assert.Equal("13912345678", visitor.Mobile);
        Assert.Equal(PlateNumber.Parse("沪A12345D"), visitor.Plate);
        Assert.Equal(Registered, visitor.RegisteredUtc);
    }

    private static Visitor Register() => Visitor.Register(Guid.NewGuid(), 
        "赵六",
        ChineseIdNumber.Parse("11010519491231002X"),
        MobileNumber.Parse("139 1234 5678"),
        PlateNumber.Parse("沪A12345D"),
        Registered);
}
