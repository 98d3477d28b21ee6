using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure;
using SmartParking.Infrastructure.Common;
using SmartParking.Infrastructure.Lots;
using SmartParking.Infrastructure.Payments;

namespace SmartParking.LoadTest;

/// <summary>
/// What a WeChat Pay callback costs from raw bytes to money on the books (issue 22), in process on a fresh SQLite
/// file with the app's own services: the signature check and decryption, then PaymentDesk booking it (the payment's
/// transition, the ledger entry, the owner's balance, the notice, one transaction). Every callback is a distinct,
/// genuine top-up order placed beforehand; then the same callbacks again, which must book nothing.
/// </summary>
internal static class BookingTiming
{
    public static async Task<int> RunAsync(Options options)
    {
        var calls = options.Int("calls", 2_000);
        var concurrency = options.Int("concurrency", 16);
        var data = Path.Combine(Path.GetTempPath(), "sp-booking-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = data,
            ["Demo:Enabled"] = "true",
            ["Demo:History"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Payments:Sandbox:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddInfrastructure();
        var gateway = new BenchGateway();
        builder.Services.RemoveAll<IPaymentGateway>();
        builder.Services.AddSingleton<IPaymentGateway>(gateway);
        using var host = builder.Build();
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseStartup>().RunAsync();
        }

        var lot = (await host.Services.GetRequiredService<LotDirectory>().FindAsync(DatabaseStartup.DemoCommunity))!;
        var factory = host.Services.GetRequiredService<IDbContextFactory<ParkingDbContext>>();
        Guid ownerId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            ownerId = await db.Owners.Where(o => o.UserName == "owner").Select(o => o.Id).SingleAsync();
        }

        var desk = host.Services.GetRequiredService<PaymentDesk>();
        var orders = new List<string>(calls);
        for (var i = 0; i < calls; i++)
        {
            orders.Add((await desk.StartTopUpAsync(lot.Id, ownerId, 50m, PaymentChannel.WeChat, PayerDevice.Qr, "http://bench", null, null, "bench")).Payment.OutTradeNo);
        }

        using var platform = RSA.Create(2048);
        using var verifierKey = RSA.Create();
        verifierKey.ImportSubjectPublicKeyInfo(platform.ExportSubjectPublicKeyInfo(), out _);
        using var merchant = RSA.Create(2048);
        var apiV3Key = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 32);
        var keys = new WeChatPayKeys(merchant, "BENCH", Encoding.UTF8.GetBytes(apiV3Key), [("PUB_KEY_ID_BENCH", verifierKey, null)]);
        var reader = new WeChatPayNotifyReader(keys, new WeChatPayVerifier(keys, TimeProvider.System));
        var callbacks = orders.Select((no, i) => PaymentCallbackTiming.WeChatCallback(i, platform, apiV3Key, "PUB_KEY_ID_BENCH", no, BenchGateway.Merchant, BenchGateway.App, 5000)).ToList();

        async Task<NoticeBooking> BookAsync(int i)
        {
            var (headers, body) = callbacks[i];
            var notice = reader.Read(name => headers.GetValueOrDefault(name), body).Payment ?? throw new InvalidOperationException("a genuine callback was refused");
            return await desk.ReceiveAsync(notice);
        }

        var first = await TimeAsync($"first delivery, {concurrency} callers", calls, concurrency, BookAsync);
        var again = await TimeAsync($"the same callbacks again, {concurrency} callers", calls, concurrency, BookAsync);
        await using (var db = await factory.CreateDbContextAsync())
        {
            var entries = await db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.TopUp);
            var balance = await db.Owners.Where(o => o.Id == ownerId).Select(o => o.Balance).SingleAsync();
            Console.WriteLine($"booked {first[NoticeBooking.Booked]} of {calls} on first delivery, {again[NoticeBooking.Booked]} on the second; ledger top-ups {entries}; balance {balance:0.00} (expected {DatabaseStartup.DemoOwnerBalance + calls * 50m:0.00})");
        }

        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static async Task<Dictionary<NoticeBooking, int>> TimeAsync(string label, int calls, int concurrency, Func<int, Task<NoticeBooking>> call)
    {
        var samples = new double[calls];
        var outcomes = new NoticeBooking[calls];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var watch = Stopwatch.StartNew();
                outcomes[i] = await call(i);
                samples[i] = watch.Elapsed.TotalMilliseconds;
            }
        })));
        total.Stop();
        Array.Sort(samples);
        double At(double p) => samples[Math.Min(calls - 1, (int)Math.Ceiling(p * calls) - 1)];
        Console.WriteLine($"| {label} | {calls:N0} | {calls / total.Elapsed.TotalSeconds:N0}/s | p50 {At(0.5):0.0} ms | p99 {At(0.99):0.0} ms | max {samples[^1]:0.0} ms |");
        return Enum.GetValues<NoticeBooking>().ToDictionary(b => b, b => outcomes.Count(o => o == b));
    }

    /// <summary>Takes every order; the benchmark is about our side of the callback, not the provider's.</summary>
    private sealed class BenchGateway : IPaymentGateway
    {
        public const string Merchant = "1230000109";
        public const string App = "wxd678efh567hg6787";

        public PaymentChannel Channel => PaymentChannel.WeChat;

        public string MerchantId => Merchant;

        public string AppId => App;

        public Task<PaymentPrompt> CreateOrderAsync(PaymentOrder order, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PaymentPrompt("weixin://bench/" + order.OutTradeNo, null));

        public Task<ProviderTrade> QueryAsync(string outTradeNo, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CloseAsync(string outTradeNo, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ProviderRefund> RefundAsync(string outTradeNo, string outRefundNo, decimal refund, decimal total, string reason, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<ProviderRefund> QueryRefundAsync(string outTradeNo, string outRefundNo, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<BillLine>> DownloadBillAsync(DateOnly day, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
