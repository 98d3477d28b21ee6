using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Lots;

public sealed class LotVehicleTypeTests
{
    private static Lot NewLot() => Lot.Open("t", "测试车场", null, LotKind.Community, null, LotPolicy.Create(50, 500m, 100m, 72), DateTime.UtcNow);

    [Fact]
    public void ANewLot_ChargesSmallCarsAndTrucks_AndAGreenPlateWithoutItsTypeIsASmallCar()
    {
        var lot = NewLot();

        Assert.Equal([VehicleType.Small, VehicleType.Truck], lot.VehicleTypes.Select(t => t.Type));
        Assert.Equal(VehicleType.Truck, lot.VehicleTypeFor(PlateColour.Yellow));
        Assert.Equal(VehicleType.Small, lot.VehicleTypeFor(PlateColour.Green));
        Assert.Equal(VehicleType.Small, lot.VehicleTypeFor(null));
    }

    [Fact]
    public void AnAddedType_IsKeptByItsName_AndItsColourPicksIt()
    {
        var lot = NewLot();

        lot.KeepVehicleTypes([.. lot.VehicleTypes, new(VehicleType.NewEnergy, PlateColour.Green), new(VehicleType.Named("大客车"), null)]);

        Assert.Equal(VehicleType.NewEnergy, lot.VehicleTypeFor(PlateColour.Green));
        Assert.True(lot.TryFindVehicleType("大客车", out var coach));
        Assert.Equal("大客车", coach.Code);
        Assert.True(lot.TryFindVehicleType("nev", out var green));
        Assert.Equal(VehicleType.NewEnergy, green);
        Assert.False(lot.TryFindVehicleType("飞机", out _));
        Assert.Equal(LotVehicleType.Parse(LotVehicleType.Format(lot.VehicleTypes)), lot.VehicleTypes);
    }

    [Fact]
    public void AListAGateCouldNotDecideBy_IsRefused_AndTheOldListStays()
    {
        var lot = NewLot();

        var twice = Assert.Throws<DomainException>(() => lot.KeepVehicleTypes([new(VehicleType.Small, null), new(VehicleType.Named("小车"), null)]));
        var colour = Assert.Throws<DomainException>(() => lot.KeepVehicleTypes([new(VehicleType.Small, PlateColour.Blue), new(VehicleType.Truck, PlateColour.Blue)]));
        var empty = Assert.Throws<DomainException>(() => lot.KeepVehicleTypes([]));
        var longName = Assert.Throws<DomainException>(() => VehicleType.Named(new string('车', 17)));

        Assert.Equal(("VehicleType.Twice", "VehicleType.ColourTwice", "VehicleType.ListSize", "VehicleType.NameInvalid"), (twice.Code, colour.Code, empty.Code, longName.Code));
        Assert.Equal(LotVehicleType.Starting, lot.VehicleTypes);
    }

    [Fact]
    public void DefaultIsASmallCar_AndEqualsIt()
    {
        Assert.Equal(VehicleType.Small, default(VehicleType));
        Assert.Equal(VehicleType.Small.GetHashCode(), default(VehicleType).GetHashCode());
    }
}
