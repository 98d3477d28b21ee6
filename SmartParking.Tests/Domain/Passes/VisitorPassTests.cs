using SmartParking.Domain.Common;
using SmartParking.Domain.Passes;
using SmartParking.Domain.People;

namespace SmartParking.Tests.Domain.Passes;

public sealed class VisitorPassTests
{
    // Saturday 2026-12-12 14:00–18:00 in Shanghai, written on the Thursday before.
    private static readonly DateTime From = new(2026, 12, 12, 6, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = From.AddHours(4);
    private static readonly DateTime Thursday = new(2026, 12, 10, 2, 0, 0, DateTimeKind.Utc);
    private static readonly PlateNumber Guest = PlateNumber.Parse("沪B12345");

    private static VisitorPass Pass(PlateNumber? plate = null, VisitorPassEntries entries = VisitorPassEntries.Single, int passesThatMonth = 0) =>
        VisitorPass.Issue(Guid.NewGuid(), Guid.NewGuid(), plate, From, To, entries, VisitorPassPayer.Owner, VisitorPassLimits.Default, 50m, passesThatMonth,
            Thursday.Date.AddHours(-8), Thursday);

    [Fact]
    public void AGuestCar_ComesInWithinTheWindow_NotBeforeAndNotAtItsEnd()
    {
        var pass = Pass(Guest);

        Assert.Equal("VisitorPass.OutsideWindow", pass.RefusalFor(Guest, From.AddMinutes(-1))?.Code);
        Assert.Equal("VisitorPass.OutsideWindow", pass.RefusalFor(Guest, To)?.Code);
        Assert.Null(pass.RefusalFor(Guest, From));
        Assert.Equal("VisitorPass.OtherPlate", pass.RefusalFor(PlateNumber.Parse("沪B99999"), From)?.Code);
        Assert.Equal(VisitorPassState.Upcoming, pass.StateAt(Thursday));
        Assert.Equal(VisitorPassState.Active, pass.StateAt(From));
        Assert.Equal(VisitorPassState.Expired, pass.StateAt(To));
    }

    [Fact]
    public void ASingleEntryPass_IsUsedUpByItsFirstEntry_AMultiEntryPassIsNot()
    {
        var single = Pass(Guest);
        var multi = Pass(Guest, VisitorPassEntries.Multi);

        single.Enter(Guest, From.AddHours(1));
        multi.Enter(Guest, From.AddHours(1));
        multi.Enter(Guest, From.AddHours(2));

        Assert.Equal("VisitorPass.AlreadyUsed", Assert.Throws<DomainException>(() => single.Enter(Guest, From.AddHours(2))).Code);
        Assert.Equal(VisitorPassState.Used, single.StateAt(From.AddHours(2)));
        Assert.Equal((2, VisitorPassState.Active), (multi.TimesEntered, multi.StateAt(From.AddHours(3))));
        Assert.Equal(VisitorPassState.Used, multi.StateAt(To));
    }

    [Fact]
    public void AnAnyPlatePass_BelongsToTheFirstPlateGiven()
    {
        var pass = Pass();

        Assert.Equal("VisitorPass.OtherPlate", pass.RefusalFor(Guest, From)?.Code);
        pass.BindPlate(Guest, Thursday);

        Assert.True(pass.AnyPlate);
        Assert.Null(pass.RefusalFor(Guest, From));
        Assert.Equal("VisitorPass.PlateAlreadyGiven", Assert.Throws<DomainException>(() => pass.BindPlate(PlateNumber.Parse("沪B99999"), Thursday)).Code);
    }

    [Fact]
    public void ARevokedPass_LetsNobodyIn_AndAnExpiredOneCannotBeRevoked()
    {
        var revoked = Pass(Guest);
        var expired = Pass(Guest);

        revoked.Revoke(Thursday);

        Assert.Equal("VisitorPass.Revoked", revoked.RefusalFor(Guest, From)?.Code);
        Assert.Equal(VisitorPassState.Revoked, revoked.StateAt(From));
        Assert.Equal("VisitorPass.AlreadyOver", Assert.Throws<DomainException>(() => expired.Revoke(To)).Code);
    }

    [Theory]
    [InlineData(0, 20, 24, null)]
    [InlineData(20, 20, 24, "VisitorPass.MonthlyCountReached")]
    [InlineData(0, 20, 3, "VisitorPass.WindowTooLong")]
    public void TheLotsLimits_AreKept(int passesThatMonth, int perMonth, int longestHours, string? refusal)
    {
        var limits = new VisitorPassLimits(perMonth, longestHours, 50m);

        var error = Record.Exception(() => VisitorPass.Issue(
            Guid.NewGuid(), Guid.NewGuid(), Guest, From, To, VisitorPassEntries.Single, VisitorPassPayer.Guest, limits, 50m, passesThatMonth, Thursday.Date, Thursday));

        Assert.Equal(refusal, (error as DomainException)?.Code);
    }
}
