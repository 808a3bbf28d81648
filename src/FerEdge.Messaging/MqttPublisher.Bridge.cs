using System.Buffers;
using FerEdge.Core.Contract;
using FerEdge.Core.Security;
using MQTTnet;
using MQTTnet.Protocol;

namespace FerEdge.Messaging;

// Bridging a device to a second broker (a care home's own): the device's publisher hands a copy of every message it
// accepts to a second publisher, which has its own outbox, connection, Last Will and counters, so a slow or absent
// second broker never holds up the first. The second publisher can also hand the device's commands it receives back
// to the host. Nothing received from the second broker is ever published to it again: only the device's own
// outgoing topics are copied, never its command topic.
public sealed partial class MqttPublisher
{
    private MqttPublisher? _mirror;
    private Action<ReadOnlyMemory<byte>>? _commandRelay;

    /// <summary>
    /// From now on, every message this publisher accepts (after its rate limits) is also enqueued on
    /// <paramref name="bridge"/>, and every status it announces becomes the status <paramref name="bridge"/> publishes
    /// on its next connects. Call once, before <see cref="Start"/>; the caller owns both publishers.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="bridge"/> is this publisher or publishes another device.</exception>
    public void MirrorTo(MqttPublisher bridge)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        if (ReferenceEquals(bridge, this) || bridge._topicRoot != _topicRoot)
        {
            throw new ArgumentException("a bridge publisher is another publisher of the same device", nameof(bridge));
        }

        _mirror = bridge;
    }

    /// <summary>
    /// Subscribes to the device's own <c>command</c> topic (QoS 1) after every connect and hands each command's payload
    /// to <paramref name="relay"/>, on the MQTT client's receive loop: it must return at once. A refused subscription
    /// is logged and the publisher goes on publishing. Call once, before <see cref="Start"/>.
    /// </summary>
    public void RelayCommands(Action<ReadOnlyMemory<byte>> relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (Interlocked.CompareExchange(ref _commandRelay, relay, null) is null)
        {
            _client.ConnectedAsync += SubscribeRelayedCommandsAsync;
            _client.ApplicationMessageReceivedAsync += OnRelayedCommandAsync;
        }
    }

    /// <summary>Commands received on this publisher's broker and handed on by <see cref="RelayCommands"/>.</summary>
    public long CommandsRelayed => Interlocked.Read(ref _commandsRelayed);

    private long _commandsRelayed;

    private string CommandTopic => _topicRoot + TopicAccess.Command;

    // Called by Enqueue for each accepted message.
    private void Mirror(MqttTopic topic, ReadOnlyMemory<byte> payload)
    {
        if (_mirror is not { } bridge)
        {
            return;
        }

        if (topic.Suffix == MqttTopics.Status.Suffix)
        {
            // Online and degraded statuses only pass through Enqueue (offline is the Will or the shutdown's own).
            Volatile.Write(ref bridge._onlinePayload, payload.ToArray());
        }

        bridge.Enqueue(topic, payload);
    }

    private async Task SubscribeRelayedCommandsAsync(MqttClientConnectedEventArgs e)
    {
        try
        {
            var result = await _client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder().WithTopicFilter(CommandTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build()).ConfigureAwait(false);
            foreach (var item in result.Items)
            {
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    MessagingLog.RelaySubscriptionRefused(_logger, BrokerForLog, CommandTopic, item.ResultCode.ToString());
                }
            }
        }
#pragma warning disable CA1031 // A lost subscription leaves the bridge publishing; the next connect tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MessagingLog.RelaySubscriptionRefused(_logger, BrokerForLog, CommandTopic, ex.Message);
        }
    }

    private Task OnRelayedCommandAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (_commandRelay is { } relay && e.ApplicationMessage.Topic == CommandTopic)
        {
            try
            {
                relay(e.ApplicationMessage.Payload.ToArray());
                Interlocked.Increment(ref _commandsRelayed);
            }
#pragma warning disable CA1031 // One command lost must not stop the client's receive loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                MessagingLog.RelayFailed(_logger, e.ApplicationMessage.Topic, ex.Message);
            }
        }

        return Task.CompletedTask;
    }
}
