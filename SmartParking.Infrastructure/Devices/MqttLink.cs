using System.Buffers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace SmartParking.Infrastructure.Devices;

/// <summary>Section "Mqtt": the broker edge controllers and bay sensors talk through; off while <c>Host</c> is empty.</summary>
public sealed class MqttSettings
{
    public string? Host { get; set; }

    public int Port { get; set; } = 1883;

    /// <summary>From the environment (<c>Mqtt__User</c>, <c>Mqtt__Password</c>), never from a committed file.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Each app instance needs its own; the broker keeps this client's session (and its QoS 1 backlog) by it.</summary>
    public string ClientId { get; set; } = $"smartparking-{Environment.MachineName.ToLowerInvariant()}";

    /// <summary>
    /// The shared-subscription group: instances of one installation share each message instead of all deciding it.
    /// Empty subscribes plainly (a broker without MQTT 5 shared subscriptions).
    /// </summary>
    public string SharedGroup { get; set; } = "smartparking";

    /// <summary>How long the broker keeps this client's subscriptions and queued messages while the app is down.</summary>
    public int SessionExpirySeconds { get; set; } = 3600;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>A message from the broker: its topic's levels and its payload.</summary>
public sealed record MqttDelivery(string Topic, string[] Levels, byte[] Payload);

/// <summary>Something that answers messages on some topics (lane controllers, bay sensors).</summary>
public interface IMqttInbox
{
    /// <summary>Topic filters with wildcards, e.g. <c>parking/+/lane/+/read</c>.</summary>
    IReadOnlyList<string> Topics { get; }

    bool Accepts(MqttDelivery delivery);

    Task ReceiveAsync(MqttDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>What the admin sees of the link: whether it is up, since when, and the last thing that went wrong.</summary>
public sealed record MqttLinkState(bool Enabled, bool Connected, string Broker, string ClientId, DateTime? SinceUtc, string? LastError, DateTime? LastErrorUtc, DateTime? NextAttemptUtc);

/// <summary>
/// The app's connection to the MQTT broker as the rest of the app sees it: its state, and publishing (QoS 1) while it is
/// up. <see cref="MqttConnection"/> keeps it connected.
/// </summary>
public sealed class MqttLink(IOptions<MqttSettings> options, TimeProvider time, ILogger<MqttLink> logger)
{
    private readonly MqttSettings _settings = options.Value;
    private readonly Lock _gate = new();
    private IMqttClient? _client;
    private MqttLinkState _state = new(options.Value.Enabled, false, $"{options.Value.Host}:{options.Value.Port}", options.Value.ClientId, null, null, null, null);

    public MqttLinkState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Publishes at QoS 1; false when the broker is not reachable now (the message is dropped and logged).</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        var client = _client;
        if (client is not { IsConnected: true })
        {
            logger.LogWarning("MQTT is not connected: {Topic} was not published", topic);
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            var result = await client.PublishAsync(message, cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning(ex, "MQTT: {Topic} was not published", topic);
            return false;
        }
    }

    internal void Connected(IMqttClient client)
    {
        lock (_gate)
        {
            _client = client;
            _state = _state with { Connected = true, SinceUtc = time.GetUtcNow().UtcDateTime, NextAttemptUtc = null };
        }
    }

    internal void Lost(string error, TimeSpan retryIn)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            _client = null;
            _state = _state with
            {
                Connected = false,
                SinceUtc = _state.Connected || _state.SinceUtc is null ? now : _state.SinceUtc,
                LastError = error,
                LastErrorUtc = now,
                NextAttemptUtc = now + retryIn,
            };
        }
    }

    internal MqttSettings Settings => _settings;
}

/// <summary>
/// Keeps the app connected to the broker: subscribes the inboxes' topics at QoS 1 (shared among app instances) and
/// hands each message to its inbox, acknowledging it only once handled, so a message is never lost to a crash — and
/// may come twice, which the inboxes expect. When the broker is down it tries again after 1 s, doubling to 60 s; the
/// HTTP lanes never wait for it.
/// </summary>
public sealed class MqttConnection(MqttLink link, IEnumerable<IMqttInbox> inboxes, TimeProvider time, ILogger<MqttConnection> logger) : BackgroundService
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<IMqttInbox> _inboxes = inboxes.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = link.Settings;
        var retry = FirstRetry;
        using var client = new MqttClientFactory().CreateMqttClient();
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += e =>
        {
            lost.TrySetResult();
            return Task.CompletedTask;
        };
        client.ApplicationMessageReceivedAsync += e => ReceiveAsync(e, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(settings.Host, settings.Port)
                    .WithClientId(settings.ClientId)
                    .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithCleanStart(false)
                    .WithSessionExpiryInterval((uint)Math.Max(0, settings.SessionExpirySeconds))
                    .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                    .WithTimeout(TimeSpan.FromSeconds(10));
                if (!string.IsNullOrEmpty(settings.User))
                {
                    options.WithCredentials(settings.User, settings.Password);
                }

                var connected = await client.ConnectAsync(options.Build(), stoppingToken);
                if (connected.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new MQTTnet.Exceptions.MqttCommunicationException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}");
                }

                var subscribe = new MqttClientSubscribeOptionsBuilder();
                foreach (var topic in _inboxes.SelectMany(i => i.Topics).Distinct())
                {
                    var filter = string.IsNullOrEmpty(settings.SharedGroup) ? topic : $"$share/{settings.SharedGroup}/{topic}";
                    subscribe.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
                }

                await client.SubscribeAsync(subscribe.Build(), stoppingToken);
                link.Connected(client);
                logger.LogInformation("MQTT connected to {Host}:{Port} as {ClientId}", settings.Host, settings.Port, settings.ClientId);
                retry = FirstRetry;
                await lost.Task.WaitAsync(stoppingToken);
                link.Lost("disconnected", FirstRetry);
                logger.LogWarning("MQTT lost the broker {Host}:{Port}; trying again", settings.Host, settings.Port);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                link.Lost(ex.Message, retry);
                logger.LogWarning("MQTT broker {Host}:{Port} not reachable ({Error}); next try in {Seconds} s", settings.Host, settings.Port, ex.Message, retry.TotalSeconds);
            }

            try
            {
                await Task.Delay(retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }

        if (client.IsConnected)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
    }

    // The last message taken per lane or bay: messages of one lane are decided in the order they came, those of
    // different lanes at the same time, so that the gate's writer takes many lanes' reads in one batch instead of one
    // read per commit while the broker waits for each acknowledgement.
    private readonly Dictionary<string, Task> _queues = new(StringComparer.Ordinal);

    private Task ReceiveAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        var message = e.ApplicationMessage;
        var delivery = new MqttDelivery(message.Topic, message.Topic.Split('/'), message.Payload.ToArray());
        var inbox = _inboxes.FirstOrDefault(i => i.Accepts(delivery));
        if (inbox is null)
        {
            return Task.CompletedTask;
        }

        // Acknowledged when handled, not when taken: a message the app had not decided when it stopped comes back.
        e.AutoAcknowledge = false;
        var queue = message.Topic[..message.Topic.LastIndexOf('/')];
        lock (_queues)
        {
            var previous = _queues.GetValueOrDefault(queue, Task.CompletedTask);
            var handled = HandleAfterAsync(previous, inbox, delivery, e, stoppingToken);
            _queues[queue] = handled;
            _ = handled.ContinueWith(_ => Forget(queue, handled), TaskScheduler.Default);
        }

        return Task.CompletedTask;
    }

    private async Task HandleAfterAsync(Task previous, IMqttInbox inbox, MqttDelivery delivery, MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        // The one before has been handled, whether or not it went well; and this one is handled off the lock the
        // caller holds while it queues, even when its lane was idle.
        await ((Task)Task.WhenAny(previous)).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            await inbox.ReceiveAsync(delivery, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Acknowledged all the same: a message that breaks the app would otherwise come back for ever.
            logger.LogError(ex, "MQTT message on {Topic} could not be handled", delivery.Topic);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await e.AcknowledgeAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection went while the message was decided: the broker sends it again and it is answered as repeated.
            logger.LogInformation(ex, "MQTT message on {Topic} was handled but its acknowledgement was not sent", delivery.Topic);
        }
    }

    private void Forget(string queue, Task handled)
    {
        lock (_queues)
        {
            if (_queues.TryGetValue(queue, out var last) && last == handled)
            {
                _queues.Remove(queue);
            }
        }
    }
}
