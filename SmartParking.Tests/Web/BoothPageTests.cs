using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.People;
using SmartParking.Domain.Devices;
using SmartParking.Domain.Passes;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Devices;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Passes;
using Microsoft.EntityFrameworkCore;
using SmartParking.Tests.Support;
using SmartParking.Web.Gate;

namespace SmartParking.Tests.Web;

/// <summary>The booth page on the app's real services: lookups by keyboard and events pushed while it is open.</summary>
public sealed class BoothPageTests : AdminPageContext
{
    public BoothPageTests()
    {
        Services.AddSingleton(App.Services.GetRequiredService<GateKeeper>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Billing.CouponDesk>());
        Services.AddSingleton(App.Services.GetRequiredService<GateEventFeed>());
        Services.AddSingleton(App.Services.GetRequiredService<LaneCameras>());
        Services.AddSingleton(App.Services.GetRequiredService<ReviewQueue>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Lots.LotSetup>());
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task AnEntryAtTheGate_AppearsOnTheOpenBooth_AndTheOccupancyCounts()
    {
        var booth = RenderPage<BoothPage>();
        Assert.Contains("0 / 200", booth.Find("[data-testid=occupancy]").TextContent);

        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("NU515151"), LotClock.UtcNow, null, "camera"));

        booth.WaitForAssertion(() =>
        {
            Assert.Contains("NU515151", booth.Find("[data-testid=gate-events]").TextContent);
            Assert.Contains("1 / 200", booth.Find("[data-testid=occupancy]").TextContent);
        });
    }

    [Fact]
    public async Task AnAmbulanceOnTheExemptList_ShowsAsFree_WithItsReason_AndOtherCarsDoNot()
    {
        await App.ListAsync("京A12011", SmartParking.Domain.Gate.ListKind.Exempt, "120 急救车");
        var booth = RenderPage<BoothPage>();

        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("京A12011"), LotClock.UtcNow, null, "camera"));
        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("NU525252"), LotClock.UtcNow, null, "camera"));

        booth.WaitForAssertion(() => Assert.Contains("NU525252", booth.Find("[data-testid=gate-events]").TextContent));
        var chip = Assert.Single(booth.FindAll("[data-testid=exempt-chip]"));
        Assert.Equal(("免费", "120 急救车"), (chip.TextContent.Trim(), chip.GetAttribute("title")));
        Assert.Contains("京A12011", chip.Closest("tr")!.TextContent);
    }

    [Fact]
    public async Task AGuestOnAnOwnersVisitorPass_ShowsAsInvited_WithTheOwnersUnit()
    {
        var ownerId = await App.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());
        var from = LotClock.LocalNow.AddMinutes(-1);
        await App.Services.GetRequiredService<VisitorPassDesk>().IssueAsync(
            Lot.Id, ownerId, new VisitorPassDraft(PlateNumber.Parse("苏E5G124"), from, from.AddHours(3), VisitorPassEntries.Single, VisitorPassPayer.Owner));
        var booth = RenderPage<BoothPage>();

        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("苏E5G124"), LotClock.UtcNow, null, "camera"));
        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("NU535353"), LotClock.UtcNow, null, "camera"));

        booth.WaitForAssertion(() => Assert.Contains("NU535353", booth.Find("[data-testid=gate-events]").TextContent));
        var chip = Assert.Single(booth.FindAll("[data-testid=guest-chip]"));
        Assert.Equal(("受邀访客", "业主 1-1-101 邀请"), (chip.TextContent.Trim(), chip.GetAttribute("title")));
        Assert.Contains("苏E5G124", chip.Closest("tr")!.TextContent);
    }

    [Fact]
    public async Task TypedPlate_ShowsWhetherTheCarIsInside_AndAMalformedOneSaysWhy()
    {
        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("京A12345"), LotClock.UtcNow.AddHours(-1), null, "camera"));
        var booth = RenderPage<BoothPage>();

        booth.Find("[data-testid=plate-input]").Input("京a12345");
        await booth.Find("form.sp-lookup").SubmitAsync();
        Assert.Contains("业主", booth.Find("[data-testid=lookup-result]").TextContent);
        Assert.NotNull(booth.Find("[data-testid=stay-actions]"));

        booth.Find("[data-testid=plate-input]").Input("京A1");
        await booth.Find("form.sp-lookup").SubmitAsync();
        Assert.NotEmpty(booth.Find("[data-testid=lookup-error]").TextContent);
    }

    [Fact]
    public async Task ACameraThatGoesQuiet_IsShownOnTheOpenBooth_AndTheWarningGoesWhenItTalksAgain()
    {
        var cameras = App.Services.GetRequiredService<CameraDesk>();
        await cameras.HeardAsync(DatabaseStartup.DemoIvsEntrySerial, "10.0.0.21");
        var booth = RenderPage<BoothPage>();
        Assert.Empty(booth.FindAll("[data-testid=cameras-offline]"));

        Clock.Advance(LaneDevice.OnlineFor + TimeSpan.FromSeconds(1));

        booth.WaitForAssertion(() =>
        {
            Assert.Contains(DatabaseStartup.DemoIvsEntrySerial, booth.Find("[data-testid=cameras-offline]").TextContent);
            Assert.Contains("东门入口", booth.Find("[data-testid=cameras-offline]").TextContent);
            Assert.NotNull(booth.Find("[data-testid=gate-events] tr[data-state=CameraSilent]"));
        }, TimeSpan.FromSeconds(15));

        await cameras.HeardAsync(DatabaseStartup.DemoIvsEntrySerial, "10.0.0.21");

        booth.WaitForAssertion(() =>
        {
            Assert.Empty(booth.FindAll("[data-testid=cameras-offline]"));
            Assert.NotNull(booth.Find("[data-testid=gate-events] tr[data-state=CameraBack]"));
        }, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task AHandOpening_WaitsForTheLane_TurnsOpenedWhenTheCameraTakesIt()
    {
        var booth = RenderPage<BoothPage>();
        await Gate.OpenByHandAsync(Lot.Id, DatabaseStartup.DemoExitLane, "guard", "送货车");
        booth.WaitForAssertion(() => Assert.NotNull(booth.Find("[data-testid=gate-events] tr[data-state=BarrierWaiting]")));

        Assert.True(await App.Services.GetRequiredService<LaneBarrier>().TakeOpenAsync(Lot.Id, DatabaseStartup.DemoExitLane, DatabaseStartup.DemoIvsExitSerial));

        booth.WaitForAssertion(() =>
        {
            Assert.Empty(booth.FindAll("[data-testid=gate-events] tr[data-state=BarrierWaiting]"));
            Assert.Contains("道闸已开", booth.Find("[data-testid=gate-events] tr[data-state=BarrierOpened]").TextContent);
        });
        Assert.Single(booth.FindAll("[data-testid=gate-events] tr[data-state^=Barrier]"));
    }
}
