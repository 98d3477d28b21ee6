using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Lots;
using SmartParking.Web.People;

using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class VisitQrPageTests : MudTestContext
{
    [Fact]
    public void QrSheet_PointsAtTheVisitorForm_WithTheLotsName()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var lot = Lot.Open("cuihuyuan", "翠湖苑停车场", null, LotKind.Community, "Asia/Shanghai", LotPolicy.Create(100, 500m, 100m, 72), DateTime.UtcNow);
        InLot(lot);

        var page = Render<VisitQrPage>();

        Assert.Contains("翠湖苑停车场", page.Find("h1").TextContent);
        Assert.EndsWith("/visit/cuihuyuan", page.Find(".sp-qr-url").TextContent);
        var svg = page.Find(".sp-qr svg");
        Assert.True(svg.InnerHtml.Length > 1000, "a QR code of a URL has many modules");
        Assert.Contains("访客车辆请扫码登记", page.Markup);
    }
}
