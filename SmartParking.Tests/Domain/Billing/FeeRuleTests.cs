using System.Globalization;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.Billing;

public class FeeRuleTests
{
    private static readonly DateTime Now = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(-1, 30, "5", "50", "免费时长不能为负")]
    [InlineData(1441, 30, "5", "50", "免费时长不能超过 24 小时")]
    [InlineData(15, 0, "5", "50", "计费单位至少 1 分钟")]
    [InlineData(15, 30, "-1", "50", "单价不能为负")]
    [InlineData(15, 30, "5.001", "50", "单价最多两位小数")]
    [InlineData(15, 30, "5", "-50", "每日封顶不能为负")]
    public void Create_InvalidNumbers_Throws(int free, int unit, string fee, string cap, string reason)
    {
        var error = Assert.Throws<DomainException>(() => FeeRule.Create(
            VehicleType.Small, CustomerClass.Visitor, free, unit, decimal.Parse(fee, CultureInfo.InvariantCulture), decimal.Parse(cap, CultureInfo.InvariantCulture), true));

        Assert.Contains(reason, ErrorWords.Chinese(error));
    }

    [Theory]
    [InlineData("08:00", "10:00", "09:00", "11:00")]
    [InlineData("22:00", "07:00", "06:00", "08:00")]
    [InlineData("22:00", "07:00", "23:00", "01:00")]
    [InlineData("20:00", "02:00", "12:00", "21:00")]
    public void Create_OverlappingSegments_Throws(string start1, string end1, string start2, string end2)
    {
        var error = Assert.Throws<DomainException>(() => WithSegments(Segment(start1, end1), Segment(start2, end2)));

        Assert.Contains("重叠", ErrorWords.Chinese(error));
    }

    [Fact]
    public void Create_TouchingSegments_AreSortedAndPriced()
    {
        var rule = WithSegments(Segment("22:00", "07:00", 1m), Segment("07:00", "09:00", 8m));

        Assert.Equal(["07:00", "22:00"], rule.Segments.Select(s => s.Start.ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.Equal(1m, rule.UnitFeeAt(new TimeOnly(6, 59)));
        Assert.Equal(8m, rule.UnitFeeAt(new TimeOnly(7, 0)));
        Assert.Equal(5m, rule.UnitFeeAt(new TimeOnly(9, 0)));
        Assert.Equal(1m, rule.UnitFeeAt(new TimeOnly(22, 0)));
    }

    [Fact]
    public void Create_SegmentStartingWhereItEnds_Throws()
    {
        Assert.Throws<DomainException>(() => WithSegments(Segment("08:00", "08:00")));
    }

    [Fact]
    public void Create_NegativePerVisitCap_Throws()
    {
        Assert.Throws<DomainException>(() => FeeRule.Create(
            VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true, perVisitCap: -1m));
    }

    [Fact]
    public void NewVersion_BumpsVersionWithNewIdAndValues()
    {
        var first = FeeRule.Create(VehicleType.Truck, CustomerClass.Visitor, 15, 60, 10m, 100m, true, createdUtc: Now);

        var second = first.NewVersion(VehicleType.Truck, CustomerClass.Visitor, 10, 30, 6m, 80m, false, createdUtc: Now.AddDays(1));

        Assert.Equal(2, second.Version);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal((10, 30, 6m, 80m, false), (second.FreeMinutes, second.UnitMinutes, second.UnitFee, second.DailyCap, second.DeductFreeMinutes));
        Assert.Equal(Now.AddDays(1), second.CreatedUtc);
        Assert.Equal((1, 15), (first.Version, first.FreeMinutes));
    }

    [Fact]
    public void NewVersion_ForAnotherVehicleType_Throws()
    {
        var rule = FeeRule.Create(VehicleType.Truck, CustomerClass.Visitor, 15, 60, 10m, 100m, true);

        Assert.Throws<DomainException>(() => rule.NewVersion(VehicleType.Small, CustomerClass.Visitor, 15, 60, 10m, 100m, true));
    }

    [Fact]
    public void DemoRules_CoverEveryVehicleTypeAndCustomerClass()
    {
        var rules = FeeRule.DemoRules(Now);

        Assert.Equal(4, rules.Count);
        Assert.All(rules, r => Assert.Equal(Now, r.CreatedUtc));
        Assert.Equal(4, rules.Select(r => (r.VehicleType, r.CustomerClass)).Distinct().Count());
        var small = rules.Single(r => r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor);
        Assert.Equal((15, 30, 5m, 50m, true), (small.FreeMinutes, small.UnitMinutes, small.UnitFee, small.DailyCap, small.DeductFreeMinutes));
    }

    [Theory]
    [InlineData("小车", "Small")]
    [InlineData("small", "Small")]
    [InlineData(" Small ", "Small")]
    [InlineData("货车", "Truck")]
    [InlineData("TRUCK", "Truck")]
    [InlineData("新能源", "NewEnergy")]
    [InlineData("摩托车", "Motorcycle")]
    public void VehicleTypes_ParsesChineseAndEnglishNames(string text, string expected)
    {
        Assert.True(VehicleTypes.TryParseKnown(text, out var type));
        Assert.Equal(VehicleType.FromCode(expected), type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("bus")]
    public void VehicleTypes_RejectsUnknownNames(string? text)
    {
        Assert.False(VehicleTypes.TryParseKnown(text, out _));
    }

    private static FeeRule WithSegments(params TimeSegment[] segments) =>
        FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true, segments);

    private static TimeSegment Segment(string start, string end, decimal fee = 1m) =>
        new(TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture), fee);
}
