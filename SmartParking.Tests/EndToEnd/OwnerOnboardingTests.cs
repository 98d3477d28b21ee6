using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class OwnerOnboardingTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task AdminImports200OwnersWithThreeBad_IssuesALink_AndTheOwnerSetsAPasswordOnAPhone_Once()
    {
        var admin = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(admin, "admin", "Admin123!");
        await BrowserApp.LeftLoginAsync(admin);
        await admin.GotoAsync("/admin/owners");
        await admin.Locator(".sp-body[data-interactive]").WaitForAsync();

        await admin.Locator("[data-testid=owner-import-open]").ClickAsync();
        // Blazor listens to the file input only once its script has taken it over; a file chosen earlier is lost.
        await admin.WaitForFunctionAsync("() => document.querySelector('[data-testid=import-upload] input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await admin.Locator("[data-testid=import-upload] input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "owners.csv",
            MimeType = "text/csv",
            Buffer = OwnerFiles.TwoHundredWithThreeBad(),
        });

        await Assertions.Expect(admin.Locator("[data-testid=import-summary]")).ToContainTextAsync("共 200 行，197 行可导入，3 行有误");
        var listed = admin.Locator("[data-testid=import-errors] tr[data-row]");
        await Assertions.Expect(listed).ToHaveCountAsync(3);
        Assert.Equal(["15 身份证号", "89 手机号", "151 车牌"], (await listed.AllAsync()).Select(async r =>
            $"{await r.Locator("td").Nth(0).InnerTextAsync()} {await r.Locator("td").Nth(1).InnerTextAsync()}").Select(t => t.Result));
        Assert.Equal(1, await browser.App.WithDbAsync(db => db.Owners.CountAsync()));
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "owners-dry-run.png"), FullPage = true });

        await admin.Locator("[data-testid=import-run]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=import-summary]")).ToContainTextAsync("已导入 197 位业主");
        Assert.Equal(198, await browser.App.WithDbAsync(db => db.Owners.CountAsync()));

        await admin.Locator("[data-testid=owner-search]").FillAsync("业主42");
        await admin.Locator("[data-testid=owner-search]").PressAsync("Enter");
        var row = admin.Locator("tr[data-owner=业主42]");
        await row.Locator("[data-testid=owner-activation]").ClickAsync();
        var link = (await admin.Locator("[data-testid=activation-link]").InnerTextAsync()).Trim();
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "owners-activation.png") });

        var phone = await browser.NewPageAsync(375, 800);
        await phone.GotoAsync(link);
        await Assertions.Expect(phone.Locator("[data-testid=activation-hello]")).ToContainTextAsync("业主42");
        await phone.FillAsync("#username", "yezhu42");
        await phone.FillAsync("#password", "Yezhu-42-Pass");
        await phone.FillAsync("#confirm", "Yezhu-42-Pass");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "owner-activate-phone.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=activate-submit]");
        await BrowserApp.ArrivedAtAsync(phone, "/me");
        await Assertions.Expect(phone.Locator("[data-testid=balance]")).ToHaveTextAsync("¥0.00");
        await Assertions.Expect(phone.Locator("[data-testid=vehicles]")).ToContainTextAsync(OwnerFiles.Plate(42));
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the portal must fit a 375 px phone");

        var again = await browser.NewPageAsync(375, 800);
        var second = await again.GotoAsync(link);
        Assert.Equal(410, second!.Status);
        await Assertions.Expect(again.Locator("[data-testid=activation-refused]")).ToContainTextAsync("已经用过");
        await Assertions.Expect(again.Locator("#password")).ToHaveCountAsync(0);
    }
}
