using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Passes;

public sealed class MonthlyPassTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 2, 0, 0, DateTimeKind.Utc);
    private static readonly PlateNumber Plate = PlateNumber.Parse("京A12345");

    [Fact]
    public void SecondPassOfAPlate_OverlappingTheFirst_IsRefused_ARenewalAtItsEndIsNot()
    {
        var product = PassCoverTests.Product();
        var december = PassCoverTests.Sell(product, Plate, new DateTime(2026, 12, 1), new DateTime(2027, 1, 1), Now);

        var clash = Assert.Throws<DomainException>(() => PassCoverTests.Sell(product, Plate, new DateTime(2026, 12, 20), new DateTime(2027, 1, 20), Now, december));
        var renewal = PassCoverTests.Sell(product, Plate, new DateTime(2027, 1, 1), new DateTime(2027, 2, 1), Now, december);

        Assert.Equal("Pass.Overlaps", clash.Code);
        Assert.Equal("京A12345", clash.Arguments[0]);
        Assert.Equal(new DateTime(2027, 1, 1), renewal.StartUtc);
    }

    [Fact]
    public void AProductSellsNoMorePassesAtOneTime_ThanItsReservedSpaces()
    {
        var product = PassCoverTests.Product(maxPasses: 1);
        var december = PassCoverTests.Sell(product, Plate, new DateTime(2026, 12, 1), new DateTime(2027, 1, 1), Now);
        var january = PassCoverTests.Sell(product, PlateNumber.Parse("京B22222"), new DateTime(2027, 1, 1), new DateTime(2027, 2, 1), Now, december);

        var soldOut = Assert.Throws<DomainException>(() =>
            PassCoverTests.Sell(product, PlateNumber.Parse("京C33333"), new DateTime(2026, 12, 15), new DateTime(2026, 12, 20), Now, december, january));

        Assert.Equal("Pass.SoldOut", soldOut.Code);
        Assert.Equal(new DateTime(2027, 1, 1), january.StartUtc);
    }

    [Theory]
    [InlineData("2026-12-10", "2026-12-09", "Pass.EndBeforeStart")]
    [InlineData("2026-12-10", "2026-12-10", "Pass.EndBeforeStart")]
    [InlineData("1999-01-01", "1999-02-01", "Pass.StartImplausible")]
    [InlineData("2028-01-01", "2028-02-01", "Pass.StartImplausible")]
    [InlineData("2026-12-01", "2028-12-01", "Pass.TooLong")]
    public void AbsurdTimes_AreRefused(string start, string end, string code)
    {
        var product = PassCoverTests.Product();

        var refused = Assert.Throws<DomainException>(() => PassCoverTests.Sell(product, Plate, DateTime.Parse(start), DateTime.Parse(end), Now));

        Assert.Equal(code, refused.Code);
    }

    [Fact]
    public void PlatesAreCheckedAgainstTheProduct()
    {
        var single = PassCoverTests.Product(maxPlates: 1);
        var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.Equal("Pass.TooManyPlates", Assert.Throws<DomainException>(() =>
            MonthlyPass.SellAtOffice(single, [Plate, PlateNumber.Parse("京B22222")], start, start.AddMonths(1), 300m, null, [], Now, "f")).Code);
        Assert.Equal("Pass.PlateTwice", Assert.Throws<DomainException>(() =>
            MonthlyPass.SellAtOffice(PassCoverTests.Product(), [Plate, Plate], start, start.AddMonths(1), 300m, null, [], Now, "f")).Code);
        Assert.Equal("Pass.PlateMissing", Assert.Throws<DomainException>(() =>
            MonthlyPass.SellAtOffice(single, [], start, start.AddMonths(1), 300m, null, [], Now, "f")).Code);
    }

    [Theory]
    [InlineData(PassPeriod.CalendarMonth, "2027-01-31", "2027-02-28")]
    [InlineData(PassPeriod.ThirtyDays, "2027-01-31", "2027-03-02")]
    [InlineData(PassPeriod.Quarter, "2026-12-15", "2027-03-15")]
    [InlineData(PassPeriod.Year, "2026-12-01", "2027-12-01")]
    public void APeriod_EndsByTheCalendar(PassPeriod period, string start, string end)
    {
        var product = PassProduct.Create(Guid.NewGuid(), "卡", [VehicleType.Small], period, 300m, 1, false, null, null, true, Now);

        Assert.Equal(DateTime.Parse(end), product.PeriodEnd(DateTime.Parse(start)));
    }

    [Theory]
    // now, start of the period bought, window day 20: this month any time, the next from the 20th, nothing further.
    [InlineData("2026-12-07 10:00", "2026-12-07 10:00", true)]
    [InlineData("2026-12-07 10:00", "2026-12-20 00:00", true)]
    [InlineData("2026-12-19 23:59", "2027-01-01 00:00", false)]
    [InlineData("2026-12-20 00:00", "2027-01-01 00:00", true)]
    [InlineData("2026-12-25 00:00", "2027-02-01 00:00", false)]
    public void TheOnlineWindow_OpensTheNextMonthFromItsDay(string now, string start, bool open)
    {
        var product = PassCoverTests.Product();

        Assert.Equal(open, product.OnlineWindowOpen(DateTime.Parse(now), DateTime.Parse(start)));
    }

    [Theory]
    [InlineData("", 300, 1, null, "Pass.NameInvalid")]
    [InlineData("月卡", 0, 1, null, "Pass.PriceInvalid")]
    [InlineData("月卡", 300.001, 1, null, "Pass.PriceInvalid")]
    [InlineData("月卡", 300, 0, null, "Pass.MaxPlatesOutOfRange")]
    [InlineData("月卡", 300, 1, 31, "Pass.WindowDayOutOfRange")]
    public void AProduct_GuardsItsFields(string name, double price, int plates, int? day, string code)
    {
        var refused = Assert.Throws<DomainException>(() =>
            PassProduct.Create(Guid.NewGuid(), name, [VehicleType.Small], PassPeriod.CalendarMonth, (decimal)price, plates, true, day, null, true, Now));

        Assert.Equal(code, refused.Code);
        Assert.Equal("Pass.VehicleTypesMissing", Assert.Throws<DomainException>(() =>
            PassProduct.Create(Guid.NewGuid(), "月卡", [], PassPeriod.CalendarMonth, 300m, 1, true, null, null, true, Now)).Code);
    }
}
