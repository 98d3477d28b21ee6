using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Reports;

/// <summary>A server whose Chromium is missing: the PDF routes say so in a sentence, and the gate goes on.</summary>
public sealed class ReportPdfWithoutChromiumTests : IDisposable
{
    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Pdf:ChromiumPath"] = "/nonexistent/chromium" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task MissingBrowser_Answers503WithASentence_AndTheGateStillOpens()
    {
        using var guard = await _app.GuardClientAsync();
        using var camera = _app.DeviceClient();

        var response = await guard.GetAsync("/api/reports/30days.pdf");
        var entry = await camera.PostAsJsonAsync("/api/entry", new { id = "NU123456" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("无法启动 Chromium（/nonexistent/chromium）", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(" at ", problem.GetRawText());
        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
    }
}
