using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace SmartParking.Tests.Support;

/// <summary>
/// A device on the broker as a test plays it: publishes at QoS 1 and collects everything under <c>parking/#</c>, so a
/// test waits for the message it expects (with a timeout) instead of sleeping.
/// </summary>
public sealed class MqttProbe : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Channel<(string Topic, string Payload)> _received = Channel.CreateUnbounded<(string, string)>();
    private readonly List<(string Topic, string Payload)> _seen = [];

    public static async Task<MqttProbe> ConnectAsync(int port)
    {
        var probe = new MqttProbe();
        probe._client.ApplicationMessageReceivedAsync += e =>
        {
            probe._received.Writer.TryWrite((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        await probe._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"probe-{Guid.NewGuid():N}").Build());
        await probe._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic("parking/+/lane/+/command").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .WithTopicFilter(f => f.WithTopic("parking/+/lane/+/error").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .WithTopicFilter(f => f.WithTopic("parking/+/bay/+/error").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build());
        return probe;
    }

    public Task PublishAsync(string topic, string payload) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload));

    public async Task PublishAsync(string topic, byte[] payload) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    /// <summary>The next message on this topic that fits, as JSON; fails after the timeout.</summary>
    public async Task<JsonObject> NextAsync(string topic, Func<JsonObject, bool>? fits = null, int seconds = 15)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var kept = _seen.FirstOrDefault(m => m.Topic == topic && Fits(m.Payload, fits));
        if (kept != default)
        {
            _seen.Remove(kept);
            return (JsonObject)JsonNode.Parse(kept.Payload)!;
        }

        try
        {
            while (true)
            {
                var message = await _received.Reader.ReadAsync(timeout.Token);
                if (message.Topic == topic && Fits(message.Payload, fits))
                {
                    return (JsonObject)JsonNode.Parse(message.Payload)!;
                }

                _seen.Add(message);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no message on {topic} within {seconds} s; seen: {string.Join(" | ", _seen.Select(m => m.Topic + " " + m.Payload))}");
        }
    }

    private static bool Fits(string payload, Func<JsonObject, bool>? fits) =>
        fits is null || (JsonNode.Parse(payload) is JsonObject json && fits(json));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
