using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>A Production install with only the bootstrap admin, as a property company starts it on the first day.</summary>
public sealed class FirstRunTests(FirstRunTests.App app) : IClassFixture<FirstRunTests.App>
{
    public sealed class App() : ParkingAppFactory(FreshInstall.Settings(), FreshInstall.Environment);

    private static readonly object SmallCarVisitorRule = new
    {
        vehicleType = "小车",
        customerClass = "visitor",
        freeMinutes = 15,
        unitMinutes = 30,
        unitFee = 5.00m,
        dailyCap = 50.00m,
        segments = new[] { new { start = "22:00", end = "07:00", unitFee = 1.00m } },
        reason = "首次设定",
    };

    private async Task<HttpClient> ChiefAsync()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("chief", "Chief-Secret-2026"));
        return client;
    }

    [Fact]
    public async Task AnEmptyLot_AnswersTheGateWith503_AndWritesNothing()
    {
        using var client = await ChiefAsync();

        var entry = await client.PostAsJsonAsync("/api/entry?lot=main", new { id = "京A10001", start_time = "2026-12-06T09:00:00" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, entry.StatusCode);
        var problem = await entry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Lot.NotSetUp", problem.GetProperty("code").GetString());
        Assert.Contains("尚未设置完成", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => db.Lots.Any(l => l.Id == s.LotId && l.Code == "main"))));
    }

    [Fact]
    public async Task TheAdminConsole_OpensOnTheSetupWizard_WhileTheLotIsNotReady()
    {
        using var client = await ChiefAsync();

        var console = await client.GetAsync("/admin");
        var wizard = await client.GetAsync("/admin/setup");

        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.EndsWith("/admin/setup", console.Headers.Location!.ToString());
        var html = await wizard.Content.ReadAsStringAsync();
        Assert.Contains("设置向导", html);
        Assert.Contains("data-testid=\"step-lot\"", html);
        Assert.Contains("data-done=\"false\"", html);
    }

    [Fact]
    public async Task AFirstRule_AndALane_LetTheFirstCarIn_OfAFurtherLot()
    {
        using var client = await ChiefAsync();
        var opened = await client.PostAsJsonAsync("/api/lots", new { code = "second", name = "第二车场", capacity = 50 });
        var lot = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var first = await client.PostAsJsonAsync("/api/admin/fee-rules?lot=second", SmallCarVisitorRule);
        var again = await client.PostAsJsonAsync("/api/admin/fee-rules?lot=second", SmallCarVisitorRule);
        var stillShut = await client.PostAsJsonAsync("/api/entry?lot=second", new { id = "京A10002", start_time = "2026-12-06T09:00:00" });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LaneCameras>().SaveLaneAsync(lot, "in-1", "东门入口", LaneDirection.Entry, 0.9, true, "chief");
        }

        var open = await client.PostAsJsonAsync("/api/entry?lot=second", new { id = "京A10002", start_time = "2026-12-06T09:00:00", vehicle_type = "小车" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var rule = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, rule.GetProperty("version").GetInt32());
        Assert.Equal("22:00", rule.GetProperty("segments")[0].GetProperty("start").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("FeeRule.KindExists", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stillShut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.FeeRules.CountAsync(r => r.LotId == lot)));
        Assert.Equal(1, await app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.LotId == lot)));
    }

    [Theory]
    [InlineData("""{"vehicleType":"飞机","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50,"reason":"x"}""", "vehicleType")]
    [InlineData("""{"vehicleType":"货车","customerClass":"vip","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50,"reason":"x"}""", "customerClass")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":"abc","unitMinutes":30,"unitFee":5,"dailyCap":50,"reason":"x"}""", "freeMinutes")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":2000,"unitMinutes":30,"unitFee":5,"dailyCap":50,"reason":"x"}""", "freeMinutes")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":-5,"dailyCap":50,"reason":"x"}""", "unitFee")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50.001,"reason":"x"}""", "dailyCap")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50,"segments":[{"start":"25:00","end":"07:00","unitFee":1}],"reason":"x"}""", "segments[0].start")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50,"segments":"night","reason":"x"}""", "segments")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50}""", "reason")]
    [InlineData("""{"vehicleType":"货车","customerClass":"visitor","freeMinutes":15,"unitMinutes":30,"unitFee":5,"dailyCap":50,"basedOnVersion":3,"reason":"x"}""", "basedOnVersion")]
    public async Task ABadRule_Is400Or404NamingTheField_AndNothingIsWritten(string body, string field)
    {
        using var client = await ChiefAsync();

        var response = await client.PostAsync("/api/admin/fee-rules?lot=main", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await app.WithDbAsync(db => db.FeeRules.CountAsync(r => r.VehicleType == SmartParking.Domain.Billing.VehicleType.Truck)));
    }
}
