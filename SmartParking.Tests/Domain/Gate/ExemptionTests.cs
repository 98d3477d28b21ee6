using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Gate;

public sealed class ExemptionTests
{
    private static readonly Guid Lot = Guid.NewGuid();
    private static readonly DateTime Monday = new(2026, 11, 16, 1, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("京A1234警", true, "警车")]
    [InlineData("京A1234警", false, null)]
    [InlineData("京A12345", true, null)]
    [InlineData("粤Z1234港", true, null)]
    public void APoliceCar_IsFreeOnlyWhereTheLotSaysSo(string plate, bool policeCarsFree, string? expected) =>
        Assert.Equal(expected, Exemption.Of(null, PlateNumber.Parse(plate), policeCarsFree));

    [Fact]
    public void TheExemptList_GivesItsOwnReason_AndOtherListsGiveNone()
    {
        var plate = PlateNumber.Parse("京A12011");
        Assert.Equal("120 急救车", Exemption.Of(ListedPlate.Add(Lot, plate, ListKind.Exempt, "120 急救车", Monday, null), plate, false));
        Assert.Null(Exemption.Of(ListedPlate.Add(Lot, plate, ListKind.Whitelist, "物业工程车", Monday, null), plate, true));
    }

    [Fact]
    public void AnExemptVehicle_OpensAFullLot_WithoutRegistering()
    {
        var decision = EntryRule.Decide(new EntryFacts(false, null, HasValidVisitorRegistration: false, CarsInside: 50, Capacity: 50, Exemption: "119 消防车"));

        Assert.Equal(GateVerdict.Open, decision.Verdict);
        Assert.Equal("Gate.Exempt", decision.Reason.Code);
    }

    [Fact]
    public void AnExemptStay_CostsNothing_AndSaysWhy()
    {
        var rule = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, false);
        var stay = ParkingSession.Enter(Lot, PlateNumber.Parse("京A12011"), VehicleType.Small, CustomerClass.Visitor, null, rule, Monday, false);
        stay.Exempt(" 120 急救车 ");

        var quote = stay.Exit(Monday.AddHours(30), rule, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

        Assert.Equal((0m, 1800, "120 急救车"), (quote.Total, quote.StayMinutes, quote.Exemption));
        Assert.Equal(0m, stay.Fee);
    }
}
