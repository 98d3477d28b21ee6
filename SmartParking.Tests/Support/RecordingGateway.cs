using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmartParking.Domain.Payments;

namespace SmartParking.Tests.Support;

/// <summary>
/// A provider for the ledger side's tests: keeps the orders it is given and answers queries, refunds and bills from
/// what the test says happened. The providers' own protocols are tested against the sandbox; here the question is what
/// the lot books when a provider reports something.
/// </summary>
public sealed class RecordingGateway(PaymentChannel channel) : IPaymentGateway
{
    public const string Merchant = "1900000109";
    public const string App = "wx-test-app";

    public PaymentChannel Channel { get; } = channel;

    public string MerchantId => Merchant;

    public string AppId => App;

    public ConcurrentDictionary<string, PaymentOrder> Orders { get; } = new();

    /// <summary>Orders the payer paid at the provider (a query says paid).</summary>
    public ConcurrentDictionary<string, DateTime> PaidAtProvider { get; } = new();

    public ConcurrentDictionary<string, ProviderRefund> Refunds { get; } = new();

    public ConcurrentBag<string> Closed { get; } = [];

    public List<BillLine> Bill { get; } = [];

    public bool RefuseOrders { get; set; }

    public Task<PaymentPrompt> CreateOrderAsync(PaymentOrder order, CancellationToken cancellationToken = default)
    {
        if (RefuseOrders)
        {
            throw new HttpRequestException("provider down");
        }

        Orders[order.OutTradeNo] = order;
        return Task.FromResult(order.Device == PayerDevice.Phone
            ? new PaymentPrompt(null, $"https://pay.example/{order.OutTradeNo}")
            : new PaymentPrompt($"weixin://wxpay/bizpayurl?pr={order.OutTradeNo}", null));
    }

    public Task<ProviderTrade> QueryAsync(string outTradeNo, CancellationToken cancellationToken = default) =>
        Task.FromResult(!Orders.TryGetValue(outTradeNo, out var order)
            ? new ProviderTrade(outTradeNo, ProviderTradeState.NotFound, null, null, null)
            : PaidAtProvider.TryGetValue(outTradeNo, out var paid)
                ? new ProviderTrade(outTradeNo, ProviderTradeState.Paid, order.Amount, "T" + outTradeNo, paid)
                : new ProviderTrade(outTradeNo, Closed.Contains(outTradeNo) ? ProviderTradeState.Closed : ProviderTradeState.NotPaid, null, null, null));

    public Task CloseAsync(string outTradeNo, CancellationToken cancellationToken = default)
    {
        Closed.Add(outTradeNo);
        return Task.CompletedTask;
    }

    // Like the real providers: the same refund number is the same refund, however often it is asked for.
    public Task<ProviderRefund> RefundAsync(string outTradeNo, string outRefundNo, decimal refund, decimal total, string reason, CancellationToken cancellationToken = default) =>
        Task.FromResult(Refunds.GetOrAdd(outRefundNo, _ => new ProviderRefund(outRefundNo, ProviderRefundState.Succeeded, refund, "R" + outRefundNo)));

    public Task<ProviderRefund> QueryRefundAsync(string outTradeNo, string outRefundNo, CancellationToken cancellationToken = default) =>
        Task.FromResult(Refunds[outRefundNo]);

    public Task<IReadOnlyList<BillLine>> DownloadBillAsync(DateOnly day, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BillLine>>(Bill.ToList());

    /// <summary>What a genuine, verified callback for one of its orders says.</summary>
    public PaymentNotice PaidNotice(string outTradeNo, decimal? amount = null, string? merchant = null) =>
        new(Channel, outTradeNo, "T" + outTradeNo, amount ?? Orders[outTradeNo].Amount, true, merchant ?? Merchant, App, DateTime.UtcNow);
}

/// <summary>The app with recording providers for WeChat Pay and Alipay in place of whatever the settings configure.</summary>
public class MoneyApp : ParkingAppFactory
{
    public MoneyApp()
        : this(null)
    {
    }

    // xunit wants one public constructor on a fixture; a test that needs other settings or a clock makes its own.
    protected MoneyApp(IDictionary<string, string?>? settings, TimeProvider? clock = null)
        : base(settings, "Development", clock)
    {
    }

    public RecordingGateway WeChat { get; } = new(PaymentChannel.WeChat);

    public RecordingGateway Alipay { get; } = new(PaymentChannel.Alipay);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IPaymentGateway>();
            services.AddSingleton<IPaymentGateway>(WeChat);
            services.AddSingleton<IPaymentGateway>(Alipay);
        });
    }
}
