using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Gate;

public sealed class ExemptionTests
{
    private static readonly Guid Lot = Guid.NewGuid();
    private static readonly DateTime Monday = new(2026, 11, 16, 1, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("京A1234警", true, false, "警车")]
    [InlineData("京A1234警", false, true, null)]
    [InlineData("京A12345", true, true, null)]
    [InlineData("粤Z1234港", true, true, null)]
    [InlineData("KA12345", false, true, "军车")]
    [InlineData("军C12345", false, true, "军车")]
    [InlineData("WJ京1234X", false, true, "武警车")]
    [InlineData("KA12345", true, false, null)]
    [InlineData("WJ京12345", true, false, null)]
    public void PoliceAndMilitaryCars_AreFreeOnlyWhereTheLotSaysSo(string plate, bool policeCarsFree, bool militaryCarsFree, string? expected) =>
        Assert.Equal(expected, Exemption.Of(null, PlateNumber.Parse(plate), Policy(policeCarsFree, militaryCarsFree)));

    private static LotPolicy Policy(bool policeCarsFree, bool militaryCarsFree = false) =>
        LotPolicy.Create(50, 500m, 200m, 48, null, policeCarsFree, militaryCarsFree);

    [Fact]
    public void TheExemptList_GivesItsOwnReason_AndOtherListsGiveNone()
    {
        var plate = PlateNumber.Parse("京A12011");
        Assert.Equal("120 急救车", Exemption.Of(ListedPlate.Add(Lot, plate, ListKind.Exempt, "120 急救车", Monday, null), plate, Policy(false)));
        Assert.Null(Exemption.Of(ListedPlate.Add(Lot, plate, ListKind.Whitelist, "物业工程车", Monday, null), plate, Policy(true, true)));
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
