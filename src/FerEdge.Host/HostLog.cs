using Microsoft.Extensions.Logging;

namespace FerEdge.Host;

internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Embedded MQTT broker (TLS, logins required): mqtts port {MqttPort}, wss port {WebSocketPort} (/mqtt), dashboard https port {HttpPort}")]
    public static partial void BrokerStarted(ILogger logger, int mqttPort, int webSocketPort, string httpPort);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Publishing to external broker {Broker}; dashboard https port {HttpPort}, tablets reach the broker at {WebSocketUrl}")]
    public static partial void ExternalBroker(ILogger logger, string broker, string httpPort, Uri webSocketUrl);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Bridging the embedded broker to {Broker}: the device's topics are published there too, and its commands from there are handed to the embedded broker")]
    public static partial void BridgeStarted(ILogger logger, string broker);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "MQTT bridge: {Enqueued} messages queued, {Published} published, {Dropped} dropped (outbox full {OutboxFull}, rate limited {RateLimited}, send failed {SendFailed}, at shutdown {Shutdown}), {Left} left; {Connects} connects, {ConnectFailures} failed; {Commands} commands relayed")]
    public static partial void BridgeSummary(ILogger logger, long enqueued, long published, long dropped, long outboxFull, long rateLimited, long sendFailed, long shutdown, int left, long connects, long connectFailures, long commands);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "A command from the bridge could not be handed to the embedded broker: {Error}")]
    public static partial void BridgeCommandFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "No camera: {Reason}. Playing the demo video {DemoVideo}")]
    public static partial void NoCamera(ILogger logger, string reason, string demoVideo);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Processed {Frames} frames at {Fps:F1} fps; dropped {Dropped}; read {Read}; keyframes {Keyframes}; end-to-end p50 {P50:F2} ms, p99 {P99:F2} ms")]
    public static partial void Finished(ILogger logger, long frames, double fps, long dropped, long read, long keyframes, double p50, double p99);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "MQTT: {Enqueued} messages queued, {Published} published, {Dropped} dropped (outbox full {OutboxFull}, rate limited {RateLimited}, send failed {SendFailed}, at shutdown {Shutdown}), {Left} left; {Connects} connects")]
    public static partial void MqttSummary(ILogger logger, long enqueued, long published, long dropped, long outboxFull, long rateLimited, long sendFailed, long shutdown, int left, long connects);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Degraded: {Reason}")]
    public static partial void Degraded(ILogger logger, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Online again: no fault remains")]
    public static partial void Recovered(ILogger logger);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "A pipeline stage has not answered for {Seconds:F1} s; the service watchdog is no longer fed")]
    public static partial void StageHung(ILogger logger, double seconds);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Created user '{Name}' (role {Role}); its password is in {PasswordFile}, readable by this account only")]
    public static partial void UserCreated(ILogger logger, string name, string role, string passwordFile);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Created the device CA {CaFile}: clients trust it to verify this device (fer-edge ca --out FILE exports it)")]
    public static partial void AuthorityCreated(ILogger logger, string caFile);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Caregiver dashboard (overview of every device): https port {HttpPort}; pages reach the broker at {WebSocketUrl} as user '{BrokerUser}'")]
    public static partial void FleetDashboard(ILogger logger, int httpPort, Uri webSocketUrl, string brokerUser);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "No caregiver or admin granted every device in {UsersFile}: nobody can log in to the overview yet (fer-edge user add NAME --role caregiver --password-file FILE)")]
    public static partial void NoOverviewUser(ILogger logger, string usersFile);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "The dashboard's page logs in to the external broker with the caregiver's session token, which only FerEdge's embedded broker checks: set Dashboard:BrokerUser and Dashboard:BrokerPasswordFile for a broker such as mosquitto")]
    public static partial void PageLoginsByToken(ILogger logger);

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Profile {File} set aside as {AsideFile} ({Problem}); the person starts from the population")]
    public static partial void ProfileSetAside(ILogger logger, string file, string asideFile, string problem);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Command {Command} ({Id}) done: person {Person}, {Corrections} corrections, neutral calibrated {Calibrated}")]
    public static partial void CommandHandled(ILogger logger, string command, string id, string person, int corrections, bool calibrated);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Command refused ({Id}): {Error}")]
    public static partial void CommandRefused(ILogger logger, string id, string error);

    [LoggerMessage(EventId = 33, Level = LogLevel.Information, Message = "Person profiles in {Directory}")]
    public static partial void ProfilesAt(ILogger logger, string directory);

    [LoggerMessage(EventId = 45, Level = LogLevel.Error, Message = "The pipeline has processed no frame for {Seconds} s while its source reports no problem; the watchdog is no longer fed, so systemd restarts the service")]
    public static partial void PipelineStalled(ILogger logger, double seconds);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Landmark model snapshot written to {Path}; later starts read it instead of decoding the dlib file{Replaced}")]
    public static partial void LandmarkSnapshotWritten(ILogger logger, string path, string replaced);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Landmark model snapshot not written to {Path} ({Problem}); every start decodes the dlib file, about half a second more (set Models:CacheDirectory to a writable folder)")]
    public static partial void LandmarkSnapshotNotWritten(ILogger logger, string path, string problem);

    /// <summary>Says what became of the landmark model's snapshot when it was not simply read.</summary>
    public static void LandmarkSnapshot(ILogger logger, Vision.Landmarks.ShapePredictorLoad load)
    {
        switch (load.Use)
        {
            case Vision.Landmarks.SnapshotUse.Written:
                LandmarkSnapshotWritten(logger, load.SnapshotPath!, load.Detail is { } replaced ? $" (it replaces one that was {replaced})" : string.Empty);
                break;
            case Vision.Landmarks.SnapshotUse.NotWritten:
                LandmarkSnapshotNotWritten(logger, load.SnapshotPath!, load.Detail ?? "unknown");
                break;
        }
    }
}
