using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Recognition;
using SmartParking.Tests.Support;
using SmartParking.Web.Gate;

namespace SmartParking.Tests.Web;

/// <summary>The booth's review queue as a component, on the app's real services and database.</summary>
public sealed class ReviewPanelTests : AdminPageContext
{
    public ReviewPanelTests()
    {
        Services.AddSingleton(App.Services.GetRequiredService<GateKeeper>());
        Services.AddSingleton(App.Services.GetRequiredService<LaneCameras>());
        Services.AddSingleton(App.Services.GetRequiredService<ReviewQueue>());
    }

    private LaneCameras Cameras => App.Services.GetRequiredService<LaneCameras>();

    private ReviewQueue Queue => App.Services.GetRequiredService<ReviewQueue>();

    private async Task<IRenderedComponent<ReviewPanel>> RenderQueueAsync(Action onChanged)
    {
        var items = await Queue.OpenItemsAsync(Lot.Id);
        return RenderPage<ReviewPanel>(p => p
            .Add(x => x.Items, items)
            .Add(x => x.Actor, "guard")
            .Add(x => x.OnChanged, onChanged));
    }

    private async Task<Guid> DoubtfulEntryAsync(string plate)
    {
        await App.WithDbAsync(async db =>
        {
            var lane = await db.Lanes.SingleAsync(l => l.Code == "in-1");
            lane.Change(lane.Name, lane.Direction, 1.0, enabled: true);
            return await db.SaveChangesAsync();
        });
        var outcome = await Cameras.CaptureAsync(Lot.Id, "in-1", TestImages.PlateScene(plate, PlateColor.Blue), "camera");
        Assert.Equal(CaptureStatus.NeedsGuard, outcome.Status);
        return outcome.Capture!.Id;
    }

    [Fact]
    public async Task DoubtfulRead_ShowsThePhoto_AndTheTypedPlateLetsTheCarIn()
    {
        var capture = await DoubtfulEntryAsync("京A12345");
        var changed = 0;
        var panel = await RenderQueueAsync(() => changed++);

        var item = panel.Find("[data-reason=LowConfidence]");
        Assert.Equal($"/api/captures/{capture}/photo", item.QuerySelector("[data-testid=review-photo]")!.GetAttribute("src"));
        Assert.Contains(panel.FindAll("[data-testid=guess]"), b => b.TextContent.Contains("京A12345") && b.TextContent.Contains('★'));

        panel.Find("[data-testid=typed-plate]").Input("京A12345");
        await panel.Find("[data-reason=LowConfidence] form").SubmitAsync();

        Assert.Equal(1, changed);
        Assert.Equal(CaptureState.Resolved, (await Cameras.FindAsync(Lot.Id, capture))!.State);
        Assert.Equal(1, await App.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == PlateNumber.Parse("京A12345") && s.State == SessionState.Inside)));
    }

    [Fact]
    public async Task DoubtfulRead_TypedNonsense_IsRefusedWithTheReason_AndNothingHappens()
    {
        var capture = await DoubtfulEntryAsync("沪B7K2Q9");
        var panel = await RenderQueueAsync(() => { });

        panel.Find("[data-testid=typed-plate]").Input("XYZ");
        await panel.Find("[data-reason=LowConfidence] form").SubmitAsync();

        Assert.NotEmpty(panel.Find("[data-testid=review-error]").TextContent);
        Assert.Equal(CaptureState.NeedsGuard, (await Cameras.FindAsync(Lot.Id, capture))!.State);
    }

    [Fact]
    public async Task Dismiss_WithoutAReason_IsRefused_WithOne_ClosesTheCapture()
    {
        var capture = await DoubtfulEntryAsync("粤B8K3Q5");
        var panel = await RenderQueueAsync(() => { });

        await panel.Find("[data-reason=LowConfidence] [data-testid=review-dismiss]").ClickAsync(new());
        Assert.Contains("原因", panel.Find("[data-testid=review-error]").TextContent);
        Assert.Equal(CaptureState.NeedsGuard, (await Cameras.FindAsync(Lot.Id, capture))!.State);

        panel.Find("[data-testid=review-reason]").Change("车辆掉头离开 / the car turned away");
        await panel.Find("[data-reason=LowConfidence] [data-testid=review-dismiss]").ClickAsync(new());

        Assert.Equal(CaptureState.Dismissed, (await Cameras.FindAsync(Lot.Id, capture))!.State);
    }
}
