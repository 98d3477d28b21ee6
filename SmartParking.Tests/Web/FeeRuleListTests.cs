using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SmartParking.Domain.Billing;
using SmartParking.Web.Billing;

using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class FeeRuleListTests : MudTestContext
{
    private static readonly DateTime Now = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

    public FeeRuleListTests()
    {
    }

    [Fact]
    public void DemoRules_ShowEachVehicleAndCustomer_WithFreeMinutesUnitAndCap_InChinese()
    {
        using var culture = new CultureScope("zh-CN");

        var grid = Render<FeeRuleList>(p => p.Add(x => x.Rules, FeeRule.DemoRules(Now)));

        var rows = grid.FindAll("tbody tr.mud-table-row").Select(r => r.TextContent).ToList();
        Assert.Equal(4, rows.Count);
        var smallVisitor = Assert.Single(rows, r => r.Contains("小车") && r.Contains("访客"));
        Assert.Contains("15", smallVisitor);
        Assert.Contains("¥5.00 / 30 分钟", smallVisitor);
        Assert.Contains("¥50.00", smallVisitor);
        var truckVisitor = Assert.Single(rows, r => r.Contains("货车") && r.Contains("访客"));
        Assert.Contains("¥10.00 / 60 分钟", truckVisitor);
        Assert.Contains("¥100.00", truckVisitor);
        Assert.Equal(2, rows.Count(r => r.Contains("业主") && r.Contains("不封顶")));
    }

    [Fact]
    public void Rules_InEnglish_UseTheEnglishResources()
    {
        using var culture = new CultureScope("en");

        var grid = Render<FeeRuleList>(p => p.Add(x => x.Rules, FeeRule.DemoRules(Now)));

        Assert.Contains("Small car", grid.Markup);
        Assert.Contains("¥5.00 per 30 min", grid.Markup);
        Assert.DoesNotContain("小车", grid.Markup);
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(string name)
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
