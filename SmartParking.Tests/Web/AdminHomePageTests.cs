using Bunit;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;
using SmartParking.Web.Reports;

namespace SmartParking.Tests.Web;

/// <summary>The dashboard at Friday 2026-11-20 12:00 lot time.</summary>
public sealed class AdminHomePageTests : AdminPageContext
{
    [Fact]
    public async Task Dashboard_ShowsIncomeByDay_EntriesPerHourToday_AndTheOwnerVisitorSplit()
    {
        await StayAsync("NU000001", new(2026, 11, 19, 10, 0, 0), new(2026, 11, 19, 12, 0, 0)); // yesterday, ¥20
        await StayAsync("NU000002", new(2026, 11, 20, 9, 10, 0), new(2026, 11, 20, 9, 50, 0)); // today 09h, ¥5
        await StayAsync("NU000003", new(2026, 11, 20, 9, 40, 0), new(2026, 11, 20, 10, 40, 0)); // today 09h, ¥10
        await Gate.EnterAsync(new EntryRequest(Lot.Id, PlateNumber.Parse("京A12345"), LotClock.ToUtc(new(2026, 11, 20, 11, 5, 0)), null, "test"));

        var page = RenderPage<AdminHomePage>();

        Assert.Equal("¥35.00", page.Find("[data-testid=income-total]").TextContent);
        Assert.Equal("3", page.Find("[data-testid=entries-total]").TextContent);
        var split = page.Find("[data-testid=split]").TextContent;
        Assert.Contains("业主: 1", split);
        Assert.Contains("访客: 3", split);
        var occupancy = page.FindAll("[data-testid=occupancy-points] li").ToDictionary(li => li.GetAttribute("data-hour")!, li => li.TextContent);
        Assert.Equal(13, occupancy.Count);
        Assert.Equal(("0", "1", "0", "1"), (occupancy["09:00"], occupancy["10:00"], occupancy["11:00"], occupancy["12:00"]));
        Assert.NotEmpty(page.FindAll("[data-testid=income-chart] svg"));
        Assert.NotEmpty(page.FindAll("[data-testid=occupancy-chart] svg"));
        Assert.NotEmpty(page.FindAll("[data-testid=split-chart] svg"));
        Assert.Equal("admin/rules", page.Find("[data-testid=rules-link]").GetAttribute("href"));
        Assert.Contains("小车", page.Find("[data-testid=fee-rules]").TextContent);
    }

    [Fact]
    public void NoStays_ShowZeroTotals_AndSaySo_InsteadOfAnEmptyPie()
    {
        var page = RenderPage<AdminHomePage>();

        Assert.Equal("¥0.00", page.Find("[data-testid=income-total]").TextContent);
        Assert.Equal("0", page.Find("[data-testid=entries-total]").TextContent);
        Assert.Contains("近期没有停车记录", page.Find("[data-testid=no-stays]").TextContent);
    }

    [Fact]
    public void InEnglish_TheDashboardUsesTheEnglishResources()
    {
        UseCulture("en");

        var page = RenderPage<AdminHomePage>();

        Assert.Contains("Income by day, last 30 days", page.Markup);
        Assert.Contains("Edit fee rules", page.Find("[data-testid=rules-link]").TextContent);
    }
}
