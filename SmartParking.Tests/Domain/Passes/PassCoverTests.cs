using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Passes;

public sealed class PassCoverTests
{
    // The demo's visitor rule for small cars: 15 free minutes (deducted), ¥5 per 30 minutes, ¥50 a day.
    private static readonly FeeRule Visitor = FeeRule.Create(VehicleType.Small, CustomerClass.Visitor, 15, 30, 5m, 50m, true);

    [Theory]
    // entry, pass end, exit, fee: inside the pass nothing; after it the visitor rule from the end, its grace included.
    [InlineData("2026-12-07 08:00", "2026-12-08 00:00", "2026-12-07 20:00", 0)]
    [InlineData("2026-12-07 22:00", "2026-12-08 00:00", "2026-12-08 00:00", 0)]
    [InlineData("2026-12-07 22:00", "2026-12-08 00:00", "2026-12-08 00:15", 0)]
    [InlineData("2026-12-07 22:00", "2026-12-08 00:00", "2026-12-08 00:16", 5)]
    [InlineData("2026-12-07 22:00", "2026-12-08 00:00", "2026-12-08 02:00", 20)]
    [InlineData("2026-12-07 22:00", "2026-12-08 00:00", "2026-12-09 23:00", 100)]
    public void Price_ChargesOnlyTheTimeAfterThePass(string entry, string end, string exit, decimal fee)
    {
        var quote = PassCover.Price(Visitor, At(entry), At(end), At(exit));

        Assert.Equal(fee, quote.Total);
        Assert.Equal(At(end), quote.PassCoveredUntil);
        Assert.Equal((int)(At(exit) - At(entry)).TotalMinutes, quote.StayMinutes);
        Assert.All(quote.Windows, w => Assert.True(w.Start >= At(end)));
    }

    [Fact]
    public void Until_FollowsRenewalsWithoutAGap_ButNotAcrossOne()
    {
        var plate = PlateNumber.Parse("京A12345");
        var product = Product();
        var now = new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc);
        var december = Sell(product, plate, new DateTime(2026, 12, 1), new DateTime(2027, 1, 1), now);
        var january = Sell(product, plate, new DateTime(2027, 1, 1), new DateTime(2027, 2, 1), now, december);
        var march = Sell(product, plate, new DateTime(2027, 3, 1), new DateTime(2027, 4, 1), now, december, january);

        Assert.Equal(new DateTime(2027, 2, 1), PassCover.Until(december.EndUtc, [march, january, december]));
    }

    [Fact]
    public void AStayOnAPass_CostsNothing_UntilItsEnd_ThenTheVisitorRule()
    {
        var rule = Visitor;
        var stay = ParkingSession.Enter(Guid.NewGuid(), PlateNumber.Parse("京A12345"), VehicleType.Small, CustomerClass.Visitor, null, rule, Utc("2026-12-07 14:00"), false);
        stay.CoverByPass(Guid.NewGuid(), Utc("2026-12-07 16:00"), reservedSpace: false);

        var within = stay.Quote(Utc("2026-12-07 15:59"), rule, TimeZoneInfo.Utc);
        var after = stay.Exit(Utc("2026-12-07 17:00"), rule, TimeZoneInfo.Utc);

        Assert.Equal(0m, within.Total);
        Assert.Empty(within.Windows);
        Assert.Equal(10m, after.Total);
        Assert.Equal(At("2026-12-07 16:00"), after.PassCoveredUntil);
        Assert.Equal(PaymentState.Unpaid, stay.Payment);
    }

    [Fact]
    public void ARenewalWhileInside_CarriesTheCoverOn()
    {
        var stay = ParkingSession.Enter(Guid.NewGuid(), PlateNumber.Parse("京A12345"), VehicleType.Small, CustomerClass.Visitor, null, Visitor, Utc("2026-12-30 14:00"), false);
        stay.CoverByPass(Guid.NewGuid(), Utc("2027-01-01 00:00"), reservedSpace: false);

        stay.ExtendPass(Utc("2027-02-01 00:00"));
        stay.ExtendPass(Utc("2027-01-15 00:00"));

        Assert.Equal(0m, stay.Exit(Utc("2027-01-03 09:00"), Visitor, TimeZoneInfo.Utc).Total);
        Assert.Equal(Utc("2027-02-01 00:00"), stay.PassCoversUntilUtc);
    }

    [Fact]
    public void AValidPass_OpensEvenAFullLot_ButNotForABlacklistedCar()
    {
        var full = new EntryFacts(false, null, false, 10, 10, true, "小车月卡");
        var blacklisted = full with { Listing = ListedPlate.Add(Guid.NewGuid(), PlateNumber.Parse("京A12345"), ListKind.Blacklist, "逃费", DateTime.UtcNow.AddDays(-1), null) };

        var open = EntryRule.Decide(full);

        Assert.Equal(GateVerdict.Open, open.Verdict);
        Assert.Equal("Gate.MonthlyPass", open.Reason.Code);
        Assert.Equal(CustomerClass.Visitor, open.CustomerClass);
        Assert.Equal(GateVerdict.Deny, EntryRule.Decide(blacklisted).Verdict);
        Assert.Equal(CustomerClass.Owner, EntryRule.Decide(full with { IsOwnerVehicle = true }).CustomerClass);
    }

    internal static PassProduct Product(int? maxPasses = null, int maxPlates = 2) =>
        PassProduct.Create(Guid.NewGuid(), "小车月卡", [VehicleType.Small], PassPeriod.CalendarMonth, 300m, maxPlates, true, 20, maxPasses, true, DateTime.UtcNow);

    internal static MonthlyPass Sell(PassProduct product, PlateNumber plate, DateTime start, DateTime end, DateTime now, params MonthlyPass[] others) =>
        MonthlyPass.SellAtOffice(product, [plate], DateTime.SpecifyKind(start, DateTimeKind.Utc), DateTime.SpecifyKind(end, DateTimeKind.Utc), 300m, null, others, now, "finance");

    private static DateTime At(string text) => DateTime.ParseExact(text, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime Utc(string text) => DateTime.SpecifyKind(At(text), DateTimeKind.Utc);
}
