using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>The legacy report routes, on a clock fixed at 2026-11-22 15:00 in Shanghai.</summary>
public sealed class ReportApiTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero));
    private readonly ParkingAppFactory _app;
    private HttpClient _guard = null!;
    private HttpClient _camera = null!;

    public ReportApiTests()
    {
        _app = new ParkingAppFactory(
            new Dictionary<string, string?> { ["Reports:ExcellentIncomePerDay"] = "50", ["Reports:GoodIncomePerDay"] = "10" },
            clock: _clock);
    }

    public async Task InitializeAsync()
    {
        _guard = await _app.GuardClientAsync();
        _camera = _app.DeviceClient();
        // Today: NU123456 twice (¥5, ¥15), 京A12345 inside since 09:30; yesterday one truck stay of ¥60.
        await StayAsync("NU123456", "2026-11-22T08:00:00", "2026-11-22T08:40:00");
        await StayAsync("NU123456", "2026-11-22T10:00:00", "2026-11-22T11:30:00");
        await StayAsync("NU999999", "2026-11-21T09:00:00", "2026-11-21T15:00:00", "货车");
        await Post(_camera, "/api/entry", new { id = "京A12345", start_time = "2026-11-22T09:30:00" });
    }

    public Task DisposeAsync()
    {
        _guard.Dispose();
        _camera.Dispose();
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DailyIncome_ListsEveryDayOfTheRange_WithIncomeStateAndStays()
    {
        var response = await Post(_guard, "/api/income/daily", new { start_time = "2026-11-20", end_times = "2026-11-22" });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2026-11-20", "2026-11-21", "2026-11-22"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0m, body.GetProperty("2026-11-20").GetProperty("income").GetDecimal());
        Assert.Equal("差", body.GetProperty("2026-11-20").GetProperty("state").GetString());
        Assert.Equal(60m, body.GetProperty("2026-11-21").GetProperty("income").GetDecimal());
        Assert.Equal("优", body.GetProperty("2026-11-21").GetProperty("state").GetString());
        Assert.Equal(1, body.GetProperty("2026-11-21").GetProperty("park_times").GetInt32());
        Assert.Equal(20m, body.GetProperty("2026-11-22").GetProperty("income").GetDecimal());
        Assert.Equal("良", body.GetProperty("2026-11-22").GetProperty("state").GetString());
        Assert.Equal(2, body.GetProperty("2026-11-22").GetProperty("park_times").GetInt32());
    }

    [Theory]
    [InlineData("{\"start_time\":\"2026-11-22\",\"end_times\":\"2026-11-20\"}", "end_times")]
    [InlineData("{\"start_time\":\"2025-01-01\",\"end_times\":\"2026-11-22\"}", "end_times")]
    [InlineData("{\"start_time\":\"22/11/2026\",\"end_times\":\"2026-11-22\"}", "start_time")]
    [InlineData("{\"end_times\":\"2026-11-22\"}", "start_time")]
    [InlineData("{\"start_time\":\"2026-11-22\"}", "end_times")]
    [InlineData("{\"start_time\":", "body")]
    public async Task DailyIncome_BadRange_Answers400NamingTheField(string json, string field)
    {
        var response = await _app.PostJsonAsync(_guard, "/api/income/daily", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task DailyIncome_OverAFullYear_IsAllowed()
    {
        var response = await Post(_guard, "/api/income/daily", new { start_time = "2025-11-22", end_times = "2026-11-22" });

        Assert.Equal(366, (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Count());
    }

    [Fact]
    public async Task RecordsToday_KeysRepeatPlatesWithHash_AndCarriesTheLargestCost()
    {
        var body = await _guard.GetFromJsonAsync<JsonElement>("/api/records/today");

        var data = body.GetProperty("data");
        Assert.Equal(["NU123456", "京A12345", "NU123456#2"], data.EnumerateObject().Select(p => p.Name));
        Assert.Equal("08:00", data.GetProperty("NU123456").GetProperty("start_time").GetString());
        Assert.Equal("08:40", data.GetProperty("NU123456").GetProperty("end_time").GetString());
        Assert.Equal(5m, data.GetProperty("NU123456").GetProperty("cost").GetDecimal());
        Assert.Equal(15m, data.GetProperty("NU123456#2").GetProperty("cost").GetDecimal());
        Assert.Equal(15m, body.GetProperty("mx_val").GetDecimal());
        Assert.Equal(15m, body.GetProperty("max_val").GetDecimal());
    }

    [Fact]
    public async Task LotVehicles_ShowsCarsInside_WithEntryTimeAndNow()
    {
        var body = await _guard.GetFromJsonAsync<JsonElement>("/api/lot/vehicles");

        var car = Assert.Single(body.EnumerateObject());
        Assert.Equal("京A12345", car.Name);
        Assert.Equal("09:30", car.Value.GetProperty("start_time").GetString());
        Assert.Equal("15:00", car.Value.GetProperty("end_time").GetString());
    }

    [Fact]
    public async Task Export_Csv_HasABomChineseHeadersAndTheLast30DaysOfStays()
    {
        var link = await _guard.GetFromJsonAsync<JsonElement>("/api/records/export?days=30");

        var file = await _guard.GetAsync(link.GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("记录,车牌,车型", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("NU123456#2,NU123456,小车,访客,2026-11-22 10:00:00,2026-11-22 11:30:00,90,15.00"));
        Assert.Contains(lines, l => l.StartsWith("NU999999,NU999999,货车"));
    }

    [Fact]
    public async Task Export_Xlsx_IsAWorkbookWithTheRecords()
    {
        var link = await _guard.GetFromJsonAsync<JsonElement>("/api/records/export?days=30&format=xlsx");

        var file = await _guard.GetAsync(link.GetProperty("url").GetString());

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await file.Content.ReadAsStreamAsync());
        var sheet = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        using var reader = new StreamReader(sheet.Open());
        var xml = await reader.ReadToEndAsync();
        Assert.Contains("NU123456#2", xml);
        Assert.Contains("京A12345", xml);
    }

    [Fact]
    public async Task ExportLink_WorksOnlyForTheUserWhoAskedForIt()
    {
        using var admin = await _app.AdminClientAsync();
        using var anonymous = _app.CreateClient();
        var link = (await _guard.GetFromJsonAsync<JsonElement>("/api/records/export")).GetProperty("url").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await _guard.GetAsync(link + "x")).StatusCode);
    }

    [Theory]
    [InlineData("/api/records/export?days=0", "days")]
    [InlineData("/api/records/export?days=400", "days")]
    [InlineData("/api/records/export?format=pdf", "format")]
    public async Task ExportLink_BadQuery_Answers400NamingTheField(string url, string field)
    {
        var response = await _guard.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("/api/records/today")]
    [InlineData("/api/lot/vehicles")]
    [InlineData("/api/records/export")]
    public async Task Reports_AreForStaff_NotOwnersOrCameras(string url)
    {
        using var owner = await _app.OwnerClientAsync();
        using var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _camera.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheLegacyRoutes_WithTheSeedsExamples()
    {
        using var anonymous = _app.CreateClient();

        var document = await anonymous.GetStringAsync("/openapi/v1.json");
        var ui = await anonymous.GetAsync("/api-docs/index.html");

        foreach (var route in new[] { "/api/entry", "/api/exit", "/api/income/daily", "/api/lot/vehicles", "/api/records/today", "/api/records/export" })
        {
            Assert.Contains($"\"{route}\"", document);
        }

        Assert.Contains("NU123456", document);
        Assert.Contains("2023-10-09T13:45:30", document);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    private async Task StayAsync(string plate, string entry, string exit, string type = "小车")
    {
        Assert.Equal(HttpStatusCode.OK, (await Post(_camera, "/api/entry", new { id = plate, start_time = entry, vehicle_type = type })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Post(_camera, "/api/exit", new { id = plate, start_time = exit })).StatusCode);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
