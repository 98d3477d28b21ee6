using SmartParking.Domain.Billing;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.People;

public sealed class OwnerDraftTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);
    private static readonly Lot Lot = Lot.Open("t", "测试车场", null, LotKind.Community, null, LotPolicy.Create(50, 500m, 100m, 72), DateTime.UtcNow);

    [Theory]
    [InlineData("京A12345", "京A12345", "Small")]
    [InlineData("京A12345:货车", "京A12345", "Truck")]
    [InlineData("京A12345：小车", "京A12345", "Small")]
    [InlineData("京A 12345 : truck", "京A12345", "Truck")]
    [InlineData("京A12345:Small", "京A12345", "Small")]
    [InlineData("京AD12345", "京AD12345", "Small")]
    public void Plates_TakeTheTypeAfterAColon_InChineseOrEnglish_TheLotsTypeForTheColourWhenLeftOut(string cell, string plate, string type)
    {
        var draft = OwnerDraft.TryRead(Lot, "王芳", "310115199003072549", "13912345678", "3-2-1201", OwnerDraft.SplitPlates(cell), Today, out var errors);

        Assert.Empty(errors);
        Assert.Equal((plate, type), (draft!.Vehicles[0].Plate.Value, draft.Vehicles[0].Type.Code));
    }

    [Fact]
    public void SeveralCars_AreSeparatedBySemicolonsCommasOrEnumerationCommas()
    {
        var split = OwnerDraft.SplitPlates("京A12345:小车; 沪B67890:货车，苏C11111、浙D22222");

        Assert.Equal(["京A12345", "沪B67890", "苏C11111", "浙D22222"], split.Select(s => s.Plate));
    }

    [Fact]
    public void EveryBrokenField_IsNamed_AndNoDraftIsMade()
    {
        var draft = OwnerDraft.TryRead(Lot, "", "310115199003072548", "1391234567", "", OwnerDraft.SplitPlates("京A12345:飞机"), Today, out var errors);

        Assert.Null(draft);
        Assert.Equal([OwnerField.Name, OwnerField.IdNumber, OwnerField.Mobile, OwnerField.Unit, OwnerField.Plates], errors.Keys.Order());
        Assert.Equal("IdNumber.CheckCharacterMismatch", errors[OwnerField.IdNumber].Code);
        Assert.Equal("Vehicle.UnknownType", errors[OwnerField.Plates].Code);
    }

    [Fact]
    public void TheSamePlateTwice_InOneDraft_IsRefused()
    {
        OwnerDraft.TryRead(Lot, "王芳", "310115199003072549", "13912345678", "3-2-1201", OwnerDraft.SplitPlates("京A12345;京A 12345"), Today, out var errors);

        Assert.Equal("Owner.PlateAlreadyHis", errors[OwnerField.Plates].Code);
    }

    [Fact]
    public void Deactivation_ReleasesTheCars_AndRefusesNewOnes()
    {
        var draft = OwnerDraft.TryRead(Lot, "王芳", "310115199003072549", "13912345678", "3-2-1201", OwnerDraft.SplitPlates("京A12345;沪B67890:货车"), Today, out _)!;
        var owner = draft.Register(Guid.NewGuid(), DateTime.UtcNow);

        var released = owner.Deactivate(DateTime.UtcNow);

        Assert.Equal(["京A12345", "沪B67890"], released.Select(p => p.Value));
        Assert.Empty(owner.Vehicles);
        Assert.False(owner.IsActive);
        Assert.Equal("Owner.Deactivated", Assert.Throws<SmartParking.Domain.Common.DomainException>(() => owner.AddVehicle(PlateNumber.Parse("京A12345"), VehicleType.Small, DateTime.UtcNow, true)).Code);
    }
}
