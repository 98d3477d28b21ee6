using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Payments;

/// <summary>A visitor's fee: the barrier waits for it, a payment confirmed by the provider opens it, once.</summary>
public sealed class VisitorPaymentTests(MoneyApp app) : IClassFixture<MoneyApp>
{
    private PaymentDesk Desk => app.Services.GetRequiredService<PaymentDesk>();

    private GateKeeper Gate => app.Services.GetRequiredService<GateKeeper>();

    private async Task<ExitOutcome> VisitAndLeaveAsync(string plate, int minutes, string lane = "out-1")
    {
        var lot = app.Community.Id;
        var now = DateTime.UtcNow;
        await Gate.EnterAsync(new EntryRequest(lot, PlateNumber.Parse(plate), now.AddMinutes(-minutes), null, "test"));
        return await Gate.ExitAsync(new ExitRequest(lot, PlateNumber.Parse(plate), now, "test", null, lane));
    }

    [Fact]
    public async Task Exit_OfAVisitorWithAFee_HoldsTheBarrier_UntilThePaymentIsBooked_ThenTheLaneOpensOnce()
    {
        // Other tests of the class release cars at this lane too; its controller starts with nothing pending.
        await app.Services.GetRequiredService<LaneBarrier>().TakeOpenAsync(app.Community.Id, "out-1", "test");
        var exit = await VisitAndLeaveAsync("沪A10001", 150);
        Assert.Equal(GateVerdict.Hold, exit.Decision!.Verdict);
        Assert.Equal("Gate.PayFirst", exit.Decision.Reason.Code);
        Assert.True(exit.Session!.Due > 0);
        using var camera = app.DeviceClient();
        Assert.Equal("none", (await camera.GetFromJsonAsync<JsonElement>("/api/lanes/out-1/barrier")).GetProperty("command").GetString());

        var news = new List<GateNews>();
        using var _ = app.Services.GetRequiredService<GateEventFeed>().Subscribe(n => { lock (news) { news.Add(n); } return Task.CompletedTask; });
        var started = await Desk.StartStayPaymentAsync(app.Community.Id, PlateNumber.Parse("沪A10001"), PaymentChannel.WeChat, PayerDevice.Qr, "http://localhost", null, null);
        Assert.Equal(exit.Session.Due, started.Payment.Amount);
        Assert.Equal("http://localhost/api/payments/wechat/notify", app.WeChat.Orders[started.Payment.OutTradeNo].NotifyUrl);

        Assert.Equal(NoticeBooking.Booked, await Desk.ReceiveAsync(app.WeChat.PaidNotice(started.Payment.OutTradeNo)));

        var stay = await app.WithDbAsync(db => db.ParkingSessions.SingleAsync(s => s.Id == exit.Session.Id));
        Assert.Equal(PaymentState.Paid, stay.Payment);
        Assert.Contains(news, n => n.Kind == GateNewsKind.Paid && n.SessionId == stay.Id && n.Channel == PaymentChannel.WeChat && n.Lane == "out-1");
        Assert.Equal("open", (await camera.GetFromJsonAsync<JsonElement>("/api/lanes/out-1/barrier")).GetProperty("command").GetString());
        Assert.Equal("none", (await camera.GetFromJsonAsync<JsonElement>("/api/lanes/out-1/barrier")).GetProperty("command").GetString());

        // The camera reads the car again while the barrier rises: the stay it closed, now open, nothing charged twice.
        var again = await Gate.ExitAsync(new ExitRequest(app.Community.Id, PlateNumber.Parse("沪A10001"), DateTime.UtcNow, "test", null, "out-1"));
        Assert.Equal(ExitStatus.Repeated, again.Status);
        Assert.Equal(GateVerdict.Open, again.Decision!.Verdict);
        var entries = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.SessionId == stay.Id).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal((LedgerEntryKind.StayPayment, PaymentChannel.WeChat, stay.Fee), (entry.Kind, entry.Channel, entry.Amount));
    }

    [Fact]
    public async Task TheSameCallback_TenTimesInARow_AndTenAtOnce_BooksOnePayment()
    {
        var exit = await VisitAndLeaveAsync("沪A10002", 200);
        var started = await Desk.StartStayPaymentAsync(app.Community.Id, exit.Session!.Plate, PaymentChannel.Alipay, PayerDevice.Phone, "http://localhost", null, null);
        Assert.NotNull(started.Prompt.PayUrl);
        var notice = app.Alipay.PaidNotice(started.Payment.OutTradeNo);

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Desk.ReceiveAsync(notice))));
        var sequential = new List<NoticeBooking>();
        for (var i = 0; i < 10; i++)
        {
            sequential.Add(await Desk.ReceiveAsync(notice));
        }

        Assert.Equal(1, concurrent.Count(b => b == NoticeBooking.Booked));
        Assert.All(concurrent.Where(b => b != NoticeBooking.Booked).Concat(sequential), b => Assert.Equal(NoticeBooking.AlreadyBooked, b));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.PaymentId == started.Payment.Id)));
        var stay = await app.WithDbAsync(db => db.ParkingSessions.SingleAsync(s => s.Id == exit.Session.Id));
        Assert.Equal(stay.Fee, stay.Paid);
    }

    [Fact]
    public async Task ABurstOfCallbacks_ForManyCars_BooksEachOnce_AndAWrongOneAmongThemHoldsNobodyElseUp()
    {
        var orders = new List<(ParkingSession Stay, Payment Payment, PaymentNotice Notice)>();
        for (var i = 0; i < 8; i++)
        {
            var exit = await VisitAndLeaveAsync($"沪A2{i:0000}", 120 + i);
            var channel = i % 2 == 0 ? PaymentChannel.WeChat : PaymentChannel.Alipay;
            var started = await Desk.StartStayPaymentAsync(app.Community.Id, exit.Session!.Plate, channel, PayerDevice.Qr, "http://localhost", null, null);
            var provider = channel == PaymentChannel.WeChat ? app.WeChat : app.Alipay;
            orders.Add((exit.Session, started.Payment, provider.PaidNotice(started.Payment.OutTradeNo)));
        }

        var forged = orders[^1] with { Notice = app.Alipay.PaidNotice(orders[^1].Payment.OutTradeNo, amount: 0.01m) };
        var deliveries = orders.SkipLast(1).Select(o => o.Notice).Append(forged.Notice).Append(orders[0].Notice).ToList();

        var outcomes = await Task.WhenAll(deliveries.Select(n => Task.Run(() => Desk.ReceiveAsync(n))));

        Assert.Equal(7, outcomes.Count(b => b == NoticeBooking.Booked));
        Assert.Equal(1, outcomes.Count(b => b == NoticeBooking.Mismatch));
        Assert.Equal(1, outcomes.Count(b => b == NoticeBooking.AlreadyBooked));
        foreach (var (stay, payment, _) in orders.SkipLast(1))
        {
            Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.PaymentId == payment.Id)));
            var booked = await app.WithDbAsync(db => db.ParkingSessions.SingleAsync(s => s.Id == stay.Id));
            Assert.Equal((PaymentState.Paid, booked.Fee), (booked.Payment, booked.Paid));
        }

        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.PaymentId == forged.Payment.Id)));
        Assert.Equal(PaymentState.Unpaid, (await app.WithDbAsync(db => db.ParkingSessions.SingleAsync(s => s.Id == forged.Stay.Id))).Payment);
    }

    [Fact]
    public async Task AVisitorsReceipt_IsThereOnceTheStayIsPaidOnline_AndNotForAnUnpaidOrder()
    {
        var exit = await VisitAndLeaveAsync("沪A10010", 95);
        var started = await Desk.StartStayPaymentAsync(app.Community.Id, exit.Session!.Plate, PaymentChannel.WeChat, PayerDevice.Phone, "http://localhost", null, null);
        using var visitor = app.CreateClient();

        var before = await visitor.GetAsync($"/pay/receipts/{started.Payment.Id}");
        await Desk.ReceiveAsync(app.WeChat.PaidNotice(started.Payment.OutTradeNo));
        var after = await visitor.GetAsync($"/pay/receipts/{started.Payment.Id}");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("application/problem+json", before.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode.OK, "application/pdf"), (after.StatusCode, after.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/pay/receipts/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("amount")]
    [InlineData("merchant")]
    public async Task ACallbackThatDoesNotMatchItsOrder_IsRefusedAndAlerted_AndBooksNothing(string wrong)
    {
        var exit = await VisitAndLeaveAsync(wrong == "amount" ? "沪A10003" : "沪A10004", 180);
        var started = await Desk.StartStayPaymentAsync(app.Community.Id, exit.Session!.Plate, PaymentChannel.WeChat, PayerDevice.Qr, "http://localhost", null, null);
        var notice = wrong == "amount"
            ? app.WeChat.PaidNotice(started.Payment.OutTradeNo, amount: 0.01m)
            : app.WeChat.PaidNotice(started.Payment.OutTradeNo, merchant: "1900000999");

        Assert.Equal(NoticeBooking.Mismatch, await Desk.ReceiveAsync(notice));

        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.PaymentId == started.Payment.Id)));
        Assert.Equal(PaymentStatus.Created, (await Desk.FindAsync(app.Community.Id, started.Payment.Id))!.Status);
        Assert.True(await app.WithDbAsync(db => db.MoneyAlerts.AnyAsync(a => a.Kind == MoneyAlertKind.CallbackMismatch && a.Subject == started.Payment.OutTradeNo)));
        Assert.Equal(NoticeBooking.UnknownOrder, await Desk.ReceiveAsync(app.WeChat.PaidNotice(started.Payment.OutTradeNo) with { OutTradeNo = "SPNOTOURS0000000000000000000000" }));
    }

    [Fact]
    public async Task PayingBeforeWalkingToTheCar_LetsItOutWithinTheGrace_AndChargesTheExtraTimeAfterIt()
    {
        var lot = app.Community.Id;
        var now = DateTime.UtcNow;
        await Gate.EnterAsync(new EntryRequest(lot, PlateNumber.Parse("沪A10005"), now.AddMinutes(-150), null, "test"));
        await Gate.EnterAsync(new EntryRequest(lot, PlateNumber.Parse("沪A10006"), now.AddMinutes(-150), null, "test"));
        foreach (var plate in new[] { "沪A10005", "沪A10006" })
        {
            var bill = await Desk.BillAsync(lot, PlateNumber.Parse(plate));
            Assert.True(bill!.Due > 0);
            Assert.NotEmpty(bill.Quote!.Windows);
            var started = await Desk.StartStayPaymentAsync(lot, PlateNumber.Parse(plate), PaymentChannel.WeChat, PayerDevice.Phone, "http://localhost", null, null);
            await Desk.ReceiveAsync(app.WeChat.PaidNotice(started.Payment.OutTradeNo));
            Assert.Equal(0m, (await Desk.BillAsync(lot, PlateNumber.Parse(plate)))!.Due);
        }

        var inGrace = await Gate.ExitAsync(new ExitRequest(lot, PlateNumber.Parse("沪A10005"), DateTime.UtcNow.AddMinutes(10), "test"));
        var late = await Gate.ExitAsync(new ExitRequest(lot, PlateNumber.Parse("沪A10006"), DateTime.UtcNow.AddMinutes(4 * 60), "test"));

        Assert.Equal(GateVerdict.Open, inGrace.Decision!.Verdict);
        Assert.Equal(PaymentState.Paid, inGrace.Session!.Payment);
        Assert.Equal(inGrace.Session.Paid, inGrace.Session.Fee);
        Assert.Equal(GateVerdict.Hold, late.Decision!.Verdict);
        Assert.True(late.Session!.Fee > late.Session.Paid);
        Assert.Equal(late.Session.Fee - late.Session.Paid, late.Session.Due);
    }

    [Fact]
    public async Task CashAtTheBooth_IsALedgerEntry_AndLettingACarOutUnpaid_FollowsThePlateBackIn()
    {
        var lot = app.Community.Id;
        var paid = await VisitAndLeaveAsync("沪A10007", 120);
        await Gate.SettleInCashAsync(lot, paid.Session!.Id, "guard");
        var cash = await app.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.SessionId == paid.Session.Id));
        Assert.Equal((PaymentChannel.Cash, paid.Session.Fee, "guard"), (cash.Channel, cash.Amount, cash.Actor));

        var unpaid = await VisitAndLeaveAsync("沪A10008", 120);
        var owed = unpaid.Session!.Due;
        await Gate.LetOutUnpaidAsync(lot, unpaid.Session.Id, "guard", "no phone, no cash");
        var news = new List<GateNews>();
        using var _ = app.Services.GetRequiredService<GateEventFeed>().Subscribe(n => { lock (news) { news.Add(n); } return Task.CompletedTask; });

        await Gate.EnterAsync(new EntryRequest(lot, PlateNumber.Parse("沪A10008"), DateTime.UtcNow.AddMinutes(1), null, "test"));

        Assert.Contains(news, n => n.Kind == GateNewsKind.Entered && n.Plate == "沪A10008" && n.Owed == owed);
        var listed = await app.Services.GetRequiredService<MoneyOverview>().UnpaidStaysAsync(lot);
        Assert.Contains(listed, u => u.Plate == "沪A10008" && u.Payment == PaymentState.Owed && u.Fee == owed);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "LetOutUnpaid" && a.Reason == "no phone, no cash")));
    }

    [Fact]
    public async Task AProviderThatDoesNotTakeTheOrder_LeavesItClosed_AndSaysSo()
    {
        var exit = await VisitAndLeaveAsync("沪A10009", 120);
        app.WeChat.RefuseOrders = true;
        try
        {
            var failure = await Assert.ThrowsAsync<SmartParking.Domain.Common.DomainException>(() =>
                Desk.StartStayPaymentAsync(app.Community.Id, exit.Session!.Plate, PaymentChannel.WeChat, PayerDevice.Qr, "http://localhost", null, null));
            Assert.Equal("Payment.ProviderUnavailable", failure.Error.Code);
            Assert.True(await app.WithDbAsync(db => db.Payments.AnyAsync(p => p.SessionId == exit.Session!.Id && p.Status == PaymentStatus.Closed)));
        }
        finally
        {
            app.WeChat.RefuseOrders = false;
        }
    }

    [Fact]
    public async Task TheExitApi_AnswersHoldWithTheAmountAndThePayLink()
    {
        using var camera = app.DeviceClient();
        var start = DateTime.UtcNow.AddMinutes(-200);
        Assert.Equal(HttpStatusCode.OK, (await camera.PostAsJsonAsync("/api/entry", new { id = "沪A10010", start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ") })).StatusCode);

        var exit = await camera.PostAsJsonAsync("/api/exit", new { id = "沪A10010", end_time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") });

        var body = await exit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hold", body.GetProperty("gate").GetString());
        Assert.Equal("unpaid", body.GetProperty("payment").GetString());
        Assert.Equal(body.GetProperty("cost").GetDecimal(), body.GetProperty("due").GetDecimal());
        Assert.EndsWith($"/pay/{app.Community.Code}?plate={Uri.EscapeDataString("沪A10010")}", body.GetProperty("pay_url").GetString(), StringComparison.Ordinal);
    }
}
