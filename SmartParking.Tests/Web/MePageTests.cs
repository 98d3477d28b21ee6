using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Notices;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;
using SmartParking.Web.People;

namespace SmartParking.Tests.Web;

/// <summary>The owner portal as the demo owner sees it, on the app's real services.</summary>
public sealed class MePageTests : AdminPageContext
{
    public MePageTests()
    {
        Services.AddSingleton(App.Services.GetRequiredService<OwnerAccount>());
        Services.AddSingleton(App.Services.GetRequiredService<OwnerLogins>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Payments.OwnerLedger>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Payments.PaymentDesk>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Passes.PassDesk>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Passes.PassShop>());
        Services.AddSingleton(App.Services.GetRequiredService<SmartParking.Infrastructure.Passes.VisitorPassDesk>());
        AddAuthorization().SetAuthorized("owner").SetRoles("Owner");
    }

    [Fact]
    public void Owner_SeesTheirBalance_MaskedDetails_AndEveryNoticeTurnedOn()
    {
        var me = RenderPage<MePage>();

        Assert.Equal("¥100.00", me.Find("[data-testid=balance]").TextContent.Trim());
        Assert.DoesNotContain("13800138000", me.Markup);
        Assert.All(NoticeTemplates.All, t => Assert.True(me.Find($"[data-testid=wants-{t}]").HasAttribute("checked")));
    }

    [Fact]
    public void ChannelsTheLotHasNotSetUp_AreNotOffered_AndNoPaymentIsClaimed()
    {
        var me = RenderPage<MePage>();

        Assert.Empty(me.FindAll("[data-testid=wants-sms]"));
        Assert.Empty(me.FindAll("[data-testid=wechat-openid]"));
        // The demo owner's ¥100 was carried over, never paid here: no payment time is invented.
        Assert.Contains("暂无", me.Find("[data-testid=last-payment]").TextContent);
    }

    [Fact]
    public async Task Owner_TurnsOffArrearsNotices_AndAsksForSms()
    {
        Services.Configure<AliyunSmsSettings>(sms => sms.Enabled = true);
        var me = RenderPage<MePage>();

        me.Find("[data-testid=wants-Arrears]").Change(false);
        me.Find("[data-testid=wants-sms]").Change(true);
        await me.Find("[data-testid=save-notice-choices]").ClickAsync(new());

        Assert.NotNull(me.Find("[data-testid=notice-choices-saved]"));
        var owner = await App.WithDbAsync(db => db.Owners.SingleAsync(o => o.UserName == "owner"));
        Assert.False(owner.Wants(NoticeTemplates.Arrears));
        Assert.True(owner.Wants(NoticeTemplates.Overstay));
        Assert.True(owner.SmsNotices);
    }

    [Fact]
    public async Task Owner_UnbindsTheirCar_AndItLeavesTheirList()
    {
        var me = RenderPage<MePage>();

        await me.Find("[data-vehicle=京A12345] [data-testid=vehicle-unbind]").ClickAsync(new());

        me.WaitForAssertion(() => Assert.DoesNotContain("京A12345", me.Find("[data-testid=vehicles]").TextContent));
        Assert.Equal(0, await App.WithDbAsync(db => db.Vehicles.CountAsync()));
    }
}
