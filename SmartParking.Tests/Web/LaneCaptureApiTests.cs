using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.People;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Recognition;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class LaneCaptureApiTests(LaneCaptureApiTests.App app) : IClassFixture<LaneCaptureApiTests.App>
{
    public sealed class App : ParkingAppFactory;

    private static MultipartFormDataContent Upload(byte[] data)
    {
        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "image", "camera.png" } };
    }

    // Rendered test plates read with a confidence well above 0.5 but not always above 0.9, so tests pick the bar.
    private Task SetAutoOpenAsync(string lane, double confidence) => app.WithDbAsync(async db =>
    {
        var row = await db.Lanes.SingleAsync(l => l.Code == lane);
        row.Change(row.Name, row.Direction, confidence, enabled: true);
        return await db.SaveChangesAsync();
    });

    private Task<int> CaptureRowsAsync() => app.WithDbAsync(db => db.LaneCaptures.CountAsync());

    [Fact]
    public async Task Capture_OnTheEntryLane_OpensForTheOwner_AndKeepsThePhotoTheBoothCanOpen()
    {
        await SetAutoOpenAsync("in-1", 0.5);
        using var camera = app.DeviceClient();
        var photo = TestImages.PlateScene("京A12345", PlateColor.Blue);

        var response = await camera.PostAsync("/api/lanes/in-1/capture", Upload(photo));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", body.GetProperty("gate").GetString());
        Assert.Equal("entry", body.GetProperty("direction").GetString());
        Assert.Equal("京A12345", body.GetProperty("id").GetString());
        Assert.False(body.GetProperty("needs_guard").GetBoolean());
        var sessionId = body.GetProperty("session").GetProperty("session_id").GetGuid();
        var captureId = body.GetProperty("snapshot").GetProperty("id").GetGuid();

        var entry = await app.WithDbAsync(db => db.GateEvents.SingleAsync(e => e.SessionId == sessionId));
        Assert.Equal(captureId, entry.CaptureId);
        Assert.StartsWith("in-1", entry.Source);

        using var guard = await app.GuardClientAsync();
        var stored = await guard.GetAsync(body.GetProperty("snapshot").GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal("image/png", stored.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo, await stored.Content.ReadAsByteArrayAsync());

        using var owner = await app.OwnerClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync($"/api/captures/{captureId}/photo")).StatusCode);
    }

    [Fact]
    public async Task Capture_SureRead_NeverShowsInTheReviewQueue_NotEvenWhileTheGateIsDeciding()
    {
        await SetAutoOpenAsync("in-1", 0.5);
        var review = app.Services.GetRequiredService<ReviewQueue>();
        var seenByTheBooth = new TaskCompletionSource<IReadOnlyList<ReviewItem>>();
        // The booth reloads the queue the moment it hears of the entry, before the capture is marked decided.
        using var booth = app.Services.GetRequiredService<GateEventFeed>().Subscribe(async news =>
        {
            seenByTheBooth.TrySetResult(await review.OpenItemsAsync(app.Community.Id));
        });
        using var camera = app.DeviceClient();

        var response = await camera.PostAsync("/api/lanes/in-1/capture", Upload(TestImages.PlateScene("京A12345", PlateColor.Blue)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var captureId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snapshot").GetProperty("id").GetGuid();
        var seen = await seenByTheBooth.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(seen, i => i.CaptureId == captureId && i.Reason == ReviewReason.LowConfidence);

        Assert.DoesNotContain(await review.OpenItemsAsync(app.Community.Id), i => i.Reason == ReviewReason.LowConfidence);
    }

    [Fact]
    public async Task Capture_OnTheExitLane_ClosesTheStayWithItsFee()
    {
        await SetAutoOpenAsync("out-1", 0.5);
        using var camera = app.DeviceClient();
        var entered = await app.PostJsonAsync(camera, "/api/entry", """{"id": "沪B7K2Q9", "start_time": "2026-11-20T08:00:00"}""");
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);

        var response = await camera.PostAsync("/api/lanes/out-1/capture", Upload(TestImages.PlateScene("沪B7K2Q9", PlateColor.Blue)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("exit", body.GetProperty("direction").GetString());
        Assert.Equal("Closed", body.GetProperty("session").GetProperty("state").GetString());
        Assert.True(body.GetProperty("cost").GetDecimal() > 0);
        var open = await app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == PlateNumber.Parse("沪B7K2Q9") && s.State == SessionState.Inside));
        Assert.Equal(0, open);
    }

    [Fact]
    public async Task Capture_DoubtfulReadOfACarInside_OnTheExit_ClosesItsStay_AndHoldsForTheFee_ButTheSameReadOfNoCarInsideWaitsForTheGuard()
    {
        // The exit expects the cars inside: a read of one of them is that car even below the bar set for strangers.
        await SetAutoOpenAsync("out-1", 0.9);
        using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPlateRecognizer>(new DoubtfulReader("苏E5M8N2", 0.6))));
        using var camera = host.CreateClient();
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        Assert.Equal(HttpStatusCode.OK, (await app.PostJsonAsync(camera, "/api/entry", """{"id": "苏E5M8N2", "start_time": "2026-11-22T07:30:00"}""")).StatusCode);

        var response = await camera.PostAsync("/api/lanes/out-1/capture", Upload(TestImages.GreyPng(320, 240)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        // A visitor's stay of days has a fee: the barrier waits for it, and the answer says how much and where to pay.
        Assert.Equal("hold", body.GetProperty("gate").GetString());
        Assert.Equal("Closed", body.GetProperty("session").GetProperty("state").GetString());
        Assert.Equal(body.GetProperty("cost").GetDecimal(), body.GetProperty("due").GetDecimal());
        Assert.Contains("/pay/", body.GetProperty("pay_url").GetString(), StringComparison.Ordinal);

        var again = await camera.PostAsync("/api/lanes/out-1/capture", Upload(TestImages.GreyPng(320, 240)));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var held = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(held.GetProperty("needs_guard").GetBoolean());
        // Leaves the shared booth queue as it found it.
        await app.Services.GetRequiredService<LaneCameras>().DismissAsync(app.Community.Id, held.GetProperty("snapshot").GetProperty("id").GetGuid(), "guard", "test");
    }

    /// <summary>A camera that reads one plate at one confidence, every character equally sure.</summary>
    private sealed class DoubtfulReader(string plate, double confidence) : IPlateRecognizer
    {
        public Task<RecognitionResult> RecognizeAsync(ReadOnlyMemory<byte> image, string? localProvinces = null, CancellationToken cancellationToken = default)
        {
            var each = Math.Pow(confidence, 1.0 / plate.Length);
            var read = new PlateRead(PlateNumber.Parse(plate), confidence, [.. plate.Select(_ => each)], PlateColor.Blue, new PlateBox(10, 10, 100, 30), [new PlateGuess(plate, confidence)]);
            return Task.FromResult(RecognitionResult.Found(read, TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task Capture_DoubtfulReadOnTheExit_WaitsForAGuard_WithTheCarsInsideRankedFirst_AndTheGuardsPickClosesTheStay()
    {
        await SetAutoOpenAsync("out-1", 1.0);
        using var camera = app.DeviceClient();
        // The car inside is 粤B8K3Q5; the camera photo shows a plate one character away from it.
        Assert.Equal(HttpStatusCode.OK, (await app.PostJsonAsync(camera, "/api/entry", """{"id": "粤B8K3Q5", "start_time": "2026-11-21T09:00:00"}""")).StatusCode);

        var response = await camera.PostAsync("/api/lanes/out-1/capture", Upload(TestImages.PlateScene("粤B8K3Q6", PlateColor.Blue)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("needs_guard").GetBoolean());
        Assert.Equal("hold", body.GetProperty("gate").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("session").ValueKind);
        var guesses = body.GetProperty("guesses").EnumerateArray().Select(g => g.GetProperty("id").GetString()).ToList();
        Assert.Equal("粤B8K3Q5", guesses[0]);
        var captureId = body.GetProperty("snapshot").GetProperty("id").GetGuid();

        var cameras = app.Services.GetRequiredService<LaneCameras>();
        Assert.Contains(await cameras.WaitingForGuardAsync(app.Community.Id), c => c.Id == captureId);

        var resolved = await cameras.ResolveAsync(app.Community.Id, captureId, PlateNumber.Parse("粤B8K3Q5"), "guard");

        Assert.Equal(SessionState.Closed, resolved.Session!.State);
        Assert.DoesNotContain(await cameras.WaitingForGuardAsync(app.Community.Id), c => c.Id == captureId);
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "ResolveCapture" && a.Subject.Contains(captureId.ToString())));
        Assert.Equal("粤B8K3Q5", audit.After);
        Assert.StartsWith("粤B8K3Q6", audit.Before);
        await Assert.ThrowsAsync<SmartParking.Domain.Common.DomainException>(() => cameras.ResolveAsync(app.Community.Id, captureId, PlateNumber.Parse("粤B8K3Q5"), "guard"));
    }

    [Fact]
    public async Task Capture_PhotoWithoutAPlate_WaitsForAGuard_AndADismissalNeedsAReason()
    {
        using var camera = app.DeviceClient();

        var response = await camera.PostAsync("/api/lanes/in-1/capture", Upload(TestImages.GreyPng(640, 480)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("id").ValueKind);
        Assert.True(body.GetProperty("needs_guard").GetBoolean());
        var captureId = body.GetProperty("snapshot").GetProperty("id").GetGuid();

        var cameras = app.Services.GetRequiredService<LaneCameras>();
        await Assert.ThrowsAsync<SmartParking.Domain.Common.DomainException>(() => cameras.DismissAsync(app.Community.Id, captureId, "guard", " "));
        await cameras.DismissAsync(app.Community.Id, captureId, "guard", "没有车 / no car");
        Assert.Equal(CaptureState.Dismissed, (await cameras.FindAsync(app.Community.Id, captureId))!.State);
    }

    [Fact]
    public async Task Capture_BadInput_AnswersWithTheFieldNamed_AndStoresNothing()
    {
        using var camera = app.DeviceClient();
        var before = await CaptureRowsAsync();

        var unknownLane = await camera.PostAsync("/api/lanes/nowhere/capture", Upload(TestImages.PlateCrop("京A12345", PlateColor.Blue)));
        var notAnImage = await camera.PostAsync("/api/lanes/in-1/capture", Upload("GIF89a not a photo"u8.ToArray()));
        var noField = await camera.PostAsync("/api/lanes/in-1/capture", new MultipartFormDataContent { { new StringContent("x"), "other" } });

        Assert.Equal(HttpStatusCode.NotFound, unknownLane.StatusCode);
        Assert.True((await unknownLane.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("lane", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notAnImage.StatusCode);
        Assert.True((await notAnImage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("image", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noField.StatusCode);
        Assert.Equal(before, await CaptureRowsAsync());
    }

    [Fact]
    public async Task Capture_Anonymous_Is401_AndOwner_Is403()
    {
        using var anonymous = app.CreateClient();
        using var owner = await app.OwnerClientAsync();
        var photo = TestImages.PlateCrop("京A12345", PlateColor.Blue);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/lanes/in-1/capture", Upload(photo))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsync("/api/lanes/in-1/capture", Upload(photo))).StatusCode);
    }
}
