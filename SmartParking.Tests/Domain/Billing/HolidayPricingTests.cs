using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;

namespace SmartParking.Tests.Domain.Billing;

public class HolidayPricingTests
{
    private static readonly Guid Lot = Guid.NewGuid();

    // National Day 2026: Thursday 1 October is a holiday, Saturday 10 October is worked.
    private static readonly HolidayCalendar NationalDay = new(
    [
        CalendarDay.Mark(Lot, new DateOnly(2026, 10, 1), CalendarDayKind.Holiday, "国庆节"),
        CalendarDay.Mark(Lot, new DateOnly(2026, 10, 10), CalendarDayKind.WorkingDay, "国庆节调休"),
    ]);

    private static FeeRule Rule(HolidayRate holidays) =>
        FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 60, 5m, 0m, true, holidays: holidays);

    [Theory]
    [InlineData("2026-09-30 10:00", "2026-09-30 13:00", 15.00)] // a working Wednesday: 3 h at ¥5 (15 free minutes deducted: 2 h 45 → 3 units)
    [InlineData("2026-10-01 10:00", "2026-10-01 13:00", 30.00)] // the holiday: 3 units at ¥10
    [InlineData("2026-09-30 22:00", "2026-10-01 02:00", 30.00)] // units from 22:15 and 23:15 start on Wednesday (¥5 each), from 00:15 and 01:15 on the holiday (¥10 each)
    public void Apply_HolidayUnitFee_PricesTheUnitsThatStartOnTheHoliday(string entry, string exit, decimal expected)
    {
        var quote = Rule(new HolidayRate(HolidayPricing.OwnUnitFee, 10m)).Apply(DateTime.Parse(entry), DateTime.Parse(exit), NationalDay);

        Assert.Equal(expected, quote.Total);
    }

    [Fact]
    public void Apply_FreeOnHolidays_ChargesNothingForHolidayUnitsAndSaysSoInTheBreakdown()
    {
        var quote = Rule(new HolidayRate(HolidayPricing.Free)).Apply(new DateTime(2026, 9, 30, 22, 0, 0), new DateTime(2026, 10, 1, 2, 0, 0), NationalDay);

        Assert.Equal(10m, quote.Total);
        Assert.Equal(2, quote.Windows[0].HolidayUnits);
        Assert.Contains("节假日2单位", quote.Windows[0].Describe());
    }

    [Theory]
    [InlineData("2026-10-03 10:00", true, 0)]   // an unmarked Saturday, weekends count: free
    [InlineData("2026-10-03 10:00", false, 15)] // the same Saturday when weekends do not count
    [InlineData("2026-10-10 10:00", true, 15)]  // a worked Saturday (调休) is a working day even when weekends count
    public void Apply_Weekends_CountOnlyWhenTheRuleSaysAndTheDayIsNotWorked(string entry, bool weekends, decimal expected)
    {
        var from = DateTime.Parse(entry);
        var quote = Rule(new HolidayRate(HolidayPricing.Free, WeekendsToo: weekends)).Apply(from, from.AddHours(3), NationalDay);

        Assert.Equal(expected, quote.Total);
    }

    [Fact]
    public void Apply_RuleWithoutHolidayPricing_IgnoresTheCalendar()
    {
        var rule = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 60, 5m, 0m, true);

        Assert.Equal(15m, rule.Apply(new DateTime(2026, 10, 1, 10, 0, 0), new DateTime(2026, 10, 1, 13, 0, 0), NationalDay).Total);
        Assert.False(rule.PricesHolidays);
    }

    [Fact]
    public void Apply_DailyCap_StillCapsAHolidayWindow()
    {
        var rule = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 0, 60, 5m, 40m, false, holidays: new HolidayRate(HolidayPricing.OwnUnitFee, 10m));

        Assert.Equal(40m, rule.Apply(new DateTime(2026, 10, 1, 8, 0, 0), new DateTime(2026, 10, 1, 20, 0, 0), NationalDay).Total);
    }

    [Fact]
    public void Create_OwnHolidayFeeWithoutAnAmount_IsRefused()
    {
        var error = Assert.Throws<DomainException>(() => Rule(new HolidayRate(HolidayPricing.OwnUnitFee)));

        Assert.Equal("FeeRule.HolidayUnitFeeMissing", error.Error.Code);
    }

    [Theory]
    [InlineData("2126-10-01", CalendarDayKind.Holiday, "国庆节", "Calendar.DateOutOfRange")]
    [InlineData("2026-10-01", CalendarDayKind.WorkingDay, "调休", "Calendar.WorkingDayNotWeekend")] // a Thursday cannot be "worked instead"
    [InlineData("2026-10-01", CalendarDayKind.Holiday, "", "Calendar.NameInvalid")]
    [InlineData("2026-10-01", CalendarDayKind.Holiday, "国庆\u200b节", "Calendar.NameInvalid")]
    public void Mark_ImpossibleDay_IsRefused(string date, CalendarDayKind kind, string name, string code)
    {
        var error = Assert.Throws<DomainException>(() => CalendarDay.Mark(Lot, DateOnly.Parse(date), kind, name));

        Assert.Equal(code, error.Error.Code);
    }
}
