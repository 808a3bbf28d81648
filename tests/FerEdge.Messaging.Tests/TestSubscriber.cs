using System.Buffers;
using System.Collections.Concurrent;
using FerEdge.Core.Contract;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace FerEdge.Messaging.Tests;

/// <summary>
/// A plain MQTTnet client that subscribes to a device's topics with QoS 2 (so each message arrives at the QoS it was
/// published with) and records everything it receives. Thread-safe; every wait has a timeout.
/// </summary>
public sealed class TestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TestSubscriber(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            _received.Enqueue(new ReceivedMessage(m.Topic, m.Payload.ToArray(), (MqttQos)m.QualityOfServiceLevel, m.Retain));
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<ReceivedMessage> Received => [.. _received];

    public IReadOnlyList<ReceivedMessage> On(MqttTopic topic) => [.. _received.Where(m => m.Topic.EndsWith("/" + topic.Suffix, StringComparison.Ordinal))];

    /// <summary>Connects to <paramref name="broker"/> (mqtt:// or ws://) and subscribes to <paramref name="filter"/>.</summary>
    public static async Task<TestSubscriber> ConnectAsync(Uri broker, string filter, MqttProtocolVersion protocol = MqttProtocolVersion.V500)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithClientId("test-sub-" + Guid.NewGuid().ToString("N")[..8])
            .WithProtocolVersion(protocol)
            .WithTimeout(TimeSpan.FromSeconds(5));
        builder = broker.Scheme == "ws"
            ? builder.WithWebSocketServer(o => o.WithUri(broker.AbsoluteUri))
            : builder.WithTcpServer(broker.Host, broker.Port);
        var subscriber = new TestSubscriber(client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(builder.Build(), timeout.Token);
        var options = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.ExactlyOnce).Build();
        await client.SubscribeAsync(options, timeout.Token);
        return subscriber;
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the received messages; false after the timeout.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<ReceivedMessage>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Received))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
        }

        _client.Dispose();
        _arrived.Dispose();
    }
}
