using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Payments;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Payments;

/// <summary>
/// An owner's money: top-ups booked once when the provider confirms, the ledger with the balance after each entry,
/// refunds and adjustments that a second person approves, and the jobs that follow orders up and check the books.
/// </summary>
public sealed class OwnerMoneyTests(MoneyApp app) : IClassFixture<MoneyApp>
{
    private PaymentDesk Desk => app.Services.GetRequiredService<PaymentDesk>();

    // Admins and Finance work in both demo lots and name the one they mean.
    private string InLot(string path) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lot=" + app.Community.Code;

    private async Task<Guid> OwnerIdAsync() => await app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());

    private async Task<decimal> BalanceAsync() => await app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Balance).SingleAsync());

    [Fact]
    public async Task ATopUp_ByAlipay_IsBookedWhenConfirmed_AndTheLedgerShowsItWithAReceipt()
    {
        using var owner = await app.OwnerClientAsync();
        var before = await BalanceAsync();

        var response = await owner.PostAsJsonAsync("/api/me/top-ups", new { amount = 50, channel = "alipay", device = "qr" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var payment = await response.Content.ReadFromJsonAsync<JsonElement>();
        var outTradeNo = payment.GetProperty("out_trade_no").GetString()!;
        Assert.Equal("created", payment.GetProperty("status").GetString());
        Assert.Contains(outTradeNo, payment.GetProperty("qr_code").GetString(), StringComparison.Ordinal);
        Assert.Equal(50m, app.Alipay.Orders[outTradeNo].Amount);
        Assert.Equal(before, await BalanceAsync());

        Assert.Equal(NoticeBooking.Booked, await Desk.ReceiveAsync(app.Alipay.PaidNotice(outTradeNo)));
        Assert.Equal(NoticeBooking.AlreadyBooked, await Desk.ReceiveAsync(app.Alipay.PaidNotice(outTradeNo)));

        Assert.Equal(before + 50m, await BalanceAsync());
        var status = await owner.GetFromJsonAsync<JsonElement>($"/api/me/payments/{payment.GetProperty("id").GetGuid()}");
        Assert.Equal("paid", status.GetProperty("status").GetString());
        var ledger = await owner.GetFromJsonAsync<JsonElement>("/api/me/ledger");
        var newest = ledger.GetProperty("entries")[0];
        Assert.Equal("top_up", newest.GetProperty("kind").GetString());
        Assert.Equal("alipay", newest.GetProperty("channel").GetString());
        Assert.Equal(before + 50m, newest.GetProperty("balance_after").GetDecimal());
        Assert.Equal(ledger.GetProperty("balance").GetDecimal(), newest.GetProperty("balance_after").GetDecimal());
        Assert.True(await app.WithDbAsync(db => db.Notices.AnyAsync(n => n.Template == "TopUpReceived")));

        var receipt = await owner.GetAsync(newest.GetProperty("receipt_url").GetString());
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType!.MediaType);
        var text = await PdfText.ExtractAsync(await receipt.Content.ReadAsByteArrayAsync());
        Assert.Contains("50.00", text, StringComparison.Ordinal);
        Assert.Contains(outTradeNo, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"amount": 1, "channel": "wechat"}""", "amount")]
    [InlineData("""{"amount": 999999, "channel": "wechat"}""", "amount")]
    [InlineData("""{"amount": 50.001, "channel": "wechat"}""", "amount")]
    [InlineData("""{"amount": "fifty", "channel": "wechat"}""", "amount")]
    [InlineData("""{"channel": "wechat"}""", "amount")]
    [InlineData("""{"amount": 50, "channel": "paypal"}""", "channel")]
    [InlineData("""{"amount": 50}""", "channel")]
    [InlineData("""{"amount": 50, "channel": "wechat", "device": "watch"}""", "device")]
    public async Task ABadTopUp_Answers400NamingTheField_AndPlacesNoOrder(string json, string field)
    {
        using var owner = await app.OwnerClientAsync();
        var orders = app.WeChat.Orders.Count;

        var response = await app.PostJsonAsync(owner, "/api/me/top-ups", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
        Assert.Equal(orders, app.WeChat.Orders.Count);
    }

    [Fact]
    public async Task TheLedgerAndTopUps_AreTheOwnersOnly()
    {
        using var guard = await app.GuardClientAsync();
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.GetAsync(InLot("/api/me/ledger"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/me/top-ups", new { amount = 50, channel = "wechat" })).StatusCode);
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.GetAsync(InLot("/api/me/ledger"))).StatusCode);
    }

    [Fact]
    public async Task ARefund_WaitsForASecondPerson_IsSentOnce_AndLowersTheTopUpBalance()
    {
        var ownerId = await OwnerIdAsync();
        var started = await Desk.StartTopUpAsync(app.Community.Id, ownerId, 100m, PaymentChannel.WeChat, PayerDevice.Qr, "http://localhost", null, null, "owner");
        await Desk.ReceiveAsync(app.WeChat.PaidNotice(started.Payment.OutTradeNo));
        var before = await BalanceAsync();
        using var admin = await app.AdminClientAsync();
        using var finance = await app.ClientForAsync("finance", "Finance123!");

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(InLot($"/api/payments/{started.Payment.Id}/refunds"), new { amount = 150, reason = "too much" })).StatusCode);
        var noReason = await admin.PostAsJsonAsync(InLot($"/api/payments/{started.Payment.Id}/refunds"), new { amount = 5 });
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        var asked = await admin.PostAsJsonAsync(InLot($"/api/payments/{started.Payment.Id}/refunds"), new { amount = 5, reason = "double payment" });
        var refund = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AwaitingApproval", refund.GetProperty("status").GetString());
        Assert.DoesNotContain(app.WeChat.Refunds, r => r.Key == refund.GetProperty("out_refund_no").GetString());

        var self = await admin.PostAsync(InLot($"/api/payments/refunds/{refund.GetProperty("id").GetGuid()}/approve"), null);
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        var approved = await finance.PostAsync(InLot($"/api/payments/refunds/{refund.GetProperty("id").GetGuid()}/approve"), null);
        Assert.Equal("Succeeded", (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await finance.PostAsync(InLot($"/api/payments/refunds/{refund.GetProperty("id").GetGuid()}/approve"), null)).StatusCode);

        // Asked again with the same number (the follow-up after a lost answer): still one refund there and here.
        await app.Services.GetRequiredService<RefundDesk>().SendAsync(refund.GetProperty("id").GetGuid());
        Assert.Single(app.WeChat.Refunds, r => r.Key == refund.GetProperty("out_refund_no").GetString());
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.PaymentId == started.Payment.Id && e.Kind == LedgerEntryKind.TopUpRefund)));
        Assert.Equal(before - 5m, await BalanceAsync());
        var payment = await Desk.FindAsync(app.Community.Id, started.Payment.Id);
        Assert.Equal((PaymentStatus.PartiallyRefunded, 95m), (payment!.Status, payment.Refundable));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "ApproveRefund" && a.Actor == "finance")));
    }

    [Fact]
    public async Task ABalanceAdjustment_AboveTheLimit_WaitsForASecondPerson_AndBelowItIsBookedAtOnce()
    {
        var ownerId = await OwnerIdAsync();
        using var admin = await app.AdminClientAsync();
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        var before = await BalanceAsync();

        var small = await (await finance.PostAsJsonAsync(InLot($"/api/admin/owners/{ownerId}/adjustments"), new { change = -20, reason = "meter fault credit reversed" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Booked", small.GetProperty("status").GetString());
        Assert.Equal(before - 20m, await BalanceAsync());

        var big = await (await finance.PostAsJsonAsync(InLot($"/api/admin/owners/{ownerId}/adjustments"), new { change = 500, reason = "transfer from the old system" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AwaitingApproval", big.GetProperty("status").GetString());
        Assert.Equal(before - 20m, await BalanceAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await finance.PostAsync(InLot($"/api/admin/adjustments/{big.GetProperty("id").GetGuid()}/approve"), null)).StatusCode);
        var approval = await admin.PostAsync(InLot($"/api/admin/adjustments/{big.GetProperty("id").GetGuid()}/approve"), null);
        Assert.True(approval.StatusCode == HttpStatusCode.OK, await approval.Content.ReadAsStringAsync());
        Assert.Equal(before + 480m, await BalanceAsync());

        var noReason = await finance.PostAsJsonAsync(InLot($"/api/admin/owners/{ownerId}/adjustments"), new { change = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        using var guard = await app.GuardClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await guard.PostAsJsonAsync(InLot($"/api/admin/owners/{ownerId}/adjustments"), new { change = 5, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task ACashTopUpAtTheOffice_IsBookedWithAReceipt()
    {
        var ownerId = await OwnerIdAsync();
        using var finance = await app.ClientForAsync("finance", "Finance123!");
        var before = await BalanceAsync();

        var response = await finance.PostAsJsonAsync(InLot($"/api/admin/owners/{ownerId}/cash-top-ups"), new { amount = 200 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(before + 200m, await BalanceAsync());
        var receipt = await finance.GetAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("receipt_url").GetString());
        Assert.Contains("200.00", await PdfText.ExtractAsync(await receipt.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.PostAsJsonAsync(InLot($"/api/admin/owners/{ownerId}/cash-top-ups"), new { amount = -5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await finance.PostAsJsonAsync(InLot($"/api/admin/owners/{Guid.NewGuid()}/cash-top-ups"), new { amount = 50 })).StatusCode);
    }

    [Fact]
    public async Task TheLedgerCannotBeRewritten_AndTheDailyCheckAlertsWhenABalanceStraysFromIt()
    {
        var ownerId = await OwnerIdAsync();
        await Assert.ThrowsAsync<LedgerIsAppendOnlyException>(() => app.WithDbAsync(async db =>
        {
            var entry = await db.LedgerEntries.FirstAsync(e => e.OwnerId == ownerId);
            db.LedgerEntries.Remove(entry);
            return await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<AuditLogIsAppendOnlyException>(() => app.WithDbAsync(db => db.LedgerEntries.ExecuteDeleteAsync()));

        var check = app.Services.GetRequiredService<LedgerCheck>();
        Assert.Contains("0 differ", await check.RunAsync(CancellationToken.None), StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Owners SET Balance = Balance + 1 WHERE Id = {ownerId}"));

        Assert.Contains("1 differ", await check.RunAsync(CancellationToken.None), StringComparison.Ordinal);

        Assert.True(await app.WithDbAsync(db => db.MoneyAlerts.AnyAsync(a => a.Kind == MoneyAlertKind.BalanceMismatch && a.Subject == $"Owner {ownerId}" && a.ResolvedUtc == null)));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Owners SET Balance = Balance - 1 WHERE Id = {ownerId}"));
        var alert = await app.WithDbAsync(db => db.MoneyAlerts.FirstAsync(a => a.Kind == MoneyAlertKind.BalanceMismatch));
        await app.Services.GetRequiredService<MoneyOverview>().ResolveAlertAsync(app.Community.Id, alert.Id, "finance", "test put it back");
    }

    [Fact]
    public async Task AnOrderWithoutACallback_IsFoundPaidByTheFollowUp_AndAnExpiredOneIsClosed()
    {
        var ownerId = await OwnerIdAsync();
        var lost = await Desk.StartTopUpAsync(app.Community.Id, ownerId, 20m, PaymentChannel.WeChat, PayerDevice.Qr, "http://localhost", null, null, "owner");
        var abandoned = await Desk.StartTopUpAsync(app.Community.Id, ownerId, 30m, PaymentChannel.WeChat, PayerDevice.Qr, "http://localhost", null, null, "owner");
        app.WeChat.PaidAtProvider[lost.Payment.OutTradeNo] = DateTime.UtcNow;
        var before = await BalanceAsync();
        // Both are due for a check; the abandoned one is past its life as well.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Payments SET NextCheckUtc = {DateTime.UtcNow.AddMinutes(-1)} WHERE Id IN ({lost.Payment.Id}, {abandoned.Payment.Id})"));
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE Payments SET ExpiresUtc = {DateTime.UtcNow.AddMinutes(-1)} WHERE Id = {abandoned.Payment.Id}"));

        var said = await app.Services.GetRequiredService<PaymentFollowUp>().RunAsync(CancellationToken.None);

        Assert.Contains("booked 1", said, StringComparison.Ordinal);
        Assert.Equal(before + 20m, await BalanceAsync());
        Assert.Equal(PaymentStatus.Paid, (await Desk.FindAsync(app.Community.Id, lost.Payment.Id))!.Status);
        Assert.Equal(PaymentStatus.Closed, (await Desk.FindAsync(app.Community.Id, abandoned.Payment.Id))!.Status);
        Assert.Contains(abandoned.Payment.OutTradeNo, app.WeChat.Closed);
        // The callback that comes late after all books nothing new.
        Assert.Equal(NoticeBooking.AlreadyBooked, await Desk.ReceiveAsync(app.WeChat.PaidNotice(lost.Payment.OutTradeNo)));
    }

    [Fact]
    public async Task Reconciliation_FindsTheRowMissingOnEachSide_AndTheAmountThatDiffers_AndKeepsTheResolution()
    {
        var ownerId = await OwnerIdAsync();
        var clock = app.Services.GetRequiredService<LotClock>();
        var matched = await Desk.StartTopUpAsync(app.Community.Id, ownerId, 40m, PaymentChannel.Alipay, PayerDevice.Qr, "http://localhost", null, null, "owner");
        var differs = await Desk.StartTopUpAsync(app.Community.Id, ownerId, 60m, PaymentChannel.Alipay, PayerDevice.Qr, "http://localhost", null, null, "owner");
        var ourOnly = await Desk.StartTopUpAsync(app.Community.Id, ownerId, 70m, PaymentChannel.Alipay, PayerDevice.Qr, "http://localhost", null, null, "owner");
        foreach (var started in new[] { matched, differs, ourOnly })
        {
            await Desk.ReceiveAsync(app.Alipay.PaidNotice(started.Payment.OutTradeNo));
        }

        var day = DateOnly.FromDateTime(clock.LocalNow);
        app.Alipay.Bill.Clear();
        app.Alipay.Bill.Add(new BillLine(BillLineKind.Payment, matched.Payment.OutTradeNo, null, "T1", 40m, DateTime.UtcNow));
        app.Alipay.Bill.Add(new BillLine(BillLineKind.Payment, differs.Payment.OutTradeNo, null, "T2", 6m, DateTime.UtcNow));
        app.Alipay.Bill.Add(new BillLine(BillLineKind.Payment, "SPTHEIRSONLY000000000000000000", null, "T3", 9m, DateTime.UtcNow));

        var said = await app.Services.GetRequiredService<BillReconciliation>().ReconcileAsync(PaymentChannel.Alipay, day);

        var lines = await app.Services.GetRequiredService<MoneyOverview>().ReconciliationAsync(app.Community.Id);
        Assert.Contains(lines, l => l.Reference == matched.Payment.OutTradeNo && l.Result == ReconciliationResult.Matched);
        Assert.Contains(lines, l => l.Reference == differs.Payment.OutTradeNo && l.Result == ReconciliationResult.AmountDiffers && l.TheirAmount == 6m);
        Assert.Contains(lines, l => l.Reference == ourOnly.Payment.OutTradeNo && l.Result == ReconciliationResult.MissingOnTheirs);
        Assert.Contains(lines, l => l.Reference == "SPTHEIRSONLY000000000000000000" && l.Result == ReconciliationResult.MissingOnOurSide);
        Assert.Contains($"differences {lines.Count(l => l.Day == day && l.Channel == PaymentChannel.Alipay && l.IsDifference)}", said, StringComparison.Ordinal);

        var line = lines.First(l => l.Result == ReconciliationResult.AmountDiffers);
        await app.Services.GetRequiredService<MoneyOverview>().ResolveLineAsync(app.Community.Id, line.Id, "finance", "provider fee deducted, confirmed by phone");
        await app.Services.GetRequiredService<BillReconciliation>().ReconcileAsync(PaymentChannel.Alipay, day);
        var again = await app.Services.GetRequiredService<MoneyOverview>().ReconciliationAsync(app.Community.Id);
        Assert.Equal("provider fee deducted, confirmed by phone", again.Single(l => l.Id == line.Id).Resolution);
        // Checked again, the day keeps one line per payment: nothing doubled, the resolution kept.
        Assert.Equal(lines.Count(l => l.Day == day && l.Channel == PaymentChannel.Alipay), again.Count(l => l.Day == day && l.Channel == PaymentChannel.Alipay));
    }
}
