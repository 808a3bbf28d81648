namespace FerEdge.Core.Contract;

/// <summary>
/// The MQTT topic contract: everything a device publishes lives under <c>feredge/{deviceId}/</c>, with the QoS and
/// retain flag fixed per topic (status 1 retained with a Last Will, emotion 0, explanation 1, metrics 0, command and reply 1).
/// </summary>
public static class MqttTopics
{
    /// <summary>The first topic level of every FerEdge topic.</summary>
    public const string Prefix = "feredge";

    /// <summary><c>online</c>/<c>offline</c> with version, model ids, start time and ports; retained, Last Will offline.</summary>
    public static MqttTopic Status { get; } = new("status", MqttQos.AtLeastOnce, retain: true);

    /// <summary>One message per processed frame (rate-limited), the JSON-lines object.</summary>
    public static MqttTopic Emotion { get; } = new("emotion", MqttQos.AtMostOnce, retain: false);

    /// <summary>Explanation summaries: a few per second and on every change of decided emotion.</summary>
    public static MqttTopic Explanation { get; } = new("explanation", MqttQos.AtLeastOnce, retain: false);

    /// <summary>Per-stage latency, fps, drops, CPU and memory, every few seconds.</summary>
    public static MqttTopic Metrics { get; } = new("metrics", MqttQos.AtMostOnce, retain: false);

    /// <summary>Commands to the device (set_person, calibrate_neutral, correct, ...): see <see cref="DeviceCommand"/>.</summary>
    public static MqttTopic Command { get; } = new("command", MqttQos.AtLeastOnce, retain: false);

    /// <summary>The device's answer to each command, with the command's id: see <see cref="CommandReply"/>.</summary>
    public static MqttTopic Reply { get; } = new("reply", MqttQos.AtLeastOnce, retain: false);

    /// <summary>The topic root of a device, <c>feredge/{deviceId}/</c> (with the trailing slash).</summary>
    /// <exception cref="ArgumentException">The device id is empty or holds <c>/</c>, <c>+</c>, <c>#</c>, NUL or white space.</exception>
    public static string Root(string deviceId)
    {
        ValidateDeviceId(deviceId);
        return $"{Prefix}/{deviceId}/";
    }

    /// <summary>The full topic name of <paramref name="topic"/> for a device, e.g. <c>feredge/robot1/emotion</c>.</summary>
    public static string Full(string deviceId, MqttTopic topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return Root(deviceId) + topic.Suffix;
    }

    /// <summary>Throws when <paramref name="deviceId"/> cannot be a single MQTT topic level.</summary>
    /// <exception cref="ArgumentException">The id is empty or holds <c>/</c>, <c>+</c>, <c>#</c>, NUL or white space.</exception>
    public static void ValidateDeviceId(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        foreach (var c in deviceId)
        {
            if (c is '/' or '+' or '#' or '\0' || char.IsWhiteSpace(c))
            {
                throw new ArgumentException(
                    $"device id '{deviceId}' must be one MQTT topic level: no '/', '+', '#', NUL or white space", nameof(deviceId));
            }
        }
    }
}
