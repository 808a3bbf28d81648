using System.Security.Cryptography.X509Certificates;
using FerEdge.Core.Contract;
using FerEdge.Core.Options;

namespace FerEdge.Messaging;

/// <summary>
/// Settings of a <see cref="MqttPublisher"/>. Validated by <see cref="Validate"/> when the publisher is created;
/// not read again afterwards, so changes after construction have no effect.
/// </summary>
public sealed record MqttPublisherOptions
{
    /// <summary>
    /// The broker: <c>mqtts://[user@]host:port</c> (TLS, default port 8883), <c>wss://[user@]host:port/path</c>, or in
    /// plain text <c>mqtt://</c>/<c>tcp://</c> (default port 1883) and <c>ws://</c>. A user name in the URI is used
    /// when <see cref="UserName"/> is not set.
    /// </summary>
    public required Uri BrokerUri { get; init; }

    /// <summary>The user name to log in with; from the URI when null; no credentials when both are absent.</summary>
    public string? UserName { get; init; }

    /// <summary>The password to log in with (never logged).</summary>
    public string? Password { get; init; }

    /// <summary>
    /// The certificate authority the broker's certificate must chain to (for a device CA or a home's own CA); the
    /// system's trusted roots when null. The broker's host name is verified either way.
    /// </summary>
    public X509Certificate2? CaCertificate { get; init; }

    /// <summary>A client certificate (with private key) for brokers that ask for one; none when null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Whether <see cref="BrokerUri"/> asks for TLS (<c>mqtts</c> or <c>wss</c>).</summary>
    public bool UsesTls => BrokerUri.Scheme is "mqtts" or "wss";

    /// <summary>The user name in effect: <see cref="UserName"/>, else the URI's user, else null.</summary>
    public string? EffectiveUserName =>
        UserName ?? (string.IsNullOrEmpty(BrokerUri.UserInfo) ? null : Uri.UnescapeDataString(BrokerUri.UserInfo.Split(':')[0]));

    /// <summary>The device id: the second topic level, and the MQTT client id is <c>feredge-{DeviceId}</c>.</summary>
    public required string DeviceId { get; init; }

    /// <summary>
    /// Receives every message the broker delivers on the device's own <c>command</c> topic: the publisher subscribes
    /// to it (QoS 1) after every connect when this is set. Called on the MQTT client's receive loop with a copy of
    /// the payload, so it must return at once (hand the payload to another thread); an exception it throws is
    /// logged and the message dropped. Null: no subscription.
    /// </summary>
    public Action<ReadOnlyMemory<byte>>? OnCommand { get; init; }

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

    /// <summary>
    /// Names this publisher's connection in the <c>link</c> tag of its <c>feredge.mqtt.*</c> instruments (for example
    /// <c>bridge</c>), so two publishers of one device can be told apart; no such tag when null.
    /// </summary>
    public string? Link { get; init; }

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
        if (!BrokerUri.IsAbsoluteUri || BrokerUri.Scheme is not ("mqtts" or "wss" or "mqtt" or "tcp" or "ws") || string.IsNullOrEmpty(BrokerUri.Host))
        {
            throw new ArgumentException(
                $"broker URI '{BrokerUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)}' must look like mqtts://[user@]host:port, wss://[user@]host:port/path, mqtt://host:port, tcp://host:port or ws://host:port/path",
                nameof(BrokerUri));
        }

        if (BrokerUri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("the broker URI must not hold a password: give it as the password file", nameof(BrokerUri));
        }

        if (!UsesTls && (CaCertificate is not null || ClientCertificate is not null))
        {
            throw new ArgumentException($"a CA or client certificate needs a TLS broker URI (mqtts:// or wss://), not {BrokerUri.Scheme}://", nameof(BrokerUri));
        }

        if (ClientCertificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"the client certificate '{ClientCertificate.Subject}' has no private key", nameof(ClientCertificate));
        }

        if (Password is not null && EffectiveUserName is null)
        {
            throw new ArgumentException("a password needs a user name (UserName or user@ in the broker URI)", nameof(Password));
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
