using FerEdge.Core.Contract;
using FerEdge.Core.Options;

namespace FerEdge.Messaging;

/// <summary>
/// Settings of a <see cref="MqttPublisher"/>. Validated by <see cref="Validate"/> when the publisher is created;
/// not read again afterwards, so changes after construction have no effect.
/// </summary>
public sealed record MqttPublisherOptions
{
    /// <summary>The broker: <c>mqtt://host:port</c> or <c>tcp://host:port</c> (default port 1883), or <c>ws://host:port/path</c>.</summary>
    public required Uri BrokerUri { get; init; }

    /// <summary>The device id: the second topic level, and the MQTT client id is <c>feredge-{DeviceId}</c>.</summary>
    public required string DeviceId { get; init; }

    /// <summary>MQTT 5 unless a broker needs 3.1.1.</summary>
    public MqttProtocol Protocol { get; init; } = MqttProtocol.V500;

    /// <summary>Keep-alive period; the broker publishes the Last Will after about 1.5 of these without a packet.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bound on one connect attempt and on waiting for a broker acknowledgement.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a clean shutdown may spend flushing the outbox, publishing offline and disconnecting.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Messages waiting to be sent at most, 1..1,000,000; when full, the oldest is dropped for the newest.</summary>
    public int OutboxCapacity { get; init; } = 256;

    /// <summary>Rate limits by topic suffix, each in (0, 1000] messages per second; topics without an entry are not limited.</summary>
    public IReadOnlyDictionary<string, TopicRateLimit> RateLimits { get; init; } = DefaultRateLimits;

    /// <summary>Time source of the rate limits (a fake in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The defaults: emotion 15/s, explanation 5/s, metrics 2/s.</summary>
    public static IReadOnlyDictionary<string, TopicRateLimit> DefaultRateLimits { get; } = new Dictionary<string, TopicRateLimit>
    {
        [MqttTopics.Emotion.Suffix] = TopicRateLimit.PerSecondWithOneSecondBurst(15),
        [MqttTopics.Explanation.Suffix] = TopicRateLimit.PerSecondWithOneSecondBurst(5),
        [MqttTopics.Metrics.Suffix] = TopicRateLimit.PerSecondWithOneSecondBurst(2),
    };

    /// <summary>Throws when a setting cannot be used, naming it.</summary>
    /// <exception cref="ArgumentException">A setting is out of range or the broker URI has an unsupported scheme.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(BrokerUri);
        if (!BrokerUri.IsAbsoluteUri || BrokerUri.Scheme is not ("mqtt" or "tcp" or "ws") || string.IsNullOrEmpty(BrokerUri.Host))
        {
            throw new ArgumentException($"broker URI '{BrokerUri}' must look like mqtt://host:port, tcp://host:port or ws://host:port/path", nameof(BrokerUri));
        }

        MqttTopics.ValidateDeviceId(DeviceId);
        RequirePositive(KeepAlive, nameof(KeepAlive));
        RequirePositive(OperationTimeout, nameof(OperationTimeout));
        RequirePositive(ReconnectMinDelay, nameof(ReconnectMinDelay));
        RequirePositive(ShutdownTimeout, nameof(ShutdownTimeout));
        if (ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectMaxDelay), ReconnectMaxDelay, "must not be below ReconnectMinDelay");
        }

        OptionRules.InRange(OutboxCapacity, 1, 1_000_000, nameof(OutboxCapacity));
        ArgumentNullException.ThrowIfNull(RateLimits);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        foreach (var (suffix, limit) in RateLimits)
        {
            limit.Validate(suffix);
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
