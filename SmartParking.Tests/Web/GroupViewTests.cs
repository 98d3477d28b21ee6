using System.Net;
using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Reports;
using SmartParking.Tests.Support;
using SmartParking.Web.Reports;

namespace SmartParking.Tests.Web;

/// <summary>The group admin's view of both demo lots side by side, on screen and as the monthly summary PDF.</summary>
public sealed class GroupViewTests : AdminPageContext
{
    public GroupViewTests()
    {
        Services.AddSingleton(App.Services.GetRequiredService<GroupOverview>());
        Services.AddSingleton(App.Services.GetRequiredService<MonthlyReports>());
    }

    [Fact]
    public async Task BothLots_ShowTheirCarsInside_AndTheirIncome_SideBySide()
    {
        await StayAsync("NU000001", new(2026, 11, 19, 10, 0, 0), new(2026, 11, 19, 12, 0, 0)); // the community: ¥20
        var mall = App.Commercial;
        await Gate.EnterAsync(new EntryRequest(mall.Id, PlateNumber.Parse("浙A10001"), LotClock.ToUtc(new(2026, 11, 20, 9, 0, 0)), null, "test"));
        await Gate.EnterAsync(new EntryRequest(mall.Id, PlateNumber.Parse("浙A10002"), LotClock.ToUtc(new(2026, 11, 20, 9, 0, 0)), null, "test"));
        // Three hours in the day: 30 free minutes, then ¥6 for each started hour.
        await Gate.ExitAsync(new ExitRequest(mall.Id, PlateNumber.Parse("浙A10002"), LotClock.ToUtc(new(2026, 11, 20, 12, 0, 0)), "test"));

        var page = RenderPage<GroupPage>();

        var community = page.Find("[data-testid=group-lot-yangguang]");
        var shops = page.Find("[data-testid=group-lot-cuihu]");
        Assert.Contains("阳光花园小区", community.TextContent);
        Assert.Equal("0 / 200", community.QuerySelector("[data-testid=group-occupancy]")!.TextContent);
        Assert.Equal("¥20.00", community.QuerySelector("[data-testid=group-income]")!.TextContent);
        Assert.Equal("1 / 500", shops.QuerySelector("[data-testid=group-occupancy]")!.TextContent);
        Assert.Equal("¥18.00", shops.QuerySelector("[data-testid=group-income]")!.TextContent);
        Assert.NotEmpty(page.FindAll("[data-testid=group-income-chart] svg"));
        Assert.Equal("/api/reports/group/2026-10.pdf?culture=zh-CN", page.Find("[data-testid='group-pdf-2026-10']").GetAttribute("href"));
    }

    [Fact]
    public async Task TheGroupPdf_ListsEveryLotWithTotals_ForTheGroupAdminOnly()
    {
        using var camera = App.DeviceClient();
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2026-10-09T09:00:00", vehicle_type = "货车" });
        await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456", start_time = "2026-10-09T10:16:00" });
        using var admin = await App.AdminClientAsync();
        using var guard = await App.GuardClientAsync();

        var response = await admin.GetAsync("/api/reports/group/2026-10.pdf");
        var byGuard = await guard.GetAsync("/api/reports/group/2026-10.pdf");
        var badMonth = await admin.GetAsync("/api/reports/group/2026-13.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("smartparking-group-2026-10.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = await PdfText.ExtractAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("集团月度汇总", text);
        Assert.Contains("阳光花园小区", text);
        Assert.Contains("翠湖商业广场", text);
        Assert.Matches(@"合计\s+¥20\.00", text);
        Assert.Equal(HttpStatusCode.Forbidden, byGuard.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
    }
}
