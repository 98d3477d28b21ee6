using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Gate;
using SmartParking.Domain.Payments;
using SmartParking.Domain.People;
using SmartParking.Infrastructure.Gate;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.Tests.Web.Payments;

/// <summary>
/// A day of money through the sandbox (both providers' own protocols, callbacks over HTTP, the real ledger), then the
/// day's bills downloaded and reconciled, as the morning job does: every line matches.
/// </summary>
public sealed class ReconciliationWithTheSandboxTests(InMemoryLedgerSandboxAppFactory app) : IClassFixture<InMemoryLedgerSandboxAppFactory>
{
    [Fact]
    public async Task ADayOfTopUpsStayPaymentsAndARefund_ReconcilesAgainstBothProvidersBills_WithEveryLineMatched()
    {
        var lot = app.Community.Id;
        var desk = app.Services.GetRequiredService<PaymentDesk>();
        var ownerId = await app.WithDbAsync(db => db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync());
        var paid = new List<Payment>();
        foreach (var channel in new[] { PaymentChannel.WeChat, PaymentChannel.Alipay })
        {
            var topUp = await desk.StartTopUpAsync(lot, ownerId, 50m, channel, PayerDevice.Qr, "http://localhost", null, null, "owner");
            await app.Callbacks.PayAsync(app.SandboxOrder(channel, topUp.Payment.OutTradeNo));
            paid.Add(topUp.Payment);

            var plate = PlateNumber.Parse(channel == PaymentChannel.WeChat ? "沪B30001" : "沪B30002");
            var gate = app.Services.GetRequiredService<GateKeeper>();
            await gate.EnterAsync(new EntryRequest(lot, plate, DateTime.UtcNow.AddMinutes(-150), null, "test"));
            await gate.ExitAsync(new ExitRequest(lot, plate, DateTime.UtcNow, "test", null, "out-1"));
            var stay = await desk.StartStayPaymentAsync(lot, plate, channel, PayerDevice.Qr, "http://localhost", null, null);
            await app.Callbacks.PayAsync(app.SandboxOrder(channel, stay.Payment.OutTradeNo));
            paid.Add(stay.Payment);
        }

        var ids = paid.Select(p => p.Id).ToList();
        Assert.Equal(4, await app.WithDbAsync(db => db.Payments.CountAsync(p => ids.Contains(p.Id) && p.Status == PaymentStatus.Paid)));
        var refunds = app.Services.GetRequiredService<RefundDesk>();
        var asked = await refunds.RequestAsync(lot, paid[1].Id, 2m, "多收的停车费 / overcharged", "finance");
        var refund = asked.Status == RefundStatus.AwaitingApproval ? await refunds.ApproveAsync(lot, asked.Id, "admin") : asked;
        Assert.Equal(RefundStatus.Succeeded, refund.Status);

        var reconciliation = app.Services.GetRequiredService<BillReconciliation>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var wechat = await reconciliation.ReconcileAsync(PaymentChannel.WeChat, today);
        var alipay = await reconciliation.ReconcileAsync(PaymentChannel.Alipay, today);

        Assert.Equal("相符 3，差异 0 / matched 3, differences 0", wechat);
        Assert.Equal("相符 2，差异 0 / matched 2, differences 0", alipay);
        var lines = await app.WithDbAsync(db => db.ReconciliationLines.Where(l => l.Day == today).ToListAsync());
        Assert.Equal(5, lines.Count);
        Assert.All(lines, l => Assert.False(l.IsDifference));
        Assert.False(await app.WithDbAsync(db => db.MoneyAlerts.AnyAsync(a => a.Kind == MoneyAlertKind.BillDifference)));
    }
}
