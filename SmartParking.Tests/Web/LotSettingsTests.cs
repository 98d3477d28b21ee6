using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Recognition;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Recognition;
using SmartParking.Tests.Support;
using SmartParking.Web.Gate;

using SmartParking.Infrastructure.Lots;

namespace SmartParking.Tests.Web;

public sealed class LotSettingsTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task SavedCapacity_IsWhatTheGateUses_AndTheChangeIsAudited()
    {
        using var camera = _app.DeviceClient();
        await _app.Services.GetRequiredService<LotDirectory>().SavePolicyAsync(_app.Community.Id, LotPolicy.Create(1, 80m, 20m, 48), "admin");

        var first = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100001", start_time = "2023-10-09T09:00:00" });
        var second = await camera.PostAsJsonAsync("/api/entry", new { id = "NU100002", start_time = "2023-10-09T09:01:00" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "ChangeLotPolicy"));
        Assert.Contains("\"Capacity\":200", audit.Before);
        Assert.Contains("\"Capacity\":1", audit.After);
    }

    [Fact]
    public async Task SavedThresholds_RateTheDays()
    {
        using var camera = _app.DeviceClient();
        using var guard = await _app.GuardClientAsync();
        await _app.Services.GetRequiredService<LotDirectory>().SavePolicyAsync(_app.Community.Id, LotPolicy.Create(200, 20m, 5m, 48), "admin");
        await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456", start_time = "2023-10-09T09:00:00", vehicle_type = "货车" });
        await camera.PostAsJsonAsync("/api/exit", new { id = "NU123456", start_time = "2023-10-09T10:16:00" });

        var days = await (await guard.PostAsJsonAsync("/api/income/daily", new { start_time = "2023-10-08", end_times = "2023-10-09" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("差", days.GetProperty("2023-10-08").GetProperty("state").GetString());
        Assert.Equal("优", days.GetProperty("2023-10-09").GetProperty("state").GetString());
    }

    [Fact]
    public async Task SettingsPage_RefusesThresholdsTheWrongWayRound_AndSavesNothing()
    {
        using var ui = SettingsPageContext();
        var page = ui.Render<LotSettingsPage>();
        var numbers = page.FindComponents<MudBlazor.MudNumericField<decimal>>();
        await page.InvokeAsync(() => numbers[0].Instance.ValueChanged.InvokeAsync(10m));
        await page.InvokeAsync(() => numbers[1].Instance.ValueChanged.InvokeAsync(50m));
        page.Find("[data-testid=policy-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("优", page.Find("[data-testid=policy-error]").TextContent));
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "ChangeLotPolicy")));
    }

    [Fact]
    public async Task LocalProvinces_SavedByTheAdmin_AreWhatTheCamerasReadWith()
    {
        var recognizer = new RecordingRecognizer();
        using var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPlateRecognizer>(recognizer)));
        using var camera = app.CreateClient();
        camera.DefaultRequestHeaders.Add("X-Device-Key", "demo-device-key");
        await app.Services.GetRequiredService<LotDirectory>().SavePolicyAsync(_app.Community.Id, LotPolicy.Create(200, 80m, 20m, 48, "皖、苏"), "admin");

        using var photo = new MultipartFormDataContent { { new ByteArrayContent(TestImages.GreyPng(320, 240)), "image", "photo.png" } };
        await camera.PostAsync("/api/recognize", photo);
        using var capture = new MultipartFormDataContent { { new ByteArrayContent(TestImages.GreyPng(320, 240)), "image", "photo.png" } };
        await camera.PostAsync("/api/lanes/in-1/capture", capture);

        Assert.Equal(["皖苏", "皖苏"], recognizer.LocalProvinces);
    }

    [Fact]
    public async Task SettingsPage_RefusesAnUnknownProvince_AndSavesNothing()
    {
        using var ui = SettingsPageContext();
        var page = ui.Render<LotSettingsPage>();
        page.Find("[data-testid=local-provinces]").Change("皖X");
        page.Find("[data-testid=policy-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("本地省份", page.Find("[data-testid=policy-error]").TextContent));
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "ChangeLotPolicy")));

        page.Find("[data-testid=local-provinces]").Change("皖");
        page.Find("[data-testid=policy-save]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=policy-error]")));
        Assert.Equal("皖", await _app.WithDbAsync(db => db.Lots.Where(l => l.Code == "yangguang").Select(l => l.LocalProvinces).SingleAsync()));
    }

    private BunitContext SettingsPageContext()
    {
        using var _ = _app.CreateClient();
        var ui = new MudTestContext();
        ui.Services.AddSingleton(_app.Services.GetRequiredService<LotDirectory>());
        ui.Services.AddSingleton(_app.Services.GetRequiredService<SmartParking.Infrastructure.Passes.VisitorPassDesk>());
        ui.InLot(_app.Community);
        ui.AddAuthorization().SetAuthorized("admin");
        return ui;
    }

    private sealed class RecordingRecognizer : IPlateRecognizer
    {
        public List<string?> LocalProvinces { get; } = [];

        public Task<RecognitionResult> RecognizeAsync(ReadOnlyMemory<byte> image, string? localProvinces = null, CancellationToken cancellationToken = default)
        {
            lock (LocalProvinces)
            {
                LocalProvinces.Add(localProvinces);
            }

            return Task.FromResult(RecognitionResult.Failed(RecognitionStatus.NoPlate, "no plate", TimeSpan.Zero));
        }
    }
}
