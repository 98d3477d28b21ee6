using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Tests.Infrastructure.Notices;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

/// <summary>
/// An owner links WeChat by scanning a code on the portal, never by typing an openid; WeChat is played by a local
/// fake that speaks its web-authorisation protocol.
/// </summary>
public sealed class WeChatLinkTests(WeChatLinkTests.AppWithWeChat browser) : IClassFixture<WeChatLinkTests.AppWithWeChat>
{
    public sealed class AppWithWeChat : BrowserApp
    {
        public FakeNoticeProviders WeChat { get; } = new();

        public override async Task InitializeAsync()
        {
            await WeChat.InitializeAsync();
            App.Set("Notices:WeChat:Enabled", "true");
            App.Set("Notices:WeChat:Endpoint", WeChat.BaseUrl);
            App.Set("Notices:WeChat:AuthorizeEndpoint", WeChat.BaseUrl);
            App.Set("Notices:WeChat:AppId", FakeNoticeProviders.AppId);
            App.Set("Notices:WeChat:AppSecret", FakeNoticeProviders.AppSecret);
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await WeChat.DisposeAsync();
        }
    }

    [Fact]
    public async Task Owner_ScansTheCodeWithWeChat_AndThePortalShowsTheLink_ThenUnlinks()
    {
        var page = await browser.NewPageAsync(375, 800);
        await browser.LogInAsync(page, "owner", "Owner123!");
        await BrowserApp.ArrivedAtAsync(page, "/me");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=wechat-openid]")).ToHaveCountAsync(0);

        await page.Locator("[data-testid=wechat-link]").ClickAsync();
        var qr = page.Locator("[data-testid=wechat-qr]");
        await Assertions.Expect(qr.Locator("svg")).ToBeVisibleAsync();
        var scanned = await qr.GetAttributeAsync("data-url");

        // The owner's phone: WeChat's authorisation page, then back to the app with the code.
        var phone = await browser.NewPageAsync(375, 800);
        await phone.GotoAsync(scanned!.Split('#')[0]);
        await Assertions.Expect(phone.Locator("[data-testid=wechat-linked]")).ToBeVisibleAsync();

        await Assertions.Expect(page.Locator("[data-testid=wechat-is-linked]")).ToBeVisibleAsync();
        var owner = await browser.App.WithDbAsync(db => db.Owners.SingleAsync(o => o.UserName == "owner"));
        Assert.Equal("o-fake-openid-0001", owner.WeChatOpenId);
        var audit = await browser.App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "LinkWeChat"));
        Assert.DoesNotContain("o-fake-openid", audit.After + audit.Before);

        // The same code a second time is refused by WeChat and links nothing new.
        await phone.GotoAsync(phone.Url);
        await Assertions.Expect(phone.Locator("[data-testid=wechat-link-failed]")).ToBeVisibleAsync();

        await page.Locator("[data-testid=wechat-unlink]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wechat-link]")).ToBeVisibleAsync();
        Assert.Null(await browser.App.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.WeChatOpenId).SingleAsync()));
    }

    [Fact]
    public async Task AForgedOrStaleState_LinksNobody()
    {
        var phone = await browser.NewPageAsync(375, 800);
        var linksBefore = await browser.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "LinkWeChat"));

        await phone.GotoAsync("/wechat/link?code=abc&state=not-ours");

        await Assertions.Expect(phone.Locator("[data-testid=wechat-link-failed]")).ToContainTextAsync("过期");
        Assert.Equal(linksBefore, await browser.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "LinkWeChat")));
    }
}
