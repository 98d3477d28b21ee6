using System.Collections.Concurrent;
using SmartParking.Domain.Payments;

namespace SmartParking.Tests.Web.Payments;

/// <summary>Stands for the ledger: remembers what it was asked to book and answers as the test says.</summary>
public sealed class RecordingPaymentNotices : IPaymentNotices
{
    private readonly ConcurrentDictionary<string, byte> _booked = new();

    public ConcurrentQueue<PaymentNotice> Received { get; } = new();

    /// <summary>Orders the "ledger" knows, with their amount; any other number is unknown.</summary>
    public ConcurrentDictionary<string, decimal> Orders { get; } = new();

    public int Booked(Func<string, bool> which) => _booked.Keys.Count(which);

    public Task<NoticeBooking> ReceiveAsync(PaymentNotice notice, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(notice);
        if (!Orders.TryGetValue(notice.OutTradeNo, out var amount))
        {
            return Task.FromResult(NoticeBooking.UnknownOrder);
        }

        if (amount != notice.Amount || !notice.Paid)
        {
            return Task.FromResult(NoticeBooking.Mismatch);
        }

        return Task.FromResult(_booked.TryAdd(notice.OutTradeNo, 0) ? NoticeBooking.Booked : NoticeBooking.AlreadyBooked);
    }
}
