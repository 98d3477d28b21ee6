using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;
using SmartParking.Web.Gate;

namespace SmartParking.Tests.Web;

public sealed class LanesPageTests : AdminPageContext
{
    [Fact]
    public async Task ALaneNamedLikeAnother_IsRefusedOnThePage_AndNothingIsWritten()
    {
        var page = RenderPage<LanesPage>();

        page.Find("[data-testid=new-lane-code]").Change("in-2");
        page.Find("[data-testid=new-lane-name]").Change("东门入口 / east gate in");
        page.Find("[data-testid=lane-add]").Click();

        page.WaitForAssertion(() => Assert.Contains("已有名为 东门入口 / east gate in 的车道", page.Find("[data-testid=lane-error]").TextContent));
        Assert.Equal(0, await App.WithDbAsync(db => db.Lanes.CountAsync(l => l.Code == "in-2")));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "AddLane")));
    }

    [Fact]
    public async Task ABlankName_IsRefusedOnThePage()
    {
        var page = RenderPage<LanesPage>();

        page.Find("[data-testid=new-lane-code]").Change("in-3");
        page.Find("[data-testid=lane-add]").Click();

        page.WaitForAssertion(() => Assert.Contains("请填写车道名称", page.Find("[data-testid=lane-error]").TextContent));
        Assert.Equal(0, await App.WithDbAsync(db => db.Lanes.CountAsync(l => l.Code == "in-3")));
    }

    [Fact]
    public void IssuingAKey_ShowsItOnce_AndAReloadShowsOnlyItsBeginning()
    {
        var page = RenderPage<LanesPage>();

        page.Find("tr[data-lane=out-1] [data-testid=issue-key]").Click();

        var secret = page.WaitForElement("[data-testid=issued-secret]").TextContent;
        Assert.StartsWith("spk_", secret);
        Assert.Contains("只显示这一次", page.Find("[data-testid=issued-key]").TextContent);
        var again = Render<LanesPage>();
        Assert.DoesNotContain(secret, again.Markup);
        Assert.Contains(secret[..8] + "…", again.Find("[data-testid=device-keys]").TextContent);
    }

    [Fact]
    public async Task ACameraHeardSixMinutesAgo_IsMarkedSilent_OneHeardAMinuteAgoIsNot()
    {
        var registry = App.Services.GetRequiredService<LaneRegistry>();
        var quiet = (await registry.IssueKeyAsync(Lot.Id, "in-1", "入口摄像头", "admin")).Value!;
        var busy = (await registry.IssueKeyAsync(Lot.Id, "out-1", "出口摄像头", "admin")).Value!;
        Clock.Advance(TimeSpan.FromMinutes(5));
        await App.Services.GetRequiredService<DeviceKeyCheck>().CheckAsync(busy.Secret, "10.0.0.8");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var page = RenderPage<LanesPage>();

        var quietRow = page.Find($"[data-testid=device-keys] tr[data-key='{quiet.Key.Hint}']");
        var busyRow = page.Find($"[data-testid=device-keys] tr[data-key='{busy.Key.Hint}']");
        Assert.Contains("从未上报", quietRow.QuerySelector("[data-testid=silent]")!.TextContent);
        Assert.Null(busyRow.QuerySelector("[data-testid=silent]"));
        Assert.Contains("10.0.0.8", busyRow.TextContent);
        Assert.Contains("2026-11-20 12:05", busyRow.TextContent);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var later = Render<LanesPage>();
        Assert.Contains("已静默 6 分钟", later.Find($"[data-testid=device-keys] tr[data-key='{busy.Key.Hint}'] [data-testid=silent]").TextContent);
    }

    [Fact]
    public async Task RotatingWithAGrace_ShowsTheNewKey_AndTheOldOneUntilWhen()
    {
        var registry = App.Services.GetRequiredService<LaneRegistry>();
        var old = (await registry.IssueKeyAsync(Lot.Id, "in-1", null, "admin")).Value!;
        var page = RenderPage<LanesPage>();

        page.Find($"tr[data-key='{old.Key.Hint}'] [data-testid=rotate]").Click();
        page.Find("[data-testid=grace-minutes]").Change("90");
        page.Find("[data-testid=rotate-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("2026-11-20 13:30", page.Find("[data-testid=issued-key]").TextContent));
        Assert.Equal("grace", page.Find($"tr[data-key='{old.Key.Hint}']").GetAttribute("data-state"));
        var rotated = await App.WithDbAsync(db => db.DeviceKeys.AsNoTracking().SingleAsync(k => k.Id == old.Key.Id));
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddMinutes(90), rotated.ExpiresUtc);
    }

    [Fact]
    public async Task ThePlateReadingCameras_ShowOnlineWhileTheyTalk_AndANewSerialIsRegisteredFromThePage()
    {
        var desk = App.Services.GetRequiredService<SmartParking.Infrastructure.Devices.CameraDesk>();
        await desk.HeardAsync(SmartParking.Infrastructure.Common.DatabaseStartup.DemoIvsEntrySerial, "10.0.0.21");
        var page = RenderPage<LanesPage>();

        Assert.Equal("true", page.Find("[data-serial=demo-ivs-in-1]").GetAttribute("data-online"));
        Assert.Equal("false", page.Find("[data-serial=demo-ivs-out-1]").GetAttribute("data-online"));
        Assert.Contains("10.0.0.21", page.Find("[data-serial=demo-ivs-in-1]").TextContent);

        page.Find("[data-testid=camera-serial]").Change("fe71e106-57263272");
        await page.Find("[data-testid=camera-register]").SubmitAsync();
        page.WaitForAssertion(() => Assert.Contains("请选择车道", page.Find("[data-testid=camera-error]").TextContent));
        Assert.Equal(2, await App.WithDbAsync(db => db.LaneDevices.CountAsync()));
    }
}
