using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;
using SmartParking.Tests.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.EndToEnd;

public sealed class BoothReviewTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private HttpClient Camera()
    {
        var camera = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        return camera;
    }

    private async Task<IPage> BoothAsync()
    {
        var page = await browser.NewPageAsync();
        await browser.LogInAsync(page, "guard", "Guard123!");
        await BrowserApp.ArrivedAtAsync(page, "/booth");
        await page.Locator(".sp-body[data-interactive]").WaitForAsync();
        return page;
    }

    [Fact]
    public async Task DoubtfulCameraRead_ShowsThePhotoAndTheRegisteredPlate_AndTheGuardsPickLetsTheCarIn()
    {
        await browser.App.WithDbAsync(async db =>
        {
            var lane = await db.Lanes.SingleAsync(l => l.Code == "in-1");
            lane.Change(lane.Name, lane.Direction, 1.0, enabled: true);
            return await db.SaveChangesAsync();
        });
        var page = await BoothAsync();
        using var camera = Camera();
        var photo = new ByteArrayContent(TestImages.PlateScene("京A12345", PlateColor.Blue));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        var response = await camera.PostAsync("/api/lanes/in-1/capture", new MultipartFormDataContent { { photo, "image", "gate.png" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var item = page.Locator("[data-testid=review-queue] [data-reason=LowConfidence]").First;
        await Assertions.Expect(item).ToContainTextAsync("识别不确定");
        var image = item.Locator("[data-testid=review-photo]");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await image.ElementHandleAsync());
        var owner = item.Locator("[data-testid=guess][data-plate=京A12345]");
        await Assertions.Expect(owner).ToContainTextAsync("★");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotFolder, "booth-needs-guard.png"), FullPage = true });

        await owner.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=review-queue] [data-reason=LowConfidence]")).ToHaveCountAsync(0);
        var row = page.Locator("[data-testid=gate-events] tr[data-plate=京A12345]").First;
        await Assertions.Expect(row).ToContainTextAsync("入场");
        await Assertions.Expect(row.Locator("[data-testid=row-photo]")).ToBeVisibleAsync();
        var inside = await browser.App.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == PlateNumber.Parse("京A12345") && s.State == SessionState.Inside));
        Assert.Equal(1, inside);
    }

    [Fact]
    public async Task ExitReadWithoutEntry_IsMergedIntoTheLookalikeStayInside_OnlyWithAReason()
    {
        using var camera = Camera();
        var entered = DateTime.UtcNow.AddHours(-3).ToString("yyyy-MM-ddTHH:mm:ssZ");
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "粤B8K3Q5", start_time = entered })).StatusCode);
        var page = await BoothAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await camera.PostAsJsonAsync("/api/exit", new { id = "粤B8K3Q6" })).StatusCode);

        var item = page.Locator("[data-testid=review-queue] [data-reason=ExitWithoutEntry][data-plate=粤B8K3Q6]");
        var candidate = item.Locator(".sp-merge-candidate[data-plate=粤B8K3Q5]");
        await Assertions.Expect(candidate).ToBeVisibleAsync();

        await candidate.Locator("[data-testid=merge]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=review-error]")).ToContainTextAsync("原因");

        await page.Locator("[data-testid=review-reason]").FillAsync("出口误识别 6/5");
        await candidate.Locator("[data-testid=merge]").ClickAsync();

        await Assertions.Expect(item).ToHaveCountAsync(0);
        var stay = await browser.App.WithDbAsync(db => db.ParkingSessions.SingleAsync(s => s.Plate == PlateNumber.Parse("粤B8K3Q5")));
        Assert.Equal(SessionState.Closed, stay.State);
        var audit = await browser.App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "MergeExit"));
        Assert.Equal("出口误识别 6/5", audit.Reason);
        Assert.Contains("粤B8K3Q6", audit.Before);
    }
}
