using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SmartParking.Infrastructure.Gate;

/// <summary>Section "Redis": the server that carries gate news between app instances (decision 029); none for one instance.</summary>
public sealed class RedisSettings
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379</c>.</summary>
    public string? Connection { get; set; }

    public string Channel { get; set; } = "smartparking:gate-news";
}

/// <summary>
/// Carries gate news to the other app instances over Redis pub/sub, so a booth on instance B sees an entry made
/// through A. News from this instance is already delivered here and is skipped when it comes back. Redis down
/// costs only the live rows of other instances' events; the booth reads them from the database on its next load.
/// </summary>
public sealed class RedisGateNewsRelay(RedisSettings settings, GateEventFeed feed, ILogger<RedisGateNewsRelay> logger) : IHostedService, IAsyncDisposable
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private ConnectionMultiplexer? _redis;

    private sealed record Envelope(string Instance, GateNews News);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(settings.Connection!);
        // Keep trying in the background: an app instance must start, and gate, while Redis is still coming up.
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
        var channel = RedisChannel.Literal(settings.Channel);
        await _redis.GetSubscriber().SubscribeAsync(channel, (_, message) => Receive(message));
        feed.Relay = news => _ = SendAsync(channel, news);
    }

    private async Task SendAsync(RedisChannel channel, GateNews news)
    {
        try
        {
            await _redis!.GetSubscriber().PublishAsync(channel, JsonSerializer.Serialize(new Envelope(_instance, news)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Gate news for {Plate} did not reach the other instances", news.Plate);
        }
    }

    private void Receive(RedisValue message)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(message.ToString());
            if (envelope is not null && envelope.Instance != _instance)
            {
                feed.Deliver(envelope.News);
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "A gate news message on {Channel} was not readable", settings.Channel);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        feed.Relay = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
