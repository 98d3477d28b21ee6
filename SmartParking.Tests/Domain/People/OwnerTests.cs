using System.Globalization;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Domain.People;

public class OwnerTests
{
    private static readonly DateTime Now = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Register_KeepsValidatedValues()
    {
        var owner = Owner.Register(Guid.NewGuid(), "  张三 ", ChineseIdNumber.Parse("11010519491231002x"), MobileNumber.Parse("+86 138 1234 5678"), Now, " zhangsan ");

        Assert.NotEqual(Guid.Empty, owner.Id);
        Assert.Equal("张三", owner.Name);
        Assert.Equal("11010519491231002X", owner.IdNumber);
        Assert.Equal("13812345678", owner.Mobile);
        Assert.Equal("zhangsan", owner.UserName);
        Assert.Equal(Now, owner.CreatedUtc);
        Assert.Equal(0m, owner.Balance);
        Assert.Empty(owner.Vehicles);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Register_WithoutName_Throws(string name)
    {
        var error = Assert.Throws<DomainException>(() => Register(name));

        Assert.Contains("姓名不能为空", ErrorWords.Chinese(error));
    }

    [Fact]
    public void Register_NameOverFiftyCharacters_Throws()
    {
        Assert.Equal(50, Register(new string('李', 50)).Name.Length);
        Assert.Throws<DomainException>(() => Register(new string('李', 51)));
    }

    [Fact]
    public void Charge_MoreThanBalance_LeavesArrears()
    {
        var owner = Register("王五");
        owner.TopUp(20m, Now);

        owner.Charge(50m);

        Assert.Equal(-30m, owner.Balance);
        Assert.Equal(30m, owner.Arrears);
    }

    [Fact]
    public void TopUp_AfterArrears_ClearsThemAndStampsPayment()
    {
        var owner = Register("王五");
        owner.Charge(12.5m);

        owner.TopUp(100m, Now.AddHours(1));

        Assert.Equal(87.5m, owner.Balance);
        Assert.Equal(0m, owner.Arrears);
        Assert.Equal(Now.AddHours(1), owner.LastPaymentUtc);
    }

    [Theory]
    [InlineData("0", "大于 0")]
    [InlineData("-5", "大于 0")]
    [InlineData("10.005", "两位小数")]
    public void TopUp_InvalidAmount_Throws(string amount, string reason)
    {
        var owner = Register("王五");

        var error = Assert.Throws<DomainException>(() => owner.TopUp(decimal.Parse(amount, CultureInfo.InvariantCulture), Now));

        Assert.Contains(reason, ErrorWords.Chinese(error));
        Assert.Equal(0m, owner.Balance);
        Assert.Null(owner.LastPaymentUtc);
    }

    [Fact]
    public void Charge_Negative_Throws()
    {
        var owner = Register("王五");

        Assert.Throws<DomainException>(() => owner.Charge(-1m));
        owner.Charge(0m);
        Assert.Equal(0m, owner.Balance);
    }

    [Fact]
    public void AddVehicle_SamePlateTwice_Throws()
    {
        var owner = Register("王五");
        owner.AddVehicle(PlateNumber.Parse("京A12345"), VehicleType.Small, Now, approved: true);

        var error = Assert.Throws<DomainException>(
            () => owner.AddVehicle(PlateNumber.Parse(" 京a·12345 "), VehicleType.Truck, Now, approved: false));

        Assert.Contains("京A12345", ErrorWords.Chinese(error));
        Assert.Single(owner.Vehicles);
    }

    [Fact]
    public void AddVehicle_PendingUntilApproved()
    {
        var owner = Register("王五");

        var vehicle = owner.AddVehicle(PlateNumber.Parse("粤BD12345"), VehicleType.Small, Now, approved: false);

        Assert.Equal(owner.Id, vehicle.OwnerId);
        Assert.Equal(Now, vehicle.RegisteredUtc);
        Assert.Equal(VehicleApproval.Pending, vehicle.Approval);
        vehicle.Approve();
        Assert.Equal(VehicleApproval.Approved, vehicle.Approval);
        vehicle.Reject();
        Assert.Equal(VehicleApproval.Rejected, vehicle.Approval);
        Assert.Same(vehicle, Assert.Single(owner.Vehicles));
    }

    private static Owner Register(string name) =>
        Owner.Register(Guid.NewGuid(), name, ChineseIdNumber.Parse("11010519491231002X"), MobileNumber.Parse("13812345678"), Now);
}
