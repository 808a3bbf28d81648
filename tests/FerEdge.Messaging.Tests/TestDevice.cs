using System.Text;
using FerEdge.Core.Contract;

namespace FerEdge.Messaging.Tests;

/// <summary>Publisher settings and payloads shared by the integration tests.</summary>
internal static class TestDevice
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public static string NewId(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 9, 40)];

    public static StatusPayload Status(string deviceId) =>
        StatusPayload.CreateOnline(deviceId, "1.2.3", ["emotion-happy@1", "blazeface-front"], DateTimeOffset.UtcNow, new StatusPorts(1883, 9001, null));

    /// <summary>Fast keep-alive and reconnects, no rate limits (unless given), so counts are exact.</summary>
    public static MqttPublisherOptions Options(
        Uri broker, string deviceId, MqttProtocol protocol = MqttProtocol.V500, int outboxCapacity = 256,
        IReadOnlyDictionary<string, TopicRateLimit>? rateLimits = null) => new()
    {
        BrokerUri = broker,
        DeviceId = deviceId,
        Protocol = protocol,
        KeepAlive = TimeSpan.FromSeconds(2),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        OutboxCapacity = outboxCapacity,
        RateLimits = rateLimits ?? new Dictionary<string, TopicRateLimit>(),
    };

    /// <summary>A small JSON-lines style payload, numbered so order and loss can be checked.</summary>
    public static byte[] Emotion(int frame) =>
        Encoding.UTF8.GetBytes($$$"""{"schema":1,"t":{{{frame / 30.0:0.000}}},"frame":{{{frame}}},"face":null,"emotion":null,"confidence":0,"scores":{}}""");

    public static byte[] Explanation(int n) =>
        Encoding.UTF8.GetBytes($$"""{"schema":1,"frame":{{n}},"regions":[{"name":"mouth","share":0.6}]}""");

    public static byte[] Metrics(int n) =>
        Encoding.UTF8.GetBytes($$"""{"schema":1,"seq":{{n}},"fps":30.0,"dropped":0}""");
}
