using FerEdge.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace FerEdge.Messaging;

/// <summary>
/// Bounds the broker's retained messages (they live in memory): a retained publish that would take the store past
/// <see cref="EmbeddedBrokerOptions.MaxRetainedMessages"/> topics or <see cref="EmbeddedBrokerOptions.MaxRetainedBytes"/>
/// payload bytes is still delivered to the subscribers connected now, but not retained; it is counted and logged
/// (rate-limited). Replacing or clearing an already retained topic is always allowed when it does not grow the store
/// past the limits.
/// </summary>
/// <remarks>
/// Thread-safe. The store is tracked from MQTTnet's retained-message events; publishes checked at the same moment can
/// overshoot the limits by the messages in flight, which the number of connections bounds.
/// </remarks>
internal sealed class RetainedMessageGuard
{
    private readonly int _maxCount;
    private readonly long _maxBytes;
    private readonly BrokerGuardCounters _counters;
    private readonly ILogger _logger;
    private readonly LogThrottle _log = new(TimeSpan.FromSeconds(10));
    private readonly Dictionary<string, long> _sizes = new(StringComparer.Ordinal);
    private long _bytes;

    public RetainedMessageGuard(EmbeddedBrokerOptions options, BrokerGuardCounters counters, ILogger logger)
    {
        _maxCount = options.MaxRetainedMessages;
        _maxBytes = options.MaxRetainedBytes;
        _counters = counters;
        _logger = logger;
    }

    /// <summary>Hooks the guard to <paramref name="server"/>'s events.</summary>
    public void Attach(MqttServer server)
    {
        server.InterceptingPublishAsync += OnPublish;
        server.RetainedMessageChangedAsync += OnChanged;
        server.RetainedMessagesClearedAsync += _ =>
        {
            lock (_sizes)
            {
                _sizes.Clear();
                _bytes = 0;
            }

            return Task.CompletedTask;
        };
    }

    private Task OnPublish(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (message is not { Retain: true } || message.Payload.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var size = message.Payload.Length;
        bool fits;
        lock (_sizes)
        {
            var known = _sizes.TryGetValue(message.Topic, out var old);
            var count = _sizes.Count + (known ? 0 : 1);
            fits = count <= _maxCount && _bytes - old + size <= _maxBytes;
        }

        if (!fits)
        {
            message.Retain = false;
            _counters.RetainRefused();
            if (_log.TryEnter(out var more))
            {
                MessagingLog.RetainRefused(_logger, message.Topic, size, _maxCount, _maxBytes, more);
            }
        }

        return Task.CompletedTask;
    }

    private Task OnChanged(RetainedMessageChangedEventArgs e)
    {
        var message = e.ChangedRetainedMessage;
        lock (_sizes)
        {
            if (_sizes.Remove(message.Topic, out var old))
            {
                _bytes -= old;
            }

            if (!message.Payload.IsEmpty)
            {
                _sizes[message.Topic] = message.Payload.Length;
                _bytes += message.Payload.Length;
            }
        }

        return Task.CompletedTask;
    }
}
