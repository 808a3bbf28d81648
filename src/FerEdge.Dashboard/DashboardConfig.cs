namespace FerEdge.Dashboard;

/// <summary>
/// The page's configuration, served as <c>GET /api/config</c> in snake_case JSON:
/// <c>{"schema":1,"device":"robot1","mqtt":{..},"alerts":{..},"stale_seconds":3,"timeline_seconds":300}</c>;
/// <c>"device":null</c> for the fleet's overview, whose <c>mqtt.topic_root</c> is <c>feredge/</c> (the page subscribes
/// to <c>feredge/+/status</c>, <c>emotion</c> and <c>explanation</c>).
/// </summary>
internal sealed record DashboardConfig(
    int Schema, string? Device, DashboardMqttConfig Mqtt, DashboardAlertConfig Alerts, double StaleSeconds, double TimelineSeconds)
{
    public const int CurrentSchema = 1;

    public static DashboardConfig Create(DashboardOptions options, DashboardRuntimeInfo runtime) =>
        new(
            CurrentSchema,
            runtime.DeviceId,
            new DashboardMqttConfig(
                runtime.WebSocketUri?.ToString(),
                runtime.WebSocketUri is null ? runtime.WebSocketPort : null,
                runtime.WebSocketPath,
                runtime.DeviceId is { } device ? Core.Contract.MqttTopics.Root(device) : Core.Contract.MqttTopics.Prefix + "/"),
            new DashboardAlertConfig(
                options.AlertEmotions,
                options.EmotionAlertAfter.TotalSeconds,
                options.NoFaceAlertAfter?.TotalSeconds),
            options.StaleAfter.TotalSeconds,
            options.TimelineWindow.TotalSeconds);
}

/// <summary>Where the page connects: a full URL (external broker) or a port on the page's own host.</summary>
internal sealed record DashboardMqttConfig(string? WsUrl, int? WsPort, string WsPath, string TopicRoot);

/// <summary>The alert rules; a null <c>no_face_seconds</c> turns that rule off.</summary>
internal sealed record DashboardAlertConfig(IReadOnlyList<string> Emotions, double EmotionSeconds, double? NoFaceSeconds);
