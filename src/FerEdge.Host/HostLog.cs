using Microsoft.Extensions.Logging;

namespace FerEdge.Host;

internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded MQTT broker: tcp port {MqttPort}, websocket port {WebSocketPort} (/mqtt), dashboard http port {HttpPort}")]
    public static partial void BrokerStarted(ILogger logger, int mqttPort, int webSocketPort, string httpPort);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Publishing to external broker {Broker}; dashboard http port {HttpPort}")]
    public static partial void ExternalBroker(ILogger logger, string broker, string httpPort);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No camera: {Reason}. Playing the demo video {DemoVideo}")]
    public static partial void NoCamera(ILogger logger, string reason, string demoVideo);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Processed {Frames} frames at {Fps:F1} fps; dropped {Dropped}; keyframes {Keyframes}; end-to-end p50 {P50:F2} ms, p99 {P99:F2} ms")]
    public static partial void Finished(ILogger logger, long frames, double fps, long dropped, long keyframes, double p50, double p99);
}
