using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Infrastructure.Common;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

public sealed class AuditLogTests : IDisposable
{
    private readonly ParkingAppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static DateTime Utc(int day, int hour) => new(2026, 11, day, hour, 0, 0, DateTimeKind.Utc);

    // Shanghai is UTC+8: 2026-11-03 02:00 UTC is 10:00 on the 3rd in the lot.
    private async Task SeedAsync()
    {
        using var _ = _app.CreateClient();
        var lot = _app.Community.Id;
        var other = _app.Commercial.Id;
        await _app.WithDbAsync(db =>
        {
            db.AuditEntries.AddRange(
                AuditEntry.Record(Utc(1, 2), "admin", "CorrectPlate", "ParkingSession 1 京A11111", "京A11111", "京A22222", "看错了", lot),
                AuditEntry.Record(Utc(2, 2), "guard", "OpenByHand", "Lane in-1", null, "open", "救护车", lot),
                AuditEntry.Record(Utc(3, 2), "admin", "CorrectOwner", "Owner 9", "张三 | 110101199003070000 | 13912345678", "张三 | 110***********0000 | 139****5678", "换证", lot),
                AuditEntry.Record(Utc(4, 2), "guard", "SettleInCash", "ParkingSession 2 京B33333", "Unpaid", "Paid ¥5.00", "cash", lot),
                AuditEntry.Record(Utc(5, 2), "guard2", "SettleInCash", "ParkingSession 3 京A11111", "Unpaid", "Paid ¥9.00", "cash", other));
            return db.SaveChangesAsync();
        });
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task Admin_ReadsTheLotsLog_NewestFirst_InLotTime_WithNumbersMasked()
    {
        await SeedAsync();
        using var admin = await _app.AdminClientAsync();

        var body = await JsonAsync(await admin.GetAsync("/api/admin/audit?lot=yangguang&from=2026-11-01&to=2026-11-30"));

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["SettleInCash", "CorrectOwner", "OpenByHand", "CorrectPlate"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal("2026-11-04T10:00:00", items[0].GetProperty("at").GetString());
        Assert.Equal("张三 | 110***********0000 | 139****5678", items[1].GetProperty("before").GetString());
        Assert.DoesNotContain("guard2", body.GetRawText());
    }

    [Fact]
    public async Task Filters_ByPlate_Kind_Person_AndLotLocalDates()
    {
        await SeedAsync();
        using var admin = await _app.AdminClientAsync();

        async Task<IReadOnlyList<long>> Ids(string query) =>
            (await JsonAsync(await admin.GetAsync($"/api/admin/audit?lot=yangguang&{query}"))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();

        Assert.Single(await Ids("plate=" + Uri.EscapeDataString("京A11111")));
        Assert.Single(await Ids("plate=" + Uri.EscapeDataString("京b33333")));
        Assert.Equal(2, (await Ids("person=guard")).Count);
        Assert.Single(await Ids("kind=CorrectOwner"));
        // 2026-11-02 lot time runs from 11-01 16:00 to 11-02 16:00 UTC: only the hand opening at 11-02 02:00 UTC.
        Assert.Single(await Ids("from=2026-11-02&to=2026-11-02"));
        Assert.Equal(2, (await Ids("from=2026-11-02T09:00&to=2026-11-03T10:00:01")).Count);
    }

    [Fact]
    public async Task Paging_WithTheCursor_WalksEveryRowOnce()
    {
        await SeedAsync();
        using var admin = await _app.AdminClientAsync();
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var body = await JsonAsync(await admin.GetAsync("/api/admin/audit?lot=yangguang&limit=3" + (cursor is null ? "" : "&cursor=" + cursor)));
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            cursor = body.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        var all = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.LotId == _app.Community.Id).Select(a => a.Id).ToListAsync());
        Assert.Equal(all.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-11-05&to=2026-11-01", "to")]
    [InlineData("from=2126-01-01", "from")]
    [InlineData("to=1999-12-31", "to")]
    [InlineData("plate=ABC", "plate")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task BadFilters_Answer400_NamingTheField(string query, string field)
    {
        using var admin = await _app.AdminClientAsync();

        var response = await admin.GetAsync("/api/admin/audit?lot=yangguang&" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ALongPerson_IsRefused_AndTheCsvRouteChecksTheSameWay()
    {
        using var admin = await _app.AdminClientAsync();

        var response = await admin.GetAsync("/api/admin/audit/export?lot=yangguang&person=" + new string('a', 300));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("person", out _));
    }

    [Fact]
    public async Task Guard_Finance_AndOwner_AreForbidden()
    {
        using var guard = await _app.GuardClientAsync();
        using var finance = await _app.ClientForAsync("finance", "Finance123!");
        using var owner = await _app.OwnerClientAsync();
        using var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync("/api/admin/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/api/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync("/api/admin/audit/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task CsvExport_HoldsTheFilteredRows_InLotTime()
    {
        await SeedAsync();
        using var admin = await _app.AdminClientAsync();

        var response = await admin.GetAsync("/api/admin/audit/export?lot=yangguang&person=guard");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-11-04 10:00:00,guard,SettleInCash,ParkingSession 2 京B33333", lines[1]);
        Assert.StartsWith("2026-11-02 10:00:00,guard,OpenByHand", lines[2]);
    }

    [Fact]
    public void NoRoute_ChangesOrDeletesTheLog()
    {
        using var _ = _app.CreateClient();
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.Contains("audit", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();

        Assert.Contains(routes, r => r.RoutePattern.RawText!.TrimEnd('/') == "/api/admin/audit");
        foreach (var route in routes)
        {
            var methods = route.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            // A page (/admin/audit) answers GET and the Blazor form POST; neither touches an entry.
            Assert.All(methods, m => Assert.True(m is "GET" || (m is "POST" && !route.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal)), $"{m} {route.RoutePattern.RawText}"));
        }
    }

    [Fact]
    public async Task TheStore_RefusesToChangeOrDeleteAnEntry()
    {
        await SeedAsync();

        await Assert.ThrowsAsync<AuditLogIsAppendOnlyException>(() => _app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync(a => a.Action == "OpenByHand");
            db.Entry(entry).Property(a => a.Reason).CurrentValue = "没有原因";
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<AuditLogIsAppendOnlyException>(() => _app.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync(a => a.Action == "OpenByHand"));
            return await db.SaveChangesAsync();
        }));

        await Assert.ThrowsAsync<AuditLogIsAppendOnlyException>(() => _app.WithDbAsync(db =>
            db.AuditEntries.Where(a => a.Action == "OpenByHand").ExecuteUpdateAsync(u => u.SetProperty(a => a.Reason, "没有原因"))));
        await Assert.ThrowsAsync<AuditLogIsAppendOnlyException>(() => _app.WithDbAsync(db => db.AuditEntries.ExecuteDeleteAsync()));
        await Assert.ThrowsAsync<AuditLogIsAppendOnlyException>(() => _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("delete from AuditEntries")));

        Assert.Equal("救护车", await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "OpenByHand").Select(a => a.Reason).SingleAsync()));
    }

    [Theory]
    [InlineData("ParkingSession 7c9e 京A12345", null, "京A12345")]
    [InlineData("Vehicle 1", "京A12345 → 沪B99999", "京A12345")]
    [InlineData("Lane in-1", "open", null)]
    [InlineData("User guard", "Guard", null)]
    public void AnEntry_KnowsItsPlate_FromItsText(string subject, string? before, string? plate) =>
        Assert.Equal(plate, AuditEntry.Record(DateTime.UtcNow, "admin", "Act", subject, before).Plate);
}
