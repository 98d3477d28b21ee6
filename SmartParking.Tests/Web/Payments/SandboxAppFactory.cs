using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments;
using SmartParking.Infrastructure.Payments.Sandbox;
using SmartParking.Tests.Support;

namespace SmartParking.Tests.Web.Payments;

/// <summary>
/// The demo app with its payment sandbox, over the in-memory test server: the gateways' calls to the sandbox and the
/// sandbox's callbacks to the notify routes go through the test server's handler (the app calling itself over HTTP).
/// </summary>
public class SandboxAppFactory : ParkingAppFactory
{
    private readonly bool _inMemory;

    public SandboxAppFactory()
        : this(inMemory: true)
    {
    }

    private readonly bool _recordNotices;

    protected SandboxAppFactory(bool inMemory, bool recordNotices = true)
        : base(new Dictionary<string, string?> { ["Payments:Sandbox:Enabled"] = "true" })
    {
        _inMemory = inMemory;
        _recordNotices = recordNotices;
    }

    public RecordingPaymentNotices Notices { get; } = new();

    public IPaymentGateway Gateway(PaymentChannel channel) => Services.GetServices<IPaymentGateway>().Single(g => g.Channel == channel);

    public SandboxOrder SandboxOrder(PaymentChannel channel, string outTradeNo) =>
        Services.GetRequiredService<PaymentSandboxOrders>().Find(channel, outTradeNo) ?? throw new InvalidOperationException($"no sandbox order {outTradeNo}");

    public PaymentSandboxCallbacks Callbacks => Services.GetRequiredService<PaymentSandboxCallbacks>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_recordNotices)
        {
            // The protocol tests place orders straight with the gateways; the recorder books them instead of the ledger.
            builder.ConfigureTestServices(services => services.AddSingleton<IPaymentNotices>(Notices));
        }

        builder.ConfigureServices(services =>
        {
            if (_inMemory)
            {
                foreach (var name in new[] { WeChatPayClient.HttpClientName, AlipayClient.HttpClientName, PaymentSandboxCallbacks.HttpClientName })
                {
                    services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
                }
            }
        });
    }
}

/// <summary>The same app on real Kestrel, for Chromium: every call and callback goes over a real socket.</summary>
public sealed class KestrelSandboxAppFactory() : SandboxAppFactory(inMemory: false);

/// <summary>The demo app on real Kestrel with the sandbox and the real ledger: the whole money flow, as a person meets it.</summary>
public sealed class LedgerSandboxAppFactory() : SandboxAppFactory(inMemory: false, recordNotices: false);

/// <summary>The demo app with the sandbox and the real ledger over the in-memory test server: money end to end without a browser.</summary>
public sealed class InMemoryLedgerSandboxAppFactory() : SandboxAppFactory(inMemory: true, recordNotices: false);
