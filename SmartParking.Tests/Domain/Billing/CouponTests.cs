using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Billing;

public sealed class CouponTests
{
    // The demo's visitor rule for small cars: 15 free minutes (deducted), ¥5 per 30 minutes, ¥50 a day.
    private static readonly FeeRule Visitor = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTime Now = new(2026, 12, 10, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    // stay minutes, coupons (discount:value, …), fee after, what each took off
    [InlineData(180, "MinutesOff:60", "20", "10")]
    [InlineData(70, "MinutesOff:60", "0", "10")]
    [InlineData(10, "MinutesOff:60", "0", "0")]
    [InlineData(180, "AmountOff:8", "22", "8")]
    [InlineData(180, "AmountOff:50", "0", "30")]
    [InlineData(180, "PercentOff:15", "25.5", "4.5")]
    [InlineData(180, "FullWaiver:0", "0", "30")]
    // Minutes first, then amounts, then percentages, whatever order they were given in.
    [InlineData(180, "PercentOff:50,AmountOff:4,MinutesOff:60", "8", "10,4,8")]
    [InlineData(180, "AmountOff:25,AmountOff:25", "0", "25,5")]
    public void Coupons_TakeTheirShareOff_InAFixedOrder_NeverBelowZero(int minutes, string coupons, string fee, string taken)
    {
        var stay = Enter(Now.AddMinutes(-minutes));
        foreach (var coupon in Parse(coupons, stackable: true))
        {
            stay.ApplyCoupon(coupon);
        }

        var quote = stay.Quote(Now, Visitor, Shanghai);

        Assert.Equal(Yuan(fee), quote.Total);
        Assert.Equal(taken.Split(',').Select(Yuan), quote.Coupons.Select(c => c.Amount));
        Assert.Equal(quote.Total + quote.Coupons.Sum(c => c.Amount), quote.BeforeCoupons);
    }

    [Fact]
    public void AStayWithoutCoupons_IsPricedAsBefore()
    {
        var quote = Enter(Now.AddMinutes(-180)).Quote(Now, Visitor, Shanghai);

        Assert.Equal(30m, quote.Total);
        Assert.Empty(quote.Coupons);
        Assert.Null(quote.BeforeCoupons);
    }

    [Fact]
    public void ASecondCoupon_IsRefused_UnlessBothStack()
    {
        var single = Enter(Now.AddHours(-2));
        single.ApplyCoupon(Coupon(CouponDiscount.MinutesOff, 60, stackable: false));
        var stacked = Enter(Now.AddHours(-2));
        stacked.ApplyCoupon(Coupon(CouponDiscount.AmountOff, 5, stackable: true));

        Assert.Equal("Coupon.OnePerStay", Assert.Throws<DomainException>(() => single.ApplyCoupon(Coupon(CouponDiscount.AmountOff, 5, stackable: true))).Code);
        Assert.Equal("Coupon.OnePerStay", Assert.Throws<DomainException>(() => stacked.ApplyCoupon(Coupon(CouponDiscount.AmountOff, 5, stackable: false))).Code);
        stacked.ApplyCoupon(Coupon(CouponDiscount.AmountOff, 5, stackable: true));
        Assert.Equal(2, stacked.Coupons.Count);
    }

    [Fact]
    public void AClosedStay_TakesNoCoupon()
    {
        var stay = Enter(Now.AddHours(-2));
        stay.Exit(Now, Visitor, Shanghai);

        Assert.Equal("Coupon.StayNotOpen", Assert.Throws<DomainException>(() => stay.ApplyCoupon(Coupon(CouponDiscount.MinutesOff, 60, false))).Code);
    }

    [Fact]
    public void TheExit_ChargesTheFeeAfterCoupons()
    {
        var stay = Enter(Now.AddHours(-3));
        stay.ApplyCoupon(Coupon(CouponDiscount.MinutesOff, 60, false));

        var quote = stay.Exit(Now, Visitor, Shanghai);

        Assert.Equal(20m, stay.Fee);
        Assert.Equal(10m, Assert.Single(quote.Coupons).Amount);
    }

    [Fact]
    public void AKind_RefusesUseOutsideItsValidity_WhenUsedUp_AndOverThePlatesDailyShare()
    {
        var kind = CouponKind.Create(Guid.NewGuid(), Guid.NewGuid(), "一小时", CouponDiscount.MinutesOff, 60, Now.AddDays(-1), Now.AddDays(1), totalCount: 1, false, perPlatePerDay: 1, Now);

        Assert.Equal("Coupon.NotYetValid", Assert.Throws<DomainException>(() => kind.Take(Now.AddDays(-2), 0)).Code);
        Assert.Equal("Coupon.Expired", Assert.Throws<DomainException>(() => kind.Take(Now.AddDays(1), 0)).Code);
        Assert.Equal("Coupon.PlateDailyLimit", Assert.Throws<DomainException>(() => kind.Take(Now, 1)).Code);
        kind.Take(Now, 0);
        Assert.Equal("Coupon.Exhausted", Assert.Throws<DomainException>(() => kind.Take(Now, 0)).Code);
        Assert.Equal(0, kind.Left);
    }

    [Theory]
    [InlineData(CouponDiscount.MinutesOff, "0")]
    [InlineData(CouponDiscount.MinutesOff, "30.5")]
    [InlineData(CouponDiscount.AmountOff, "0")]
    [InlineData(CouponDiscount.AmountOff, "1.005")]
    [InlineData(CouponDiscount.PercentOff, "100")]
    [InlineData(CouponDiscount.FullWaiver, "5")]
    public void AKind_WithAValueThatDoesNotFitItsDiscount_IsRefused(CouponDiscount discount, string value)
    {
        var error = Assert.Throws<DomainException>(() =>
            CouponKind.Create(Guid.NewGuid(), Guid.NewGuid(), "券", discount, Yuan(value), Now, Now.AddDays(1), null, false, null, Now));

        Assert.Equal("Coupon.ValueOutOfRange", error.Code);
    }

    [Fact]
    public void ACode_IsGoodForOneUse()
    {
        var kind = CouponKind.Create(Guid.NewGuid(), Guid.NewGuid(), "一小时", CouponDiscount.MinutesOff, 60, Now.AddDays(-1), Now.AddDays(1), null, false, null, Now);
        var code = CouponCode.Issue(kind, Now, "shop");

        code.Redeem(Now);

        Assert.Equal(CouponCode.Length, code.Code.Length);
        Assert.Equal(code.Code, CouponCode.Normalise(" " + code.Code[..5].ToLowerInvariant() + "-" + code.Code[5..]));
        Assert.Equal("Coupon.CodeUsed", Assert.Throws<DomainException>(() => code.Redeem(Now.AddMinutes(1))).Code);
    }

    [Theory]
    [InlineData("https://park.example.cn/coupon/ABCDEFGH23")]
    [InlineData("http://192.0.2.1:8080/coupon/abcdefgh23?lang=en")]
    [InlineData("ABCD-EFGH-23")]
    public void WhatTheBoothScannerReads_TheWholeLinkOrTheCode_GivesTheCode(string read)
    {
        Assert.Equal("ABCDEFGH23", CouponCode.Normalise(read));
    }

    private static decimal Yuan(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static ParkingSession Enter(DateTime entryUtc) =>
        ParkingSession.Enter(Guid.NewGuid(), PlateNumber.Parse("京B60000"), VehicleType.Small, CustomerClass.Visitor, null, Visitor, entryUtc, awaitingRegistration: false);

    private static StayCoupon Coupon(CouponDiscount discount, decimal value, bool stackable) => new(Guid.NewGuid(), "店 · 券", discount, value, stackable);

    private static IEnumerable<StayCoupon> Parse(string text, bool stackable) =>
        text.Split(',').Select(part => part.Split(':')).Select(p => Coupon(Enum.Parse<CouponDiscount>(p[0]), Yuan(p[1]), stackable));
}
