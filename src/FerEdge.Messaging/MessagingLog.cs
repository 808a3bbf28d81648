using Microsoft.Extensions.Logging;

namespace FerEdge.Messaging;

/// <summary>Source-generated log messages of the messaging adapters.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(1, LogLevel.Information, "MQTT connected to {Broker} as {ClientId} (connection {Count})")]
    public static partial void Connected(ILogger logger, Uri broker, string clientId, long count);

    [LoggerMessage(2, LogLevel.Warning, "MQTT connection to {Broker} lost: {Reason}")]
    public static partial void Disconnected(ILogger logger, Uri broker, string reason);

    [LoggerMessage(3, LogLevel.Debug, "MQTT connect to {Broker} failed ({Failures} failures so far): {Error}")]
    public static partial void ConnectFailed(ILogger logger, Uri broker, long failures, string error);

    [LoggerMessage(4, LogLevel.Debug, "MQTT publish to {Topic} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, string topic, string error);

    [LoggerMessage(5, LogLevel.Warning, "MQTT clean shutdown incomplete: {Error}")]
    public static partial void ShutdownFailed(ILogger logger, string error);

    [LoggerMessage(6, LogLevel.Information, "MQTT broker listening: TCP {Address}:{MqttPort}, WebSocket {Address}:{WsPort}{Path}, {Security}")]
    public static partial void BrokerStarted(ILogger logger, string address, int mqttPort, int wsPort, string path, string security);

    [LoggerMessage(7, LogLevel.Debug, "MQTT broker: client {ClientId} {Event}")]
    public static partial void BrokerClient(ILogger logger, string clientId, string @event);

    [LoggerMessage(8, LogLevel.Warning, "MQTT broker: connection from {Address} refused, it has {Limit} open ({Suppressed} more refused since the last line)")]
    public static partial void ConnectionRefused(ILogger logger, string address, int limit, long suppressed);

    [LoggerMessage(9, LogLevel.Warning, "MQTT broker: connection from {Address} failed: {Error} ({Suppressed} more since the last line)")]
    public static partial void ConnectionFailed(ILogger logger, string address, string error, long suppressed);

    [LoggerMessage(10, LogLevel.Warning, "MQTT broker: retained message on {Topic} ({Bytes} bytes) not retained, limits {MaxCount} messages / {MaxBytes} bytes reached ({Suppressed} more since the last line)")]
    public static partial void RetainRefused(ILogger logger, string topic, long bytes, int maxCount, long maxBytes, long suppressed);

    [LoggerMessage(11, LogLevel.Warning, "MQTT broker: login refused for user '{User}' from {Address}: {Reason} ({Suppressed} more since the last line)")]
    public static partial void LoginRefused(ILogger logger, string user, string address, string reason, long suppressed);

    [LoggerMessage(12, LogLevel.Warning, "MQTT broker: {Action} on '{Topic}' by user '{User}' (client {ClientId}) refused by the access rules ({Suppressed} more since the last line)")]
    public static partial void AccessRefused(ILogger logger, string action, string topic, string user, string clientId, long suppressed);

    [LoggerMessage(13, LogLevel.Information, "MQTT broker: plain-text MQTT on loopback port {Port} (Security:PlainTextPort)")]
    public static partial void PlainTextListener(ILogger logger, int port);

    [LoggerMessage(40, LogLevel.Warning, "MQTT bridge {Broker} refused the subscription to {Topic} ({Code}): commands from that broker do not reach the device")]
    public static partial void RelaySubscriptionRefused(ILogger logger, Uri broker, string topic, string code);

    [LoggerMessage(41, LogLevel.Warning, "MQTT command from the bridge on {Topic} dropped: {Error}")]
    public static partial void RelayFailed(ILogger logger, string topic, string error);

    [LoggerMessage(14, LogLevel.Warning, "MQTT connect to {Broker} failed ({Failures} failures so far): {Error}")]
    public static partial void ConnectFailedLoud(ILogger logger, Uri broker, long failures, string error);

    [LoggerMessage(15, LogLevel.Warning, "MQTT command on {Topic} dropped: {Error}")]
    public static partial void CommandFailed(ILogger logger, string topic, string error);

    [LoggerMessage(16, LogLevel.Warning, "MQTT broker refused the subscription to {Topic} ({Code}): the device takes no commands on this connection")]
    public static partial void CommandsRefused(ILogger logger, string topic, string code);
}
