using Bunit;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;
using SmartParking.Web.Gate;

namespace SmartParking.Tests.Web;

public sealed class PlateListsPageTests : AdminPageContext
{
    [Fact]
    public async Task MalformedPlate_ShowsThePlateRule_UnderTheField_AndWritesNothing()
    {
        var page = RenderPage<PlateListsPage>();

        page.Find("[data-testid=plate] input, input[name=Plate]").Change("京I12345");
        page.Find("input[name=Reason]").Change("测试");
        page.Find("[data-testid=list-form] form").Submit();

        Assert.Contains("I 或 O", page.Find("[data-testid=plate-error]").TextContent);
        Assert.Equal(0, await App.WithDbAsync(db => db.ListedPlates.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task EndBeforeStart_IsRefusedOnTheField()
    {
        var page = RenderPage<PlateListsPage>();

        page.Find("input[name=Plate]").Change("京D88888");
        page.Find("input[name=Reason]").Change("测试");
        page.Find("[data-testid=valid-from]").Change("2026-11-20T12:00");
        page.Find("[data-testid=valid-until]").Change("2026-11-20T11:00");
        page.Find("[data-testid=list-form] form").Submit();

        Assert.Contains("失效时间必须晚于生效时间", page.Find("[data-testid=validity-error]").TextContent);
        Assert.Equal(0, await App.WithDbAsync(db => db.ListedPlates.CountAsync()));
    }

    [Fact]
    public async Task Blacklisting_APlate_ListsIt_AuditsIt_AndTheGateTurnsItAway_UntilItIsRemoved()
    {
        var page = RenderPage<PlateListsPage>();
        page.FindAll("[data-testid=kind] .mud-toggle-item").Single(b => b.TextContent.Contains("黑名单")).Click();
        page.Find("input[name=Plate]").Change("京d·88888");
        page.Find("input[name=Reason]").Change("多次逃费");
        page.Find("[data-testid=valid-from]").Change("2026-11-20T11:00");
        page.Find("[data-testid=valid-until]").Change("2026-11-27T11:00");

        page.Find("[data-testid=list-form] form").Submit();

        var row = page.WaitForElement("[data-testid=listed-plates] tr[data-plate=京D88888]");
        Assert.Equal("Blacklist", row.GetAttribute("data-kind"));
        Assert.Contains("2026-11-27 11:00", row.TextContent);
        Assert.Contains("是", row.TextContent);
        var listed = await App.WithDbAsync(db => db.ListedPlates.SingleAsync());
        Assert.Equal(LotClock.ToUtc(new DateTime(2026, 11, 20, 11, 0, 0)), listed.ValidFromUtc);
        var added = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "AddListedPlate"));
        Assert.Equal("admin", added.Actor);
        Assert.Equal("多次逃费", added.Reason);
        var denied = await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("京D88888"), LotClock.UtcNow, null, "test"));
        Assert.Equal(EntryStatus.Denied, denied.Status);

        page.Find("tr[data-plate=京D88888] [data-testid=remove]").Click();
        page.Find("tr[data-plate=京D88888] [data-testid=confirm-remove]").Click();
        Assert.Contains("原因", page.Find("[data-testid=remove-error]").TextContent);
        Assert.Equal(1, await App.WithDbAsync(db => db.ListedPlates.CountAsync()));

        page.Find("tr[data-plate=京D88888] [data-testid=remove-reason] input, tr[data-plate=京D88888] input[data-testid=remove-reason]").Change("已补缴");
        page.Find("tr[data-plate=京D88888] [data-testid=confirm-remove]").Click();

        page.WaitForElement("[data-testid=no-entries]");
        Assert.Equal(0, await App.WithDbAsync(db => db.ListedPlates.CountAsync()));
        var removed = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "RemoveListedPlate"));
        Assert.Equal("已补缴", removed.Reason);
        Assert.Contains("京D88888", removed.Before);
    }

    [Fact]
    public void InEnglish_ThePageUsesTheEnglishResources()
    {
        UseCulture("en");

        var page = RenderPage<PlateListsPage>();

        Assert.Contains("White and black lists", page.Markup);
    }
}
