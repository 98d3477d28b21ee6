using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Passes;

/// <summary>An owner invites a guest's car for a window and shares the link; the admin's limits are kept.</summary>
public sealed class VisitorPassApiTests(VisitorPassApiTests.App app) : IClassFixture<VisitorPassApiTests.App>
{
    // Thursday 2026-12-10 10:00 in the lot (Asia/Shanghai).
    private static readonly DateTimeOffset Thursday = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);

    public sealed class App() : MoneyApp(null, new FakeClock(Thursday))
    {
        public FakeClock FakeClock => (FakeClock)Clock!;
    }

    [Fact]
    public async Task AnOwner_InvitesAGuestForSaturdayAfternoon_GetsALinkAndQr_SeesItActiveThen_AndRevokesIt()
    {
        app.FakeClock.Set(Thursday);
        using var owner = await app.OwnerClientAsync();

        var response = await owner.PostAsJsonAsync("/api/me/visitor-passes",
            new { plate = "沪B12345", from = "2026-12-12T14:00", to = "2026-12-12T18:00", entries = "single", payer = "owner" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pass = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = pass.GetProperty("code").GetString()!;
        Assert.Equal(12, code.Length);
        Assert.EndsWith($"/guest/{code}", pass.GetProperty("link").GetString());
        Assert.Contains("<svg", pass.GetProperty("qr").GetString());
        Assert.Equal(("沪B12345", "2026-12-12T14:00:00", "2026-12-12T18:00:00", "owner", "upcoming"), (
            pass.GetProperty("plate").GetString(), pass.GetProperty("from").GetString(), pass.GetProperty("to").GetString(),
            pass.GetProperty("payer").GetString(), pass.GetProperty("state").GetString()));

        app.FakeClock.Set(new DateTimeOffset(2026, 12, 12, 7, 0, 0, TimeSpan.Zero));
        using var onSaturday = await app.OwnerClientAsync();
        var id = pass.GetProperty("id").GetGuid();
        Assert.Equal("active", await StateAsync(onSaturday, id));

        var revoked = await onSaturday.DeleteAsync($"/api/me/visitor-passes/{id}");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", await StateAsync(onSaturday, id));
        Assert.Equal(HttpStatusCode.NotFound, (await onSaturday.DeleteAsync($"/api/me/visitor-passes/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task AnAnyPlatePass_HasNoPlateUntilTheGuestGivesOne()
    {
        app.FakeClock.Set(Thursday);
        using var owner = await app.OwnerClientAsync();

        var response = await owner.PostAsJsonAsync("/api/me/visitor-passes",
            new { any_plate = true, from = "2026-12-11T09:00", to = "2026-12-11T21:00", entries = "multi", payer = "guest" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pass = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((JsonValueKind.Null, true, "multi"), (pass.GetProperty("plate").ValueKind, pass.GetProperty("any_plate").GetBoolean(), pass.GetProperty("entries").GetString()));
    }

    [Theory]
    [InlineData("""{"plate": "沪B12345", "from": "2026-12-12T18:00", "to": "2026-12-12T14:00"}""", "to", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "from": "2026-12-12T14:00", "to": "2026-12-14T14:00"}""", "to", HttpStatusCode.Conflict)]
    [InlineData("""{"plate": "沪B12345", "from": "2026-12-09T14:00", "to": "2026-12-09T18:00"}""", "from", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "from": "2026-12-10T08:00", "to": "2026-12-10T09:30"}""", "to", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "from": "2126-12-12T14:00", "to": "2126-12-12T18:00"}""", "from", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "from": "Saturday", "to": "2026-12-12T18:00"}""", "from", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "NOTAPLATE", "from": "2026-12-12T14:00", "to": "2026-12-12T18:00"}""", "plate", HttpStatusCode.BadRequest)]
    [InlineData("""{"from": "2026-12-12T14:00", "to": "2026-12-12T18:00"}""", "plate", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "any_plate": true, "from": "2026-12-12T14:00", "to": "2026-12-12T18:00"}""", "plate", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "from": "2026-12-12T14:00", "to": "2026-12-12T18:00", "entries": "twice"}""", "entries", HttpStatusCode.BadRequest)]
    [InlineData("""{"plate": "沪B12345", "from": "2026-12-12T14:00", "to": "2026-12-12T18:00", "payer": "shop"}""", "payer", HttpStatusCode.BadRequest)]
    public async Task ABadPass_IsAProblemNamingTheField_AndNothingIsWritten(string json, string field, HttpStatusCode status)
    {
        app.FakeClock.Set(Thursday);
        using var owner = await app.OwnerClientAsync();
        var before = await CountAsync();

        var response = await app.PostJsonAsync(owner, "/api/me/visitor-passes", json);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task TheAdminsLimits_RefuseTheThirdPassOfAMonth_AndAnOwnerWithoutAPayLimitPayingForAGuest()
    {
        app.FakeClock.Set(Thursday);
        using var admin = await app.AdminClientAsync();
        using var owner = await app.OwnerClientAsync();
        var ownerId = await app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());
        var defaults = await admin.GetFromJsonAsync<JsonElement>("/api/admin/visitor-pass-limits?lot=yangguang");
        try
        {
            var badLimit = await admin.PutAsJsonAsync("/api/admin/visitor-pass-limits?lot=yangguang", new { passes_per_month = -1, longest_hours = 24, owner_pays_per_month = 50 });
            var changed = await admin.PutAsJsonAsync("/api/admin/visitor-pass-limits?lot=yangguang", new { passes_per_month = 2, longest_hours = 24, owner_pays_per_month = 50 });
            Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
            Assert.True((await badLimit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("passes_per_month", out _));
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

            foreach (var day in new[] { "2027-02-06", "2027-02-13" })
            {
                var sent = await owner.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B23456", from = $"{day}T14:00", to = $"{day}T18:00" });
                Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            }

            var before = await CountAsync();
            var third = await owner.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B23456", from = "2027-02-20T14:00", to = "2027-02-20T18:00" });
            var nextMonth = await owner.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B23456", from = "2027-03-06T14:00", to = "2027-03-06T18:00" });

            Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
            Assert.True((await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));
            Assert.Equal(HttpStatusCode.Created, nextMonth.StatusCode);
            Assert.Equal(before + 1, await CountAsync());

            Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/owners/{ownerId}/guest-pay-limit?lot=yangguang", new { per_month = 0 })).StatusCode);
            var ownerPays = await owner.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B23456", from = "2027-03-13T14:00", to = "2027-03-13T18:00", payer = "owner" });
            Assert.Equal(HttpStatusCode.Conflict, ownerPays.StatusCode);
            Assert.True((await ownerPays.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("payer", out _));
            Assert.Contains("LimitVisitorPasses", await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()));
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/admin/visitor-pass-limits?lot=yangguang", defaults);
            await admin.PutAsJsonAsync($"/api/admin/owners/{ownerId}/guest-pay-limit?lot=yangguang", new { per_month = (decimal?)null });
        }
    }

    [Fact]
    public async Task TwoRequestsRacingForTheOwnersLastPassOfAMonth_OneIsCreated_TheOther409_OneRow()
    {
        app.FakeClock.Set(Thursday);
        using var admin = await app.AdminClientAsync();
        var ownerId = await app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());
        var defaults = await admin.GetFromJsonAsync<JsonElement>("/api/admin/visitor-pass-limits?lot=yangguang");
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/visitor-pass-limits?lot=yangguang", new { passes_per_month = 1, longest_hours = 24, owner_pays_per_month = 50 })).StatusCode);
            using var phone = await app.OwnerClientAsync();
            using var laptop = await app.OwnerClientAsync();

            // April to November 2027, which no other test sends passes for: each month's one pass is raced for from two devices.
            for (var month = 4; month <= 11; month++)
            {
                var day = $"2027-{month:00}-10";
                var answers = await Task.WhenAll(
                    phone.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B34568", from = $"{day}T14:00", to = $"{day}T18:00" }),
                    laptop.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B34569", from = $"{day}T15:00", to = $"{day}T19:00" }));

                Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
                var refused = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
                Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));
            }

            var (from, to) = (new DateTime(2027, 3, 31, 16, 0, 0, DateTimeKind.Utc), new DateTime(2027, 11, 30, 16, 0, 0, DateTimeKind.Utc));
            Assert.Equal(8, await app.WithDbAsync(db => db.VisitorPasses.CountAsync(p => p.OwnerId == ownerId && p.FromUtc >= from && p.FromUtc < to)));
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/admin/visitor-pass-limits?lot=yangguang", defaults);
        }
    }

    [Fact]
    public async Task OnlyOwnersSendPasses_AndOnlyAdminsSetTheLimits()
    {
        using var guard = await app.GuardClientAsync();
        using var owner = await app.OwnerClientAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PostAsJsonAsync("/api/me/visitor-passes", new { plate = "沪B12345", from = "2026-12-12T14:00", to = "2026-12-12T18:00" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PutAsJsonAsync("/api/admin/visitor-pass-limits?lot=yangguang", new { passes_per_month = 99, longest_hours = 99, owner_pays_per_month = 99 })).StatusCode);
    }

    private static async Task<string?> StateAsync(HttpClient owner, Guid id) =>
        (await owner.GetFromJsonAsync<JsonElement>("/api/me/visitor-passes")).EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == id).GetProperty("state").GetString();

    private Task<int> CountAsync() => app.WithDbAsync(db => db.VisitorPasses.CountAsync());
}
