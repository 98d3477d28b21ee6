using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Passes;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Passes;

/// <summary>A guest's car comes in on the owner's visitor pass without the form, and its fee is the owner's within the limit.</summary>
public sealed class VisitorPassGateTests(VisitorPassGateTests.App app) : IClassFixture<VisitorPassGateTests.App>
{
    // Thursday 2026-12-10 10:00 in the lot (Asia/Shanghai); the guests come on Saturday 2026-12-12.
    private static readonly DateTimeOffset Thursday = new(2026, 12, 10, 2, 0, 0, TimeSpan.Zero);

    public sealed class App() : MoneyApp(new Dictionary<string, string?> { ["RateLimits:VisitorPerMinute"] = "1000" }, new FakeClock(Thursday))
    {
        public FakeClock FakeClock => (FakeClock)Clock!;
    }

    [Fact]
    public async Task TheOwnersGuest_EntersOnSaturdayWithoutTheForm_AndLeavesWithTheFeeTakenFromTheOwnersBalance()
    {
        await InviteAsync(new { plate = "沪C10001", from = "2026-12-12T14:00", to = "2026-12-12T18:00", entries = "single", payer = "owner" });
        var (ownerId, unit, balanceBefore) = await OwnerAsync();
        using var camera = app.DeviceClient();

        var entry = await GateAsync(camera, "/api/entry", "沪C10001", "2026-12-12T14:05:00");

        Assert.Equal("open", entry.GetProperty("gate").GetString());
        Assert.Equal($"访客（业主 {unit} 邀请）", entry.GetProperty("reason").GetString());
        var stay = await StayAsync("沪C10001");
        Assert.Equal((SessionState.Inside, ownerId, (Guid?)null), (stay.State, stay.HostId, stay.OwnerId));

        var exit = await GateAsync(camera, "/api/exit", "沪C10001", "2026-12-12T16:05:00");

        var fee = exit.GetProperty("cost").GetDecimal();
        Assert.True(fee is > 0m and <= 50m, $"a two-hour visitor stay costs {fee}");
        Assert.Equal(("open", "paid"), (exit.GetProperty("gate").GetString(), exit.GetProperty("payment").GetString()));
        var charge = Assert.Single(await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.SessionId == stay.Id).ToListAsync()));
        Assert.Equal((LedgerEntryKind.Charge, ownerId, fee), (charge.Kind, charge.OwnerId, charge.Amount));
        Assert.Equal(balanceBefore - fee, (await OwnerAsync()).Balance);
        var told = (await app.WithDbAsync(db => db.Notices.Where(n => n.OwnerId == ownerId && n.Template.StartsWith("Guest")).ToListAsync()))
            .Where(n => JsonDocument.Parse(n.Parameters).RootElement.GetProperty("plate").GetString() == "沪C10001").Select(n => n.Template).Distinct().Order();
        Assert.Equal(["GuestEntered", "GuestLeft"], told);

        var again = await GateAsync(camera, "/api/entry", "沪C10001", "2026-12-12T16:30:00");
        Assert.Equal("hold", again.GetProperty("gate").GetString());
    }

    [Fact]
    public async Task WhatIsLeftOfTheOwnersMonthlyLimit_IsAllTheOwnerPays_TheGuestPaysTheRest()
    {
        var (ownerId, _, balanceBefore) = await OwnerAsync();
        using var admin = await app.AdminClientAsync();
        await admin.PutAsJsonAsync($"/api/admin/owners/{ownerId}/guest-pay-limit?lot=yangguang", new { per_month = 1 });
        try
        {
            // January, so the other guests' December fees leave this month's limit untouched.
            await InviteAsync(new { plate = "沪C10002", from = "2027-01-09T14:00", to = "2027-01-09T18:00", entries = "multi", payer = "owner" });
            using var camera = app.DeviceClient();
            await GateAsync(camera, "/api/entry", "沪C10002", "2027-01-09T14:00:00");

            var exit = await GateAsync(camera, "/api/exit", "沪C10002", "2027-01-09T17:00:00");

            var fee = exit.GetProperty("cost").GetDecimal();
            Assert.True(fee > 1m, $"a three-hour visitor stay costs {fee}");
            Assert.Equal(("hold", "unpaid"), (exit.GetProperty("gate").GetString(), exit.GetProperty("payment").GetString()));
            var stay = await StayAsync("沪C10002");
            Assert.Equal(fee - 1m, stay.Due);
            var charge = Assert.Single(await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.SessionId == stay.Id).ToListAsync()));
            Assert.Equal((ownerId, 1m), (charge.OwnerId, charge.Amount));
        }
        finally
        {
            await admin.PutAsJsonAsync($"/api/admin/owners/{ownerId}/guest-pay-limit?lot=yangguang", new { per_month = (decimal?)null });
        }
    }

    [Fact]
    public async Task ACarOutsideItsPassWindow_RegistersLikeAnyVisitor()
    {
        await InviteAsync(new { plate = "沪C10003", from = "2026-12-12T14:00", to = "2026-12-12T18:00" });
        using var camera = app.DeviceClient();

        var early = await GateAsync(camera, "/api/entry", "沪C10003", "2026-12-12T13:00:00");

        Assert.Equal("hold", early.GetProperty("gate").GetString());
        Assert.Equal(SessionState.AwaitingRegistration, (await StayAsync("沪C10003")).State);
    }

    [Fact]
    public async Task ARevokedPass_LetsNothingIn_TheGuestFillsTheFormAndPaysTheVisitorRate_NothingFromTheOwner()
    {
        var pass = await InviteAsync(new { plate = "沪C10006", from = "2026-12-12T14:00", to = "2026-12-12T18:00", entries = "multi", payer = "owner" });
        using var owner = await app.OwnerClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await owner.DeleteAsync($"/api/me/visitor-passes/{pass.GetProperty("id").GetGuid()}")).StatusCode);
        var (ownerId, _, balanceBefore) = await OwnerAsync();
        using var camera = app.DeviceClient();
        using var phone = app.CreateClient();

        var entry = await GateAsync(camera, "/api/entry", "沪C10006", "2026-12-12T14:30:00");
        var held = await StayAsync("沪C10006");
        var registered = await phone.PostAsJsonAsync("/api/visitors?lot=yangguang", new { name = "钱七", id_number = "110105198001011238", mobile = "13700137006", plate = "沪C10006" });
        var exit = await GateAsync(camera, "/api/exit", "沪C10006", "2026-12-12T16:30:00");

        Assert.Equal("hold", entry.GetProperty("gate").GetString());
        Assert.Equal((SessionState.AwaitingRegistration, (Guid?)null, (Guid?)null), (held.State, held.HostId, held.VisitorPassId));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        // Two hours under the demo visitor rule (15 free minutes, ¥5 a half hour started): ¥20, all of it the guest's.
        Assert.Equal(20m, exit.GetProperty("cost").GetDecimal());
        Assert.Equal(("hold", "unpaid"), (exit.GetProperty("gate").GetString(), exit.GetProperty("payment").GetString()));
        var stay = await StayAsync("沪C10006");
        Assert.Equal((20m, (Guid?)null, false), (stay.Due, stay.HostId, stay.HostPays));
        Assert.Empty(await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.SessionId == stay.Id).ToListAsync()));
        Assert.Equal(balanceBefore, (await OwnerAsync()).Balance);
        var guestNotices = await app.WithDbAsync(db => db.Notices.Where(n => n.OwnerId == ownerId && n.Template.StartsWith("Guest")).ToListAsync());
        Assert.DoesNotContain(guestNotices, n => JsonDocument.Parse(n.Parameters).RootElement.GetProperty("plate").GetString() == "沪C10006");
    }

    [Fact]
    public async Task AnAnyPlatePass_LetsInTheCarWhoseDriverGaveItsPlateOnTheLink_AndOnlyThatCar()
    {
        var pass = await InviteAsync(new { any_plate = true, from = "2026-12-12T09:00", to = "2026-12-12T21:00", entries = "multi" });
        var code = pass.GetProperty("code").GetString()!;
        using var guest = app.CreateClient();
        var page = await guest.GetStringAsync($"/guest/{code}");
        Assert.Contains("guest-submit", page);

        var desk = app.Services.GetRequiredService<VisitorPassDesk>();
        await desk.BindPlateAsync(code, PlateNumber.Parse("沪C10004"));
        var taken = await Record.ExceptionAsync(() => desk.BindPlateAsync(code, PlateNumber.Parse("沪C10005")));
        using var camera = app.DeviceClient();

        var bound = await GateAsync(camera, "/api/entry", "沪C10004", "2026-12-12T10:00:00");
        var other = await GateAsync(camera, "/api/entry", "沪C10005", "2026-12-12T10:01:00");

        Assert.Equal("VisitorPass.PlateAlreadyGiven", (taken as SmartParking.Domain.Common.DomainException)?.Code);
        Assert.Equal(("open", "hold"), (bound.GetProperty("gate").GetString(), other.GetProperty("gate").GetString()));
        Assert.Contains("沪C10004", await guest.GetStringAsync($"/guest/{code}"));
    }

    private async Task<JsonElement> InviteAsync(object body)
    {
        app.FakeClock.Set(Thursday);
        using var owner = await app.OwnerClientAsync();
        var response = await owner.PostAsJsonAsync("/api/me/visitor-passes", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> GateAsync(HttpClient camera, string path, string plate, string localTime)
    {
        app.FakeClock.Set(new DateTimeOffset(DateTime.Parse(localTime), TimeSpan.FromHours(8)).AddSeconds(1));
        var response = await camera.PostAsJsonAsync(path, new { id = plate, start_time = localTime });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<ParkingSession> StayAsync(string plate) =>
        app.WithDbAsync(db => db.ParkingSessions.Where(s => s.Plate == PlateNumber.Parse(plate)).OrderByDescending(s => s.EntryUtc).FirstAsync());

    private Task<(Guid Id, string Unit, decimal Balance)> OwnerAsync() =>
        app.WithDbAsync(async db =>
        {
            var owner = await db.Owners.AsNoTracking().SingleAsync(o => o.UserName == "owner");
            return (owner.Id, owner.Unit, owner.Balance);
        });
}
