using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Domain.Billing;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Billing;

/// <summary>
/// An admin keeps the lot's holidays and gives a fee rule holiday terms; a visitor's stay is then priced by the day each
/// unit starts on, at the gate and on the pay page alike.
/// </summary>
public sealed class HolidayCalendarApiTests(HolidayCalendarApiTests.App app) : IClassFixture<HolidayCalendarApiTests.App>
{
    // Thursday 1 October 2026, 14:00 in the lot (UTC+8).
    public sealed class App() : ParkingAppFactory(clock: new FakeClock(new DateTimeOffset(2026, 10, 1, 6, 0, 0, TimeSpan.Zero)));

    private async Task<HttpClient> AdminAsync()
    {
        var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenAsync("admin", "Admin123!"));
        return admin;
    }

    [Fact]
    public async Task TheDemoLotKnowsThisYearsHolidays_AndAnAdminMarksAndUnmarksADay()
    {
        using var admin = await AdminAsync();

        var year = await admin.GetFromJsonAsync<JsonElement>("/api/admin/calendar?lot=yangguang&year=2026");
        var days = year.EnumerateArray().ToList();
        Assert.Contains(days, d => d.GetProperty("date").GetString() == "2026-10-01" && d.GetProperty("kind").GetString() == "holiday" && d.GetProperty("name").GetString() == "国庆节");
        Assert.Contains(days, d => d.GetProperty("date").GetString() == "2026-10-10" && d.GetProperty("kind").GetString() == "workday");

        var marked = await admin.PutAsJsonAsync("/api/admin/calendar/2026-12-24?lot=yangguang", new { kind = "holiday", name = "小区开放日" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/calendar/2026-12-24?lot=yangguang")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/admin/calendar/2026-12-24?lot=yangguang")).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Subject == "CalendarDay 2026-12-24")));
    }

    [Theory]
    [InlineData("2026-13-01", "holiday", "x", "date")]
    [InlineData("2126-10-01", "holiday", "x", "date")]
    [InlineData("2026-12-23", "workday", "调休", "kind")] // a Wednesday cannot be a worked weekend day
    [InlineData("2026-12-23", "party", "x", "kind")]
    [InlineData("2026-12-23", "holiday", "", "name")]
    public async Task ADayThatCannotBeMarked_Is400NamingTheField_AndNothingIsWritten(string date, string kind, string name, string field)
    {
        using var admin = await AdminAsync();

        var response = await admin.PutAsJsonAsync($"/api/admin/calendar/{date}?lot=yangguang", new { kind, name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.False(await app.WithDbAsync(db => db.CalendarDays.AnyAsync(d => d.Date == new DateOnly(2026, 12, 23) || d.Date == new DateOnly(2126, 10, 1))));
    }

    [Fact]
    public async Task AnImportWithOneWrongLine_MarksNothing_AndNamesTheLine()
    {
        using var admin = await AdminAsync();
        var list = "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,假,元旦\n2027-01-03,sometimes,元旦\n";

        var refused = await admin.PostAsync("/api/admin/calendar/import?lot=cuihu", new StringContent(list, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("line 4", out _));
        Assert.False(await app.WithDbAsync(db => db.CalendarDays.AnyAsync(d => d.Date.Year == 2027)));

        var taken = await admin.PostAsync("/api/admin/calendar/import?lot=cuihu", new StringContent(list.Replace("sometimes", "休"), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(3, (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32());
    }

    [Fact]
    public async Task ARuleFreeOnHolidays_ChargesOnlyTheUnitsBeforeTheHoliday_AtTheGate()
    {
        using var admin = await AdminAsync();
        var rule = await admin.PostAsJsonAsync("/api/admin/fee-rules?lot=yangguang", new
        {
            vehicleType = "小型车", customerClass = "visitor", freeMinutes = 15, unitMinutes = 30, unitFee = 5m, dailyCap = 50m, deductFreeMinutes = true,
            basedOnVersion = 1, reason = "节假日访客免费", holidayPricing = "free", weekendsAreHolidays = false,
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        Assert.Equal("free", (await rule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holidayPricing").GetString());
        using var camera = app.DeviceClient();

        // In on Wednesday 30 September 22:45, out on the holiday at 14:00: only the two half hours from 23:00 to midnight cost.
        var entry = await camera.PostAsJsonAsync("/api/entry", new { id = "苏E12345", start_time = "2026-09-30T22:45:00" });
        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "苏E12345", start_time = "2026-10-01T14:00:00" });

        Assert.Equal(HttpStatusCode.OK, entry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exit.StatusCode);
        var fee = await app.WithDbAsync(db => db.ParkingSessions.Where(s => s.Plate == SmartParking.Domain.People.PlateNumber.Parse("苏E12345")).Select(s => s.Fee).SingleAsync());
        Assert.Equal(10m, fee);
    }

    [Fact]
    public async Task AnUnknownHolidayPricing_Is400NamingIt_AndNoVersionIsPublished()
    {
        using var admin = await AdminAsync();
        var before = await app.WithDbAsync(db => db.FeeRules.CountAsync());

        var response = await admin.PostAsJsonAsync("/api/admin/fee-rules?lot=cuihu", new
        {
            vehicleType = "小型车", customerClass = "visitor", freeMinutes = 30, unitMinutes = 60, unitFee = 6m, dailyCap = 60m,
            basedOnVersion = 1, reason = "test", holidayPricing = "7",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("holidayPricing", out _));
        Assert.Equal(before, await app.WithDbAsync(db => db.FeeRules.CountAsync()));
    }
}
