using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;
using SmartParking.Web.Billing;

namespace SmartParking.Tests.Web;

/// <summary>/admin/rules on the demo rules, the clock at Friday 2026-11-20 12:00 lot time.</summary>
public sealed class FeeRulesPageTests : AdminPageContext
{
    [Theory]
    [InlineData("2026-11-20T10:00", "2026-11-20T10:14", "小车", "¥0.00", "免费时长内")]
    [InlineData("2026-11-20T20:00", "2026-11-21T08:30", "小车", "¥50.00", "封顶¥50.00")]
    [InlineData("2026-11-20T09:00", "2026-11-20T10:16", "货车", "¥20.00", "计费61分钟=2单位")]
    public void TryIt_ShowsTheSeedFees_ExplainedWindowByWindow(string entry, string exit, string vehicle, string fee, string explained)
    {
        var page = RenderPage<FeeRulesPage>();

        page.FindAll("[data-testid=try-type] .mud-toggle-item").Single(b => b.TextContent.Contains(vehicle)).Click();
        page.Find("[data-testid=try-entry]").Change(entry);
        page.Find("[data-testid=try-exit]").Change(exit);

        Assert.Equal(fee, page.Find("[data-testid=try-current-total]").TextContent.Trim());
        Assert.Contains(explained, page.Find("[data-testid=try-current]").TextContent);
    }

    [Fact]
    public void TryIt_ExitBeforeEntry_SaysSo_InsteadOfAFee()
    {
        var page = RenderPage<FeeRulesPage>();

        page.Find("[data-testid=try-entry]").Change("2026-11-20T10:00");
        page.Find("[data-testid=try-exit]").Change("2026-11-20T09:00");

        Assert.Contains("出场时间早于入场时间", page.Find("[data-testid=try-error]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=try-current-total]"));
    }

    [Fact]
    public void TryIt_ATimeTheBrowserSendsWithSeconds_IsTaken_NotSnappedBack()
    {
        var page = RenderPage<FeeRulesPage>();

        page.Find("[data-testid=try-entry]").Change("2026-11-20T08:00:00");
        page.Find("[data-testid=try-exit]").Change("2026-11-20T09:00:00");

        Assert.Equal("2026-11-20T08:00", page.Find("[data-testid=try-entry]").GetAttribute("value"));
        Assert.Equal("2026-11-20T09:00", page.Find("[data-testid=try-exit]").GetAttribute("value"));
        // 60 minutes, 15 free, 45 chargeable = 2 units of ¥5.
        Assert.Equal("¥10.00", page.Find("[data-testid=try-current-total]").TextContent.Trim());
    }

    [Fact]
    public void EditingARule_ShowsTheDraftFeeBesideTheCurrentOne()
    {
        var page = RenderPage<FeeRulesPage>();
        page.Find("[data-testid=try-entry]").Change("2026-11-20T10:00");
        page.Find("[data-testid=try-exit]").Change("2026-11-20T12:00");

        page.Find("[data-testid=edit-small-visitor]").Click();
        page.Find("[data-testid=unit-fee] input, input[name=UnitFee]").Change("10");

        Assert.Equal("¥20.00", page.Find("[data-testid=try-current-total]").TextContent.Trim());
        Assert.Equal("¥40.00", page.Find("[data-testid=try-draft-total]").TextContent.Trim());
        Assert.Contains("第 2 版", page.Find("[data-testid=rule-editor]").TextContent);
    }

    [Fact]
    public void ADraftFreeOnHolidays_PricesAStayOnNationalDayAtNothing_WhileTheRuleInForceCharges()
    {
        var page = RenderPage<FeeRulesPage>();
        page.Find("[data-testid=try-entry]").Change("2026-10-01T10:00");
        page.Find("[data-testid=try-exit]").Change("2026-10-01T12:00");
        page.Find("[data-testid=edit-small-visitor]").Click();

        page.FindAll("[data-testid=holiday-pricing] .mud-toggle-item").Single(b => b.TextContent.Contains("节假日免费")).Click();

        page.WaitForAssertion(() => Assert.Equal("¥0.00", page.Find("[data-testid=try-draft-total]").TextContent.Trim()));
        Assert.Equal("¥20.00", page.Find("[data-testid=try-current-total]").TextContent.Trim());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=weekends-are-holidays]")));

        // The day after the holidays, a working Friday, the draft charges as the rule in force does.
        page.Find("[data-testid=try-entry]").Change("2026-10-09T10:00");
        page.Find("[data-testid=try-exit]").Change("2026-10-09T12:00");
        page.WaitForAssertion(() => Assert.Equal("¥20.00", page.Find("[data-testid=try-draft-total]").TextContent.Trim()));
    }

    [Fact]
    public void ADraftWithAHolidayUnitFee_AsksForTheFee_AndPricesHolidayUnitsAtIt()
    {
        var page = RenderPage<FeeRulesPage>();
        page.Find("[data-testid=try-entry]").Change("2026-10-02T10:00");
        page.Find("[data-testid=try-exit]").Change("2026-10-02T12:00");
        page.Find("[data-testid=edit-small-visitor]").Click();

        page.FindAll("[data-testid=holiday-pricing] .mud-toggle-item").Single(b => b.TextContent.Contains("按节假日单价")).Click();

        page.WaitForAssertion(() => Assert.Contains("节假日单价", page.Find("[data-testid=rule-error]").TextContent));
        Assert.True(page.Find("[data-testid=replay]").HasAttribute("disabled"));
        page.Find("input[name=HolidayUnitFee]").Change("8");
        // 105 chargeable minutes are 4 half-hour units: ¥8 each on a holiday instead of ¥5.
        page.WaitForAssertion(() => Assert.Equal("¥32.00", page.Find("[data-testid=try-draft-total]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=rule-error]"));
    }

    [Fact]
    public async Task ABrokenDraft_ShowsTheDomainsMessage_AndCannotBeReplayedOrPublished()
    {
        var page = RenderPage<FeeRulesPage>();
        page.Find("[data-testid=edit-small-visitor]").Click();

        page.Find("[data-testid=free-minutes] input, input[name=FreeMinutes]").Change("2000");

        Assert.Contains("免费时长不能超过 24 小时", page.Find("[data-testid=rule-error]").TextContent);
        Assert.True(page.Find("[data-testid=replay]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=publish]").HasAttribute("disabled"));
        page.Find("[data-testid=rule-editor] form").Submit();
        Assert.Equal(1, await App.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == Lot.Id && r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor)));
    }

    [Fact]
    public async Task Replay_ComparesTheLast30DaysOfThatTypeAndClass_AndNamesWhoPaysMoreOrLess()
    {
        await StayAsync("NU000001", new(2026, 11, 19, 10, 0, 0), new(2026, 11, 19, 12, 0, 0)); // ¥20 now, 90 min → 3 × ¥8 = ¥24
        await StayAsync("NU000002", new(2026, 11, 19, 13, 0, 0), new(2026, 11, 19, 13, 10, 0)); // free either way
        await StayAsync("NU000003", new(2026, 11, 18, 9, 0, 0), new(2026, 11, 18, 9, 20, 0)); // ¥5 now, free with 30 minutes
        await StayAsync("NU000004", new(2026, 11, 19, 9, 0, 0), new(2026, 11, 19, 15, 0, 0), VehicleType.Truck); // not a small car
        await StayAsync("NU000005", new(2026, 10, 1, 9, 0, 0), new(2026, 10, 1, 15, 0, 0)); // older than 30 days
        var page = RenderPage<FeeRulesPage>();
        page.Find("[data-testid=edit-small-visitor]").Click();
        page.Find("input[name=FreeMinutes]").Change("30");
        page.Find("input[name=UnitFee]").Change("8");

        page.Find("[data-testid=replay]").Click();

        page.WaitForElement("[data-testid=replay-result]");
        Assert.Equal("¥25.00", page.Find("[data-testid=income-now]").TextContent);
        Assert.Equal("¥24.00", page.Find("[data-testid=income-draft]").TextContent);
        Assert.Equal("−¥1.00", page.Find("[data-testid=income-change]").TextContent);
        Assert.Contains("3 次", page.Find("[data-testid=replay-result]").TextContent);
        var more = Assert.Single(page.FindAll("[data-testid=pay-more] tbody tr"));
        Assert.Equal("NU000001", more.GetAttribute("data-plate"));
        Assert.Contains("+¥4.00", more.TextContent);
        var less = Assert.Single(page.FindAll("[data-testid=pay-less] tbody tr"));
        Assert.Equal("NU000003", less.GetAttribute("data-plate"));
        Assert.Contains("−¥5.00", less.TextContent);
        Assert.False(page.Find("[data-testid=publish]").HasAttribute("disabled"));

        page.Find("input[name=UnitFee]").Change("9");
        Assert.True(page.Find("[data-testid=publish]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Publishing_AddsVersion2WithAnAuditEntry_NewEntriesUseIt_AndEarlierStaysKeepVersion1()
    {
        var before = await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("NU111111"), LotClock.ToUtc(new(2026, 11, 20, 10, 0, 0)), null, "test"));
        var page = RenderPage<FeeRulesPage>();
        page.Find("[data-testid=edit-small-visitor]").Click();
        page.Find("input[name=UnitFee]").Change("10");
        page.Find("[data-testid=replay]").Click();
        page.WaitForElement("[data-testid=replay-result]");

        page.Find("[data-testid=rule-editor] form").Submit();
        Assert.Contains("请填写修改原因", page.Find("[data-testid=rule-editor]").TextContent);
        Assert.Equal(1, await SmallVisitorVersionsAsync());

        page.Find("[data-testid=reason] textarea, textarea[name=Reason]").Change("物业费调整");
        page.Find("[data-testid=rule-editor] form").Submit();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-rule=small-visitor] [data-testid=version]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=rule-editor]"));
        Assert.Equal(2, await SmallVisitorVersionsAsync());
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "PublishFeeRule"));
        Assert.Equal("admin", audit.Actor);
        Assert.Equal("物业费调整", audit.Reason);
        Assert.Contains("unit=¥5.00/30min", audit.Before);
        Assert.Contains("v2", audit.After);
        Assert.Contains("unit=¥10.00/30min", audit.After);

        var after = await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("NU222222"), LotClock.ToUtc(new(2026, 11, 20, 11, 0, 0)), null, "test"));
        var v2 = await App.WithDbAsync(db => db.FeeRules.SingleAsync(r => r.LotId == Lot.Id && r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor && r.Version == 2));
        Assert.Equal(v2.Id, after.Session!.FeeRuleId);
        Assert.NotEqual(v2.Id, before.Session!.FeeRuleId);
        var exit = await Gate.ExitAsync(new ExitRequest(Lot.Id, PlateNumber.Parse("NU111111"), LotClock.ToUtc(new(2026, 11, 20, 12, 0, 0)), "test"));
        Assert.Equal(20m, exit.Quote!.Total);
        var exitNew = await Gate.ExitAsync(new ExitRequest(Lot.Id, PlateNumber.Parse("NU222222"), LotClock.ToUtc(new(2026, 11, 20, 13, 0, 0)), "test"));
        Assert.Equal(40m, exitNew.Quote!.Total);
    }

    [Fact]
    public void History_ListsEveryVersionOfTheRule()
    {
        var page = RenderPage<FeeRulesPage>();

        page.Find("[data-testid=history-truck-visitor]").Click();

        var history = page.Find("[data-testid=rule-history]");
        Assert.Contains("货车", history.TextContent);
        Assert.Single(history.QuerySelectorAll("tbody tr"));
    }

    [Fact]
    public void InEnglish_ThePageUsesTheEnglishResources()
    {
        UseCulture("en");

        var page = RenderPage<FeeRulesPage>();

        Assert.Contains("Fee rules", page.Find("h1").TextContent);
        Assert.Contains("Try it", page.Markup);
        Assert.DoesNotContain("试算", page.Markup);
    }

    private Task<int> SmallVisitorVersionsAsync() =>
        App.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == Lot.Id && r.VehicleType == VehicleType.Small && r.CustomerClass == CustomerClass.Visitor));

    [Fact]
    public async Task ANewLot_OffersEveryKindWithoutARule_AndTheFirstRuleIsPublishedWithoutAReplay()
    {
        var lot = await App.Services.GetRequiredService<SmartParking.Infrastructure.Lots.LotDirectory>().OpenAsync(
            SmartParking.Domain.Lots.Lot.Open("fresh", "新车场", null, SmartParking.Domain.Lots.LotKind.Community, null, SmartParking.Domain.Gate.LotPolicy.Create(80, 500m, 100m, 72), LotClock.UtcNow), "admin");
        InLot(lot);
        var page = RenderPage<FeeRulesPage>();

        Assert.Equal(4, page.FindAll("[data-testid=missing-rules] button").Count);
        page.Find("[data-testid=new-truck-visitor]").Click();
        page.Find("[data-testid=unit-fee] input, input[name=UnitFee]").Change("8");
        Assert.False(page.Find("[data-testid=publish]").HasAttribute("disabled"));
        page.Find("[data-testid=rule-editor] form").Submit();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=missing-rules] button").Count));
        var rule = await App.WithDbAsync(db => db.FeeRules.SingleAsync(r => r.LotId == lot.Id));
        Assert.Equal((VehicleType.Truck, CustomerClass.Visitor, 1, 8m), (rule.VehicleType, rule.CustomerClass, rule.Version, rule.UnitFee));
        Assert.Contains("货车", page.Find("[data-testid=current-rules]").TextContent);
    }
}
