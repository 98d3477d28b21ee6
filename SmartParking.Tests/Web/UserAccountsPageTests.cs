using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;
using SmartParking.Web.People;

namespace SmartParking.Tests.Web;

public sealed class UserAccountsPageTests : AdminPageContext
{
    [Fact]
    public void DemoAccounts_AreListed_WithTheirRoles()
    {
        var page = RenderPage<UserAccountsPage>();

        Assert.Equal("管理员", page.Find("tr[data-user=admin] [data-testid=role]").TextContent);
        Assert.Equal("门岗", page.Find("tr[data-user=guard] [data-testid=role]").TextContent);
        Assert.Equal("业主", page.Find("tr[data-user=owner] [data-testid=role]").TextContent);
        Assert.Empty(page.FindAll("tr[data-user=owner] [data-testid=make-admin]"));
    }

    [Fact]
    public async Task CreatingAGuard_AddsALoginThatWorks_AndIsAudited()
    {
        var page = RenderPage<UserAccountsPage>();

        page.Find("input[name=UserName]").Change("guard3");
        page.Find("input[name=DisplayName]").Change("李门岗");
        page.Find("input[name=Password]").Change("Guard2Pass!");
        page.Find("[data-testid=user-form] form").Submit();

        page.WaitForAssertion(() => Assert.Equal("门岗", page.Find("tr[data-user=guard3] [data-testid=role]").TextContent));
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ParkingUser>>();
        var created = await users.FindByNameAsync("guard3");
        Assert.True(await users.CheckPasswordAsync(created!, "Guard2Pass!"));
        Assert.Equal([Roles.Guard], await users.GetRolesAsync(created!));
        // Created from the community's console, the guard works in the community and nowhere else.
        Assert.Equal([Lot.Id], await App.WithDbAsync(db => db.StaffLots.Where(s => s.UserId == created!.Id).Select(s => s.LotId).ToListAsync()));
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "CreateUser"));
        Assert.Equal("admin", audit.Actor);
    }

    [Fact]
    public async Task AWeakPasswordOrATakenName_IsRefusedInChinese_AndNothingIsCreated()
    {
        var page = RenderPage<UserAccountsPage>();

        page.Find("input[name=UserName]").Change("guard");
        page.Find("input[name=Password]").Change("short");
        page.Find("[data-testid=user-form] form").Submit();

        var errors = page.WaitForElement("[data-testid=create-errors]").TextContent;
        Assert.Contains("密码至少 8 位", errors);
        Assert.Equal(DatabaseStartup.DemoAccounts.Length, await App.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task MakingTheGuardAnAdmin_AndLockingThem_IsAudited_ButAnAdminCannotLockOrDemoteThemselves()
    {
        var page = RenderPage<UserAccountsPage>();

        page.Find("tr[data-user=guard] [data-testid=make-admin]").Click();
        page.WaitForAssertion(() => Assert.Equal("管理员", page.Find("tr[data-user=guard] [data-testid=role]").TextContent));
        page.Find("tr[data-user=guard] [data-testid=lock]").Click();
        page.WaitForAssertion(() => Assert.Equal("已锁定", page.Find("tr[data-user=guard] [data-testid=status]").TextContent));

        page.Find("tr[data-user=admin] [data-testid=lock]").Click();
        page.WaitForAssertion(() => Assert.Contains("不能锁定自己的账户", page.Find("[data-testid=row-error]").TextContent));
        page.Find("tr[data-user=admin] [data-testid=make-guard]").Click();
        page.WaitForAssertion(() => Assert.Contains("不能取消自己的管理员角色", page.Find("[data-testid=row-error]").TextContent));

        Assert.Equal("管理员", page.Find("tr[data-user=admin] [data-testid=role]").TextContent);
        Assert.Equal("正常", page.Find("tr[data-user=admin] [data-testid=status]").TextContent);
        var actions = await App.WithDbAsync(db => db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action + " " + a.Before + "→" + a.After).ToListAsync());
        Assert.Equal(["SetUserRole Guard→Admin", "LockUser active→locked"], actions);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsTheGuardsToken_AndIsAudited()
    {
        var token = await App.TokenAsync("guard", "Guard123!");
        var page = RenderPage<UserAccountsPage>();

        await page.Find("tr[data-user=guard] [data-testid=sign-out-everywhere]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(1, App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignOutEverywhere")).GetAwaiter().GetResult()));
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }
}
