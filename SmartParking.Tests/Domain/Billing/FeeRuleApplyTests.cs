using System.Globalization;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.Billing;

public class FeeRuleApplyTests
{
    private static readonly IReadOnlyList<FeeRule> Demo = FeeRule.DemoRules(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    private static readonly TimeSegment Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0), 1m);

    private static readonly Dictionary<string, FeeRule> Rules = new()
    {
        ["demo-small"] = VisitorRule(VehicleType.Small),
        ["no-deduct"] = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, deductFreeMinutes: false),
        ["night"] = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true, [Night]),
        ["peak"] = FeeRule.Create(
            VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true,
            [new TimeSegment(new TimeOnly(8, 0), new TimeOnly(10, 0), 8m), Night]),
        ["visit-cap"] = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true, perVisitCap: 80m),
        ["no-cap"] = FeeRule.Create(VehicleType.Truck, CustomerClass.Visitor, 0, 60, 2.5m, 0m, false),
    };

    [Theory]
    [InlineData("小车", "2023-10-09 10:00", "2023-10-09 10:14", 0)]
    [InlineData("货车", "2023-10-09 09:00", "2023-10-09 10:16", 20)]
    [InlineData("小车", "2023-10-13 20:00", "2023-10-14 08:30", 50)]
    public void Seed003Table_HoldsWithDemoRules(string vehicleType, string entry, string exit, int expected)
    {
        Assert.True(VehicleTypes.TryParseKnown(vehicleType, out var type));

        var quote = VisitorRule(type).Apply(At(entry), At(exit));

        Assert.Equal(expected, quote.Total);
    }

    [Fact]
    public void Exit_LegacyPlateTruckAfter76Minutes_Charges20()
    {
        var plate = PlateNumber.Parse("NU123456");

        var quote = VisitorRule(VehicleType.Truck).Apply(At("2023-10-09 13:45:30"), At("2023-10-09 15:01:30"));

        Assert.Equal(PlateKind.Legacy, plate.Kind);
        Assert.Equal(76, quote.StayMinutes);
        Assert.Equal(20m, quote.Total);
    }

    [Theory]
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-09 10:15", 0, 1)] // free boundary
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-09 10:16", 5, 1)] // 1 chargeable minute is a whole unit
    [InlineData("no-deduct", "2023-10-09 10:00", "2023-10-09 10:15", 0, 1)]
    [InlineData("no-deduct", "2023-10-09 10:00", "2023-10-09 10:16", 5, 1)]
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-09 10:40", 5, 1)] // 25 chargeable
    [InlineData("no-deduct", "2023-10-09 10:00", "2023-10-09 10:40", 10, 1)] // all 40 chargeable
    [InlineData("demo-small", "2023-10-09 10:00:00", "2023-10-09 10:15:59", 0, 1)] // seconds dropped
    [InlineData("demo-small", "2023-10-09 10:00:30", "2023-10-09 10:45:29", 5, 1)] // 44 min
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-09 10:45", 5, 1)] // 30 chargeable = 1 unit
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-09 10:46", 10, 1)] // 31 chargeable rounds up
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-10 10:00", 50, 1)] // exactly 24 h is one window
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-10 10:01", 55, 2)] // second window starts with a unit
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-11 10:00", 100, 2)]
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-11 10:01", 105, 3)]
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-12 12:00", 170, 4)] // three caps + 4 units
    [InlineData("demo-small", "2023-10-09 23:50", "2023-10-10 00:20", 5, 1)] // midnight crossing
    [InlineData("demo-small", "2023-10-09 23:00", "2023-10-10 01:00", 20, 1)]
    [InlineData("demo-small", "2023-12-31 23:00", "2024-01-01 01:00", 20, 1)] // year boundary
    [InlineData("night", "2023-10-09 21:00", "2023-10-09 23:00", 12, 1)] // 21:15, 21:45 day; 22:15, 22:45 night
    [InlineData("night", "2023-10-09 21:40", "2023-10-09 22:30", 6, 1)] // the 21:55 unit keeps the day rate
    [InlineData("night", "2023-10-09 23:00", "2023-10-10 08:00", 26, 1)] // 16 night units across midnight, 2 day units
    [InlineData("night", "2023-10-10 00:00", "2023-10-10 06:00", 12, 1)] // inside the wrapped part only
    [InlineData("peak", "2023-10-09 07:45", "2023-10-09 09:00", 16, 1)] // 08:00 and 08:30 at the peak fee
    [InlineData("peak", "2023-10-09 09:30", "2023-10-09 10:45", 13, 1)] // 09:45 peak, 10:15 base
    [InlineData("visit-cap", "2023-10-09 10:00", "2023-10-12 10:00", 80, 3)] // 150 capped per visit
    [InlineData("visit-cap", "2023-10-09 10:00", "2023-10-09 12:00", 20, 1)]
    [InlineData("no-cap", "2023-10-09 10:00", "2023-10-10 10:00", 60, 1)] // 0 means no daily cap
    [InlineData("no-cap", "2023-10-09 10:00", "2023-10-09 10:01", 2.5, 1)]
    [InlineData("demo-small", "2023-10-09 10:00", "2023-10-09 10:00", 0, 1)] // exit at entry
    public void Apply_ChargesPerRule(string rule, string entry, string exit, double expected, int windows)
    {
        var quote = Rules[rule].Apply(At(entry), At(exit));

        Assert.Equal((decimal)expected, quote.Total);
        Assert.Equal(windows, quote.Windows.Count);
    }

    [Fact]
    public void Exit_BeforeEntry_ThrowsForTheGuard()
    {
        var error = Assert.Throws<DomainException>(
            () => VisitorRule(VehicleType.Small).Apply(At("2023-10-09 10:00"), At("2023-10-09 09:59:59")));

        Assert.Contains("出场时间早于入场时间", ErrorWords.Chinese(error));
    }

    [Fact]
    public void Exit_WithinFreeMinutes_ReportsOneFreeWindow()
    {
        var quote = VisitorRule(VehicleType.Small).Apply(At("2023-10-09 10:00"), At("2023-10-09 10:14:59"));

        Assert.True(quote.WithinFreeMinutes);
        Assert.Equal(14, quote.StayMinutes);
        var window = Assert.Single(quote.Windows);
        Assert.Equal(0m, window.Fee);
        Assert.Equal(14, window.Minutes);
    }

    [Fact]
    public void Exit_AfterDailyCap_ChargesCapOnly()
    {
        var quote = VisitorRule(VehicleType.Small).Apply(At("2023-10-09 10:00"), At("2023-10-10 10:00"));

        var window = Assert.Single(quote.Windows);
        Assert.Equal(1425, window.ChargeableMinutes);
        Assert.Equal(48, window.Units);
        Assert.Equal(240m, window.Charge);
        Assert.Equal(50m, window.Fee);
        Assert.True(window.Capped);
        Assert.Equal("第1段 10:00→次日10:00 1440分钟，计费1425分钟=48单位，¥240.00，封顶¥50.00", window.Describe());
    }

    [Fact]
    public void Exit_OneMinutePastADay_SecondWindowDoesNotDeductFreeMinutesAgain()
    {
        var quote = VisitorRule(VehicleType.Small).Apply(At("2023-10-09 10:00"), At("2023-10-10 10:01"));

        var second = quote.Windows[1];
        Assert.Equal(2, second.Index);
        Assert.Equal(At("2023-10-10 10:00"), second.Start);
        Assert.Equal(At("2023-10-10 10:01"), second.End);
        Assert.Equal((1, 1, 1, 5m), (second.Minutes, second.ChargeableMinutes, second.Units, second.Fee));
        Assert.Equal("第2段 10:00→10:01 1分钟，计费1分钟=1单位，¥5.00", second.Describe());
    }

    [Fact]
    public void Exit_OverPerVisitCap_FlagsTheQuote()
    {
        var quote = Rules["visit-cap"].Apply(At("2023-10-09 10:00"), At("2023-10-12 10:00"));

        Assert.True(quote.PerVisitCapped);
        Assert.Equal(150m, quote.Windows.Sum(w => w.Fee));
    }

    [Fact]
    public void Apply_IgnoresDateTimeKind()
    {
        var rule = VisitorRule(VehicleType.Small);
        var entry = At("2023-10-09 10:00");

        var local = rule.Apply(DateTime.SpecifyKind(entry, DateTimeKind.Local), DateTime.SpecifyKind(entry.AddHours(2), DateTimeKind.Utc));

        Assert.Equal(rule.Apply(entry, entry.AddHours(2)).Total, local.Total);
    }

    [Theory]
    [InlineData("Small")]
    [InlineData("Truck")]
    public void Exit_OwnerDemoRule_IsFree(string type)
    {
        var rule = Demo.Single(r => r.VehicleType == VehicleType.FromCode(type) && r.CustomerClass == CustomerClass.Owner);

        Assert.Equal(0m, rule.Apply(At("2023-10-09 10:00"), At("2023-10-12 18:00")).Total);
    }

    private static FeeRule VisitorRule(VehicleType type) =>
        Demo.Single(r => r.VehicleType == type && r.CustomerClass == CustomerClass.Visitor);

    private static DateTime At(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
