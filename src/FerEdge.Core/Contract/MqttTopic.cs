namespace FerEdge.Core.Contract;

/// <summary>
/// One topic below the device root (<c>feredge/{deviceId}/</c>) with the QoS and retain flag every message on it
/// is published with. The contract's topics are in <see cref="MqttTopics"/>; other suffixes are allowed.
/// </summary>
public sealed record MqttTopic
{
    /// <summary>Creates a topic; the suffix is one or more non-empty levels without wildcards.</summary>
    /// <exception cref="ArgumentException">The suffix is empty, has an empty level, or holds <c>+</c>, <c>#</c> or NUL.</exception>
    public MqttTopic(string suffix, MqttQos qos, bool retain)
    {
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        if (suffix.AsSpan().IndexOfAny("+#\0") >= 0 || suffix.StartsWith('/') || suffix.EndsWith('/') || suffix.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"MQTT topic suffix '{suffix}' must be non-empty levels without wildcards", nameof(suffix));
        }

        if (!Enum.IsDefined(qos))
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "QoS must be 0, 1 or 2");
        }

        Suffix = suffix;
        Qos = qos;
        Retain = retain;
    }

    /// <summary>The topic below the device root, e.g. <c>emotion</c>.</summary>
    public string Suffix { get; }

    /// <summary>The QoS every message on this topic is published with.</summary>
    public MqttQos Qos { get; }

    /// <summary>Whether the broker keeps the last message on this topic for late subscribers.</summary>
    public bool Retain { get; }
}
