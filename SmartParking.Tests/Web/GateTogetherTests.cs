using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Billing;
using SmartParking.Domain.Common;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Notices;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web;

/// <summary>
/// Camera reads decided together in one transaction (decision 046) give each camera the answer it would have had
/// alone: a real app on a real SQLite file, over HTTP, and through the gate keeper with reads queued as one batch.
/// </summary>
public sealed class GateTogetherTests : IDisposable
{
    private const int Capacity = 4;

    private readonly ParkingAppFactory _app = new(new Dictionary<string, string?> { ["Lot:Capacity"] = Capacity.ToString() });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task ABurstOfCarsWithCopiesOfEachRead_FillsTheLotOnce_AndEachCameraHearsItsOwnAnswer()
    {
        var plates = Enumerable.Range(1, 12).Select(i => $"NU{100000 + i}").ToList();

        var entries = await Task.WhenAll(plates.Concat(plates).Select(async plate =>
            (Plate: plate, Response: await Post(_app.DeviceClient(), "/api/entry", new { id = plate, start_time = "2023-10-09T09:00:00" }))));

        var answers = await ReadAllAsync(entries);
        var admitted = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Plate).Distinct().ToList();
        Assert.Equal(Capacity, admitted.Count);
        foreach (var plate in plates)
        {
            var copies = answers.Where(a => a.Plate == plate).ToList();
            if (admitted.Contains(plate))
            {
                Assert.All(copies, c => Assert.Equal(HttpStatusCode.OK, c.Status));
                Assert.Single(copies.Select(c => c.Body.GetProperty("session_id").GetString()).Distinct());
                Assert.Single(copies, c => !c.Body.GetProperty("repeated").GetBoolean());
            }
            else
            {
                Assert.All(copies, c => Assert.Equal(HttpStatusCode.Conflict, c.Status));
                Assert.All(copies, c => Assert.Contains("满", c.Body.GetProperty("reason").GetString()));
            }
        }

        Assert.Equal(Capacity, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync()));
        Assert.Equal(Capacity, await _app.WithDbAsync(db => db.GateEvents.CountAsync(e => e.Kind == GateEventKind.Entry)));

        var exits = await Task.WhenAll(admitted.Concat(admitted).Select(async plate =>
            (Plate: plate, Response: await Post(_app.DeviceClient(), "/api/exit", new { id = plate, start_time = "2023-10-09T10:00:00" }))));

        var left = await ReadAllAsync(exits);
        Assert.All(left, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        foreach (var plate in admitted)
        {
            var copies = left.Where(a => a.Plate == plate).ToList();
            Assert.Single(copies, c => !c.Body.GetProperty("repeated").GetBoolean());
            Assert.Equal(10m, copies[0].Body.GetProperty("cost").GetDecimal());
            Assert.Equal(10m, copies[1].Body.GetProperty("cost").GetDecimal());
        }

        Assert.Equal(0, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync(ParkingSession.IsOpen)));
        Assert.Equal(Capacity, await _app.WithDbAsync(db => db.GateEvents.CountAsync(e => e.Kind == GateEventKind.Exit)));
        Assert.Equal(Capacity, await _app.WithDbAsync(db => db.IncomeHours.SumAsync(h => h.Stays)));
        Assert.Equal(10m * Capacity, (await _app.WithDbAsync(db => db.IncomeHours.Select(h => h.Income).ToListAsync())).Sum());
    }

    [Fact]
    public async Task AnExitInTheSameBatchAsItsEntry_ClosesThatStay_AndChargesTheOwnerOnce()
    {
        await PriceOwnersAsync(FeeRule.Create(VehicleType.Small, CustomerClass.Owner, 0, 60, 2m, 20m, false, version: 2));
        var gate = Gate;
        var owner = PlateNumber.Parse("京A12345");
        Task<EntryOutcome> entry = null!;
        Task<ExitOutcome> exit = null!, again = null!;

        await OneBatchAsync(() =>
        {
            entry = gate.EnterAsync(new EntryRequest(LotId, owner, At("08:00"), null, "test"));
            exit = gate.ExitAsync(new ExitRequest(LotId, owner, At("10:30"), "test"));
            again = gate.ExitAsync(new ExitRequest(LotId, owner, At("10:30"), "test"));
        });

        Assert.Equal(EntryStatus.Admitted, (await entry).Status);
        Assert.Equal(ExitStatus.Closed, (await exit).Status);
        Assert.Equal(6m, (await exit).Session!.Fee);
        Assert.Equal(94m, (await exit).OwnerBalance);
        Assert.Equal(ExitStatus.Repeated, (await again).Status);
        Assert.Equal((await entry).Session!.Id, (await again).Session!.Id);
        Assert.Equal(94m, (await again).OwnerBalance);
        Assert.Equal(94m, await _app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Balance).SingleAsync()));
        Assert.Equal(SessionState.Closed, await _app.WithDbAsync(db => db.ParkingSessions.Select(s => s.State).SingleAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.LedgerEntries.CountAsync(l => l.SessionId == entry.Result.Session!.Id)));
        Assert.Equal(2, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.IncomeHours.SumAsync(h => h.Stays)));
    }

    [Fact]
    public async Task AReadThatFailsItsBatch_IsAnsweredAlone_AndItsNeighboursAreStillDecided()
    {
        var gate = Gate;
        var (a, b, c) = (PlateNumber.Parse("NU100001"), PlateNumber.Parse("NU100002"), PlateNumber.Parse("NU100003"));
        var first = await gate.EnterAsync(new EntryRequest(LotId, b, At("08:00"), null, "test"));
        await gate.ExitAsync(new ExitRequest(LotId, b, At("08:30"), "test"));
        Task<EntryOutcome> enterA = null!, replayB = null!, enterC = null!, nowhere = null!;
        Task<ExitOutcome> exitA = null!;

        await OneBatchAsync(() =>
        {
            enterA = gate.EnterAsync(new EntryRequest(LotId, a, At("09:00"), null, "test"));
            // The closed stay's entry again: its (plate, entry time) is taken, so the batch's one save fails.
            replayB = gate.EnterAsync(new EntryRequest(LotId, b, At("08:00"), null, "test"));
            nowhere = gate.EnterAsync(new EntryRequest(Guid.NewGuid(), c, At("09:00"), null, "test"));
            enterC = gate.EnterAsync(new EntryRequest(LotId, c, At("09:01"), null, "test"));
            exitA = gate.ExitAsync(new ExitRequest(LotId, a, At("09:40"), "test"));
        });

        Assert.Equal(EntryStatus.Admitted, (await enterA).Status);
        Assert.Equal(EntryStatus.Repeated, (await replayB).Status);
        Assert.Equal(first.Session!.Id, (await replayB).Session!.Id);
        Assert.Equal("Lot.NotFound", (await Assert.ThrowsAsync<DomainException>(() => nowhere)).Code);
        Assert.Equal(EntryStatus.Admitted, (await enterC).Status);
        Assert.Equal(ExitStatus.Closed, (await exitA).Status);
        Assert.Equal(5m, (await exitA).Session!.Fee);
        Assert.Equal(1, await SessionsAsync(b));
        Assert.Equal(SessionState.Closed, await _app.WithDbAsync(db => db.ParkingSessions.Where(s => s.Plate == a).Select(s => s.State).SingleAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync(ParkingSession.IsOpen)));
        Assert.Equal(3 + 2, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
    }

    [Fact]
    public async Task ALotFilledWithinOneBatch_TurnsTheNextCarAway_UntilAnExitInTheSameBatchFreesASpace()
    {
        var gate = Gate;
        var plates = Enumerable.Range(1, 6).Select(i => PlateNumber.Parse($"NU20000{i}")).ToList();
        var entries = new List<Task<EntryOutcome>>();
        Task<ExitOutcome> exit = null!;
        Task<EntryOutcome> afterExit = null!, last = null!;

        await OneBatchAsync(() =>
        {
            entries.AddRange(plates.Take(5).Select(p => gate.EnterAsync(new EntryRequest(LotId, p, At("09:00"), null, "test"))));
            exit = gate.ExitAsync(new ExitRequest(LotId, plates[0], At("09:10"), "test"));
            afterExit = gate.EnterAsync(new EntryRequest(LotId, plates[4], At("09:11"), null, "test"));
            last = gate.EnterAsync(new EntryRequest(LotId, plates[5], At("09:12"), null, "test"));
        });

        Assert.All(entries.Take(Capacity), e => Assert.Equal(EntryStatus.Admitted, e.Result.Status));
        Assert.Equal(EntryStatus.Denied, (await entries[4]).Status);
        Assert.Equal(DenialCause.LotFull, (await entries[4]).Decision.Cause);
        Assert.Equal(ExitStatus.Closed, (await exit).Status);
        Assert.Equal(EntryStatus.Admitted, (await afterExit).Status);
        Assert.Equal(EntryStatus.Denied, (await last).Status);
        Assert.Equal(Capacity, await _app.WithDbAsync(db => db.ParkingSessions.CountAsync(ParkingSession.IsOpen)));
        Assert.Equal(0, await SessionsAsync(plates[5]));
        Assert.Equal(Capacity + 1 + 1, await _app.WithDbAsync(db => db.GateEvents.CountAsync()));
        // Two cars turned away in one batch: each owner hears once that the lot is full.
        var told = await _app.WithDbAsync(db => db.Notices.Where(n => n.Template == NoticeTemplates.LotFull).Select(n => new { n.OwnerId, n.Channel }).ToListAsync());
        Assert.NotEmpty(told);
        Assert.Equal(told.Count, told.Distinct().Count());
    }

    [Fact]
    public async Task TheIncomeFiguresOfTheLastHourDayAndMonth_CountEveryExit_TheOneJustCommittedToo()
    {
        using var camera = _app.DeviceClient();
        var now = DateTime.UtcNow.AddSeconds(-5);
        var lastHour = await StayAsync(camera, "NU300001", now.AddMinutes(-50), now.AddMinutes(-20))
            + await StayAsync(camera, "NU300002", now.AddMinutes(-45), now.AddMinutes(-10));
        var earlierToday = await StayAsync(camera, "NU300003", now.AddHours(-5), now.AddHours(-3));
        var lastMonth = await StayAsync(camera, "NU300004", now.AddDays(-3).AddHours(-2), now.AddDays(-3));

        var first = await EnterAtAsync(camera, "NU300005", now);
        var justNow = await StayAsync(camera, "NU300006", now.AddMinutes(-30), now.AddMinutes(-1));
        var second = await EnterAtAsync(camera, "NU300007", now);

        Assert.True(lastHour > 0m && justNow > 0m);
        Assert.Equal((lastHour, lastHour + earlierToday, lastHour + earlierToday + lastMonth), first);
        Assert.Equal((lastHour + justNow, lastHour + justNow + earlierToday, lastHour + justNow + earlierToday + lastMonth), second);
    }

    private GateKeeper Gate => _app.Services.GetRequiredService<GateKeeper>();

    private Guid LotId => _app.Community.Id;

    /// <summary>
    /// Holds the gate's writer while a lone read is taken into a batch of its own, queues what <paramref name="send"/>
    /// sends, then lets go: everything sent meanwhile is decided as one batch.
    /// </summary>
    private async Task OneBatchAsync(Action send)
    {
        var gate = Gate;
        await gate.Writer.WaitAsync();
        Task lead;
        try
        {
            lead = gate.ExitAsync(new ExitRequest(LotId, PlateNumber.Parse("NU999999"), At("07:00"), "test"));
            while (gate.Queued > 0)
            {
                await Task.Delay(1);
            }

            send();
            Assert.True(gate.Queued > 1);
        }
        finally
        {
            gate.Writer.Release();
        }

        await lead;
    }

    private static async Task<decimal> StayAsync(HttpClient camera, string plate, DateTime enteredUtc, DateTime leftUtc)
    {
        Assert.Equal(HttpStatusCode.OK, (await Post(camera, "/api/entry", new { id = plate, start_time = enteredUtc.ToString("yyyy-MM-ddTHH:mm:ssZ") })).StatusCode);
        var exit = await Post(camera, "/api/exit", new { id = plate, start_time = leftUtc.ToString("yyyy-MM-ddTHH:mm:ssZ") });
        Assert.Equal(HttpStatusCode.OK, exit.StatusCode);
        return (await exit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cost").GetDecimal();
    }

    private static async Task<(decimal Hour, decimal Day, decimal Month)> EnterAtAsync(HttpClient camera, string plate, DateTime atUtc)
    {
        var body = await (await Post(camera, "/api/entry", new { id = plate, start_time = atUtc.ToString("yyyy-MM-ddTHH:mm:ssZ") })).Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("BOHI").GetDecimal(), body.GetProperty("BODI").GetDecimal(), body.GetProperty("BOMI").GetDecimal());
    }

    private static DateTime At(string time) => DateTime.SpecifyKind(DateTime.Parse($"2023-10-09T{time}:00"), DateTimeKind.Utc).AddHours(-8);

    private Task<int> SessionsAsync(PlateNumber plate) => _app.WithDbAsync(db => db.ParkingSessions.CountAsync(s => s.Plate == plate));

    private async Task PriceOwnersAsync(FeeRule rule) =>
        await _app.WithDbAsync(async db =>
        {
            db.FeeRules.Add(rule.For(_app.Community.Id));
            return await db.SaveChangesAsync();
        });

    private static async Task<List<(string Plate, HttpStatusCode Status, JsonElement Body)>> ReadAllAsync(IEnumerable<(string Plate, HttpResponseMessage Response)> answers)
    {
        var read = new List<(string, HttpStatusCode, JsonElement)>();
        foreach (var (plate, response) in answers)
        {
            read.Add((plate, response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>()));
        }

        return read;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
