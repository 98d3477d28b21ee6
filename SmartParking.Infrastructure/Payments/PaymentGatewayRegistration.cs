using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Payments;
using SmartParking.Infrastructure.Payments.Sandbox;

namespace SmartParking.Infrastructure.Payments;

/// <summary>Section <c>Payments:Sandbox</c>: the local stand-in for both providers (demo mode and tests).</summary>
public sealed class PaymentSandboxSettings
{
    public const string Section = "Payments:Sandbox";

    /// <summary>On with demo mode unless set; never on in production without saying so.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The app's address as a payer's browser reaches it (e.g. behind nginx); by default the first address Kestrel listens on.</summary>
    public string? BaseUrl { get; set; }
}

public static class PaymentGatewayRegistration
{
    /// <summary>
    /// Registers a gateway per provider whose merchant settings are present; in demo mode (or with the sandbox switched on)
    /// a provider without settings is served by the local sandbox instead, so the whole flow works with no merchant account.
    /// HTTP clients log nothing: URLs and headers carry signatures, and Alipay's wap URL carries the signed order.
    /// </summary>
    public static IServiceCollection AddPaymentGateways(this IServiceCollection services, IConfiguration configuration, string dataPath, bool demo)
    {
        var sandboxSettings = configuration.GetSection(PaymentSandboxSettings.Section).Get<PaymentSandboxSettings>() ?? new PaymentSandboxSettings();
        var sandbox = sandboxSettings.Enabled ?? demo;
        services.AddSingleton(new PaymentSandboxState(sandbox, sandboxSettings.BaseUrl));
        if (sandbox)
        {
            services.AddSingleton(new PaymentSandboxKeys(dataPath));
            services.AddSingleton<PaymentSandboxOrders>();
            services.AddSingleton<PaymentSandboxWeChat>();
            services.AddSingleton<PaymentSandboxAlipay>();
            services.AddSingleton<PaymentSandboxCallbacks>();
            // A notify must answer within WeChat's 5 seconds; the sandbox gives the merchant no longer.
            services.AddHttpClient(PaymentSandboxCallbacks.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5)).RemoveAllLoggers();
        }

        var weChat = configuration.GetSection(WeChatPaySettings.Section).Get<WeChatPaySettings>() ?? new WeChatPaySettings();
        if (weChat.IsPresent || sandbox)
        {
            services.AddHttpClient(WeChatPayClient.HttpClientName, client =>
                {
                    client.Timeout = TimeSpan.FromSeconds(weChat.TimeoutSeconds);
                    client.MaxResponseContentBufferSize = WeChatPayClient.MaxAnswerBytes;
                })
                .RemoveAllLoggers();
            if (weChat.IsPresent)
            {
                var problems = weChat.Problems().ToList();
                if (problems.Count > 0)
                {
                    throw new InvalidOperationException("WeChat Pay settings: " + string.Join("; ", problems));
                }

                services.AddSingleton(weChat);
                services.AddSingleton(_ => WeChatPayKeys.Load(weChat));
            }
            else
            {
                services.AddSingleton(sp => SandboxWeChat(sp));
                services.AddSingleton(sp => WeChatPayKeys.Load(sp.GetRequiredService<WeChatPaySettings>()));
            }

            services.AddSingleton<WeChatPayVerifier>();
            services.AddSingleton<WeChatPayNotifyReader>();
            services.AddSingleton<WeChatPayClient>();
            services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<WeChatPayClient>());
        }

        var alipay = configuration.GetSection(AlipaySettings.Section).Get<AlipaySettings>() ?? new AlipaySettings();
        if (alipay.IsPresent || sandbox)
        {
            services.AddHttpClient(AlipayClient.HttpClientName, client =>
                {
                    client.Timeout = TimeSpan.FromSeconds(alipay.TimeoutSeconds);
                    client.MaxResponseContentBufferSize = WeChatPayClient.MaxAnswerBytes;
                })
                .RemoveAllLoggers();
            if (alipay.IsPresent)
            {
                var problems = alipay.Problems().ToList();
                if (problems.Count > 0)
                {
                    throw new InvalidOperationException("Alipay settings: " + string.Join("; ", problems));
                }

                services.AddSingleton(alipay);
                services.AddSingleton(_ => AlipayKeys.Load(alipay));
            }
            else
            {
                services.AddSingleton(sp => SandboxAlipay(sp));
                services.AddSingleton(sp => AlipayKeys.Load(sp.GetRequiredService<AlipaySettings>()));
            }

            services.AddSingleton<AlipayNotifyReader>();
            services.AddSingleton<AlipayClient>();
            services.AddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<AlipayClient>());
        }

        return services;
    }

    private static WeChatPaySettings SandboxWeChat(IServiceProvider services)
    {
        var keys = services.GetRequiredService<PaymentSandboxKeys>();
        var state = services.GetRequiredService<PaymentSandboxState>();
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PaymentGatewayRegistration))
            .LogInformation("WeChat Pay is served by the local payment sandbox (no Payments:WeChat settings)");
        return new WeChatPaySettings
        {
            MchId = PaymentSandboxKeys.WeChatMchId,
            AppId = PaymentSandboxKeys.WeChatAppId,
            MerchantSerialNo = PaymentSandboxKeys.WeChatMerchantSerial,
            PrivateKey = keys.WeChatMerchantKeyPem,
            ApiV3Key = keys.ApiV3Key,
            PublicKeyId = PaymentSandboxKeys.WeChatPublicKeyId,
            PublicKey = PaymentSandboxKeys.PublicPem(keys.WeChatPlatformKeyPem),
            LocateBaseUrl = () => state.AppAddress(services) + "/sandbox/wechat",
        };
    }

    private static AlipaySettings SandboxAlipay(IServiceProvider services)
    {
        var keys = services.GetRequiredService<PaymentSandboxKeys>();
        var state = services.GetRequiredService<PaymentSandboxState>();
        return new AlipaySettings
        {
            AppId = PaymentSandboxKeys.AlipayAppId,
            SellerId = PaymentSandboxKeys.AlipaySellerId,
            PrivateKey = keys.AlipayAppKeyPem,
            AlipayPublicKey = PaymentSandboxKeys.PublicPem(keys.AlipayKeyPem),
            LocateGatewayUrl = () => state.AppAddress(services) + "/sandbox/alipay/gateway.do",
        };
    }
}

/// <summary>Whether the sandbox is on, and where the app that hosts it can be reached.</summary>
public sealed class PaymentSandboxState(bool enabled, string? baseUrl)
{
    public bool Enabled { get; } = enabled;

    /// <summary>The configured address, or the first one the server listens on, with a wildcard host made local.</summary>
    public string AppAddress(IServiceProvider services)
    {
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            return baseUrl.TrimEnd('/');
        }

        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
        return address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }
}
