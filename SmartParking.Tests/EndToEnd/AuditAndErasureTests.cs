using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.People;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class AuditAndErasureTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static Task WaitForCircuitAsync(IPage page) => page.Locator(".sp-body[data-interactive]").WaitForAsync();

    private static string Shot(string name) => Path.Combine(BrowserApp.ScreenshotFolder, name);

    [Fact]
    public async Task AnErasureAskedByOneAdmin_ConfirmedByAnother_IsReadableInTheAuditLog_FilteredAndDownloaded()
    {
        var app = browser.App;
        var lot = app.Community.Id;
        Assert.Empty(await app.Services.GetRequiredService<UserAccounts>().CreateAsync(lot, "admin2", "第二管理员", "Admin234!", Roles.Admin, "admin"));
        // Earlier acts of the lot, on two days and about two cars: what the filters pick from.
        await app.WithDbAsync(db =>
        {
            db.AuditEntries.AddRange(
                AuditEntry.Record(new DateTime(2026, 11, 1, 2, 0, 0, DateTimeKind.Utc), "guard", "SettleInCash", "ParkingSession 1 京B33333", "Unpaid", "Paid ¥5.00", "cash", lot),
                AuditEntry.Record(new DateTime(2026, 11, 15, 2, 0, 0, DateTimeKind.Utc), "guard", "CorrectPlate", "ParkingSession 2 京A11111", "京A11112", "京A11111", "识别错误", lot),
                AuditEntry.Record(new DateTime(2026, 11, 16, 2, 0, 0, DateTimeKind.Utc), "admin", "CorrectOwner", "Owner 3", "李四 | 110105198001011238 | 13800138000", "李四 | 110***********1238 | 138****8000", "换证", lot));
            return db.SaveChangesAsync();
        });

        var first = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(first, "admin", "Admin123!");
        await BrowserApp.ArrivedAtAsync(first, "/admin");
        await first.GotoAsync("/admin/owners");
        await WaitForCircuitAsync(first);
        await first.Locator("[data-owner=张业主] [data-testid=owner-erase]").ClickAsync();
        await first.Locator("[data-testid=erase-reason]").FillAsync("业主搬离，本人书面要求删除");
        await first.Locator("[data-testid=erase-request]").ClickAsync();
        await Assertions.Expect(first.Locator("[data-testid=erasures] tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(first.Locator("[data-testid=erasures]")).ToContainTextAsync("业主 张** · 110***********1238 · 138****8000");
        await first.Locator("[data-testid=erasure-confirm]").ClickAsync();
        await Assertions.Expect(first.Locator("[data-testid=erasure-error]")).ToContainTextAsync("另一位管理员确认");
        await first.ScreenshotAsync(new() { Path = Shot("admin-owners-erasure-pending.png"), FullPage = true });

        var second = await browser.NewPageAsync(1920, 1080);
        await browser.LogInAsync(second, "admin2", "Admin234!");
        await BrowserApp.ArrivedAtAsync(second, "/admin");
        await second.GotoAsync("/admin/owners");
        await WaitForCircuitAsync(second);
        await second.Locator("[data-testid=erasure-confirm]").ClickAsync();
        await Assertions.Expect(second.Locator("[data-testid=no-erasures]")).ToBeVisibleAsync();
        await Assertions.Expect(second.Locator("[data-owner=张业主]")).ToHaveCountAsync(0);

        await first.GotoAsync("/admin/audit");
        await WaitForCircuitAsync(first);
        var rows = first.Locator("[data-testid=audit-table] tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "ConfirmErasure" })).ToContainTextAsync("admin2");
        await Assertions.Expect(rows.Filter(new() { HasText = "RequestErasure" })).ToContainTextAsync("业主 张** · 110***********1238 · 138****8000");
        await Assertions.Expect(rows.Filter(new() { HasText = "CorrectOwner" })).ToContainTextAsync("110***********1238 | 138****8000 → ");
        await Assertions.Expect(first.Locator("[data-testid=audit-table]")).Not.ToContainTextAsync("110105198001011238");
        await Assertions.Expect(first.Locator("[data-testid=audit-table]")).Not.ToContainTextAsync("13800138000");
        await first.ScreenshotAsync(new() { Path = Shot("admin-audit.png"), FullPage = true });

        await first.Locator("[data-testid=audit-plate]").FillAsync("京B33333");
        await first.Locator("[data-testid=audit-search]").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("2026-11-01 10:00:00");

        await first.Locator("[data-testid=audit-plate]").FillAsync("");
        await first.Locator("[data-testid=audit-from]").FillAsync("2026-11-15");
        await first.Locator("[data-testid=audit-to]").FillAsync("2026-11-16");
        await first.Locator("[data-testid=audit-search]").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("CorrectOwner");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("CorrectPlate");

        var download = await first.RunAndWaitForDownloadAsync(() => first.Locator("[data-testid=audit-csv]").ClickAsync());
        using var folder = new TempFolder();
        var file = folder.File(download.SuggestedFilename);
        await download.SaveAsAsync(file);
        var lines = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-11-16 10:00:00,admin,CorrectOwner", lines[1]);
        Assert.StartsWith("2026-11-15 10:00:00,guard,CorrectPlate", lines[2]);
        Assert.DoesNotContain("110105198001011238", lines[1]);

        await first.Locator("[data-testid=audit-to]").FillAsync("2126-01-01");
        await first.Locator("[data-testid=audit-search]").ClickAsync();
        await Assertions.Expect(first.Locator("[data-testid=audit-error-to]")).ToBeVisibleAsync();

        await first.GotoAsync("/culture/set?culture=en&returnUrl=/admin/audit");
        await WaitForCircuitAsync(first);
        await Assertions.Expect(first.Locator("h1")).ToHaveTextAsync("Audit log");
        await first.ScreenshotAsync(new() { Path = Shot("admin-audit-en.png"), FullPage = true });
    }
}
