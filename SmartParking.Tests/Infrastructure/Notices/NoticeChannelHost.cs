using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartParking.Domain.Notices;
using SmartParking.Infrastructure.Notices;

namespace SmartParking.Tests.Infrastructure.Notices;

/// <summary>The channel senders as the app registers them (<c>AddNoticeSenders</c>), on settings and a clock of the test's choosing.</summary>
public sealed class NoticeChannelHost : IDisposable
{
    private readonly ServiceProvider _services;

    public NoticeChannelHost(IDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new RecordingLoggerProvider(Logs)));
        services.AddNoticeSenders(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Every log line written by the senders and their HTTP clients, at every level.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public IServiceProvider Services => _services;

    public INoticeSender Sender(NoticeChannel channel) => _services.GetServices<INoticeSender>().Single(s => s.Channel == channel);

    public void Dispose() => _services.Dispose();

    public static Dictionary<string, string?> Sms(string endpoint, int timeoutSeconds = 10) => new()
    {
        ["Notices:Sms:Enabled"] = "true",
        ["Notices:Sms:Endpoint"] = endpoint,
        ["Notices:Sms:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notices:Sms:AccessKeyId"] = FakeNoticeProviders.AccessKeyId,
        ["Notices:Sms:AccessKeySecret"] = FakeNoticeProviders.AccessKeySecret,
        ["Notices:Sms:SignName"] = "阳光花园",
        ["Notices:Sms:Templates:Overstay"] = "SMS_123456",
        ["Notices:Sms:Templates:Entry"] = "SMS_654321",
    };

    public static Dictionary<string, string?> WeChat(string endpoint, int timeoutSeconds = 10) => new()
    {
        ["Notices:WeChat:Enabled"] = "true",
        ["Notices:WeChat:Endpoint"] = endpoint,
        ["Notices:WeChat:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notices:WeChat:AppId"] = FakeNoticeProviders.AppId,
        ["Notices:WeChat:AppSecret"] = FakeNoticeProviders.AppSecret,
        ["Notices:WeChat:Templates:Overstay"] = "tmpl-overstay",
        ["Notices:WeChat:Fields:Overstay:plate"] = "car_number1",
    };

    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
