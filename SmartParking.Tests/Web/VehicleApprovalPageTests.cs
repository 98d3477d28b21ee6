using Bunit;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Domain.People;
using SmartParking.Tests.Support;
using SmartParking.Web.People;

namespace SmartParking.Tests.Web;

public sealed class VehicleApprovalPageTests : AdminPageContext
{
    [Fact]
    public async Task PendingVehicle_Approved_LeavesTheQueue_IsApproved_AndAudited()
    {
        await AddPendingAsync("京B54321");
        var page = RenderPage<VehicleApprovalPage>();
        var row = page.Find("[data-testid=pending-vehicles] tr[data-plate=京B54321]");
        Assert.Contains("张业主", row.TextContent);

        row.QuerySelector("[data-testid=approve]")!.Click();

        page.WaitForElement("[data-testid=no-pending]");
        Assert.Equal(VehicleApproval.Approved, await ApprovalAsync("京B54321"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "ApproveVehicle"));
        Assert.Equal("admin", audit.Actor);
        Assert.Equal("Pending", audit.Before);
        Assert.Equal("Approved", audit.After);
        Assert.Contains("京B54321", audit.Subject);
    }

    [Fact]
    public async Task Reject_WithoutAReason_SaysSoOnTheRow_AndChangesNothing_WithAReason_Rejects()
    {
        await AddPendingAsync("京C11111");
        var page = RenderPage<VehicleApprovalPage>();

        page.Find("tr[data-plate=京C11111] [data-testid=reject]").Click();

        Assert.Contains("驳回时请填写原因", page.Find("tr[data-plate=京C11111] [data-testid=row-error]").TextContent);
        Assert.Equal(VehicleApproval.Pending, await ApprovalAsync("京C11111"));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync()));

        page.Find("tr[data-plate=京C11111] input[data-testid=reason], tr[data-plate=京C11111] [data-testid=reason] input").Change("行驶证与车主不符");
        page.Find("tr[data-plate=京C11111] [data-testid=reject]").Click();

        page.WaitForElement("[data-testid=no-pending]");
        Assert.Equal(VehicleApproval.Rejected, await ApprovalAsync("京C11111"));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "RejectVehicle"));
        Assert.Equal("行驶证与车主不符", audit.Reason);
    }

    [Fact]
    public void NoPendingVehicles_SaysSo()
    {
        var page = RenderPage<VehicleApprovalPage>();

        Assert.Contains("没有待审核的车辆", page.Find("[data-testid=no-pending]").TextContent);
    }

    [Fact]
    public void InEnglish_ThePageUsesTheEnglishResources()
    {
        UseCulture("en");

        var page = RenderPage<VehicleApprovalPage>();

        Assert.Contains("No vehicle is waiting for approval.", page.Markup);
    }

    private Task AddPendingAsync(string plate) => App.WithDbAsync(async db =>
    {
        var owner = await db.Owners.Include(o => o.Vehicles).SingleAsync(o => o.UserName == "owner");
        db.Vehicles.Add(owner.AddVehicle(PlateNumber.Parse(plate), VehicleType.Small, LotClock.UtcNow, approved: false));
        return await db.SaveChangesAsync();
    });

    private Task<VehicleApproval> ApprovalAsync(string plate)
    {
        var number = PlateNumber.Parse(plate);
        return App.WithDbAsync(db => db.Vehicles.Where(v => v.Plate == number).Select(v => v.Approval).SingleAsync());
    }
}
