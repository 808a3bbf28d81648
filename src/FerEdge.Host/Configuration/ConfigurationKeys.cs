using System.Globalization;
using System.Net;
using FerEdge.Core.Contract;
using FerEdge.Dashboard;
using FerEdge.Host.Commands;
using FerEdge.Messaging;
using FerEdge.Pipeline;
using FerEdge.Security;
using FerEdge.Vision.Detection;

namespace FerEdge.Host.Configuration;

/// <summary>
/// The one place configuration keys are named: each key is read into the options record that owns it, starting from
/// that record's default, and converted where its shape differs (seconds to <see cref="TimeSpan"/>, <c>front</c> to
/// <see cref="BlazeFaceModel.Front128"/>, paths under the application root).
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>Reads every key; throws <see cref="SettingsException"/> for a value that does not convert.</summary>
    public static FerEdgeOptions Read(ConfigurationReader c)
    {
        var d = new FerEdgeOptions();
        var deviceId = c.String("DeviceId", null) is { Length: > 0 } id ? id : DefaultDeviceId();
        var run = d.Run with
        {
            Source = c.String("Source", d.Run.Source),
            DemoVideo = c.String("DemoVideo", d.Run.DemoVideo)!,
            DisplayName = c.String("DisplayName", d.Run.DisplayName),
            MaxImagePixels = c.Long("MaxImagePixels", d.Run.MaxImagePixels),
            ReadyWithin = c.Seconds("Health:ReadyWithinSeconds", d.Run.ReadyWithin, nameof(d.Run.ReadyWithin)),
            ExternalBroker = c.Parsed(
                "Mqtt:Broker", d.Run.ExternalBroker, "'embedded', mqtts://[user@]host:port, or mqtt://host:port on loopback only", TryBroker, nameof(d.Run.ExternalBroker)),
            BrokerPasswordFile = c.String("Mqtt:PasswordFile", d.Run.BrokerPasswordFile),
            BrokerCaFile = c.String("Mqtt:CaFile", d.Run.BrokerCaFile, nameof(d.Run.BrokerCaFile)),
            BrokerClientCertificateFile = c.String("Mqtt:ClientCertificateFile", d.Run.BrokerClientCertificateFile, nameof(d.Run.BrokerClientCertificateFile)),
            BrokerClientKeyFile = c.String("Mqtt:ClientKeyFile", d.Run.BrokerClientKeyFile, nameof(d.Run.BrokerClientKeyFile)),
            Bridge = c.Parsed(
                "Mqtt:Bridge", d.Run.Bridge, "mqtts://[user@]host:port, mqtt://host:port on loopback only, or 'none'", TryBridge, nameof(d.Run.Bridge)),
            BridgePasswordFile = c.String("Mqtt:BridgePasswordFile", d.Run.BridgePasswordFile, nameof(d.Run.BridgePasswordFile)),
            BridgeCaFile = c.String("Mqtt:BridgeCaFile", d.Run.BridgeCaFile, nameof(d.Run.BridgeCaFile)),
            BridgeClientCertificateFile = c.String("Mqtt:BridgeClientCertificateFile", d.Run.BridgeClientCertificateFile, nameof(d.Run.BridgeClientCertificateFile)),
            BridgeClientKeyFile = c.String("Mqtt:BridgeClientKeyFile", d.Run.BridgeClientKeyFile, nameof(d.Run.BridgeClientKeyFile)),
            MetricsInterval = c.Seconds("Mqtt:MetricsIntervalSeconds", d.Run.MetricsInterval, nameof(d.Run.MetricsInterval)),
        };
        var emotion = MqttTopics.Emotion.Suffix;
        var dashboard = ReadDashboard(c, d.Dashboard);
        return new FerEdgeOptions
        {
            Run = run,
            Pipeline = d.Pipeline with
            {
                Fast = c.Bool("Fast", d.Pipeline.Fast),
                MaxFrames = c.Long("MaxFrames", d.Pipeline.MaxFrames),
                FramePoolSize = c.Int("FramePoolSize", d.Pipeline.FramePoolSize),
                DeviceId = deviceId,
            },
            Stages = ReadStages(c, d.Stages),
            JsonLines = d.JsonLines with
            {
                Path = c.String("Jsonl", d.JsonLines.Path, nameof(d.JsonLines.Path))!,
                FlushInterval = c.Seconds("JsonLines:FlushIntervalSeconds", d.JsonLines.FlushInterval, nameof(d.JsonLines.FlushInterval)),
                Append = c.Bool("JsonLines:Append", d.JsonLines.Append),
                RotateBytes = c.Long("JsonLines:RotateBytes", d.JsonLines.RotateBytes),
                Keep = c.Int("JsonLines:Keep", d.JsonLines.Keep),
            },
            Publisher = d.Publisher with
            {
                BrokerUri = run.ExternalBroker ?? d.Publisher.BrokerUri,
                DeviceId = deviceId,
                OutboxCapacity = c.Int("Mqtt:OutboxCapacity", d.Publisher.OutboxCapacity),
                RateLimits = new Dictionary<string, TopicRateLimit>(d.Publisher.RateLimits)
                {
                    [emotion] = TopicRateLimit.PerSecondWithOneSecondBurst(
                        c.Double("Mqtt:EmotionPerSecond", d.Publisher.RateLimits[emotion].PerSecond, nameof(d.Publisher.RateLimits))),
                },
            },
            Broker = d.Broker with
            {
                MqttPort = c.Int("Mqtt:Port", d.Broker.MqttPort, nameof(d.Broker.MqttPort)),
                WebSocketPort = c.Int("Mqtt:WebSocketPort", d.Broker.WebSocketPort),

                // The dashboard's port is served by the embedded broker's web server when both run.
                HttpPort = dashboard.Enabled ? dashboard.Port : null,
                BindAddress = c.Parsed("Mqtt:BindAddress", d.Broker.BindAddress, "an IP address", TryAddress),
                ConnectTimeout = c.Seconds("Mqtt:ConnectTimeoutSeconds", d.Broker.ConnectTimeout, nameof(d.Broker.ConnectTimeout)),
                MaxPacketBytes = c.Int("Mqtt:MaxPacketBytes", d.Broker.MaxPacketBytes),
                MaxRetainedMessages = c.Int("Mqtt:MaxRetainedMessages", d.Broker.MaxRetainedMessages),
                MaxRetainedBytes = c.Long("Mqtt:MaxRetainedBytes", d.Broker.MaxRetainedBytes),
                MaxConnectionsPerAddress = c.Int("Mqtt:MaxConnectionsPerAddress", d.Broker.MaxConnectionsPerAddress),
                PlainTextPort = c.Parsed("Security:PlainTextPort", d.Broker.PlainTextPort, "a port (0..65535) or null", TryOptionalPort, nameof(d.Broker.PlainTextPort)),
            },
            Dashboard = dashboard,
            Security = ReadSecurity(c, d.Security),
            Profiles = d.Profiles with
            {
                Directory = c.String("Profiles:Directory", d.Profiles.Directory),
                NeutralShiftsScores = c.Bool("Profiles:NeutralShiftsScores", d.Profiles.NeutralShiftsScores),
            },
        };
    }

    private static SecurityOptions ReadSecurity(ConfigurationReader c, SecurityOptions d) => d with
    {
        StateDirectory = c.String("StateDirectory", d.StateDirectory),
        CertificateFile = c.String("Security:CertificateFile", d.CertificateFile),
        KeyFile = c.String("Security:KeyFile", d.KeyFile),
    };

    private static PipelineStagesOptions ReadStages(ConfigurationReader c, PipelineStagesOptions d)
    {
        var landmarker = d.Landmarker;
        var detector = landmarker.Detector;
        var perception = d.Perception;
        var tracker = perception.Tracker;
        var lk = tracker.LucasKanade;
        var window = c.Int("Tracking:WindowSize", lk.WindowWidth, nameof(lk.WindowWidth), nameof(lk.WindowHeight));
        return d with
        {
            ModelsDirectory = AppPaths.Under(c.String("Models:Directory", d.ModelsDirectory)!),
            QuantizedModels = c.Bool("Models:Quantized", d.QuantizedModels),
            Landmarker = landmarker with
            {
                BlazeFaceDirectory = AppPaths.Under(c.String("Models:BlazeFaceDirectory", landmarker.BlazeFaceDirectory)!),
                ShapePredictorPath = c.String("Models:ShapePredictor", landmarker.ShapePredictorPath, nameof(landmarker.ShapePredictorPath))!,
                CacheDirectory = c.String("Models:CacheDirectory", DefaultCacheDirectory(), nameof(landmarker.CacheDirectory)),
                DetectorModel = c.Parsed("Detection:Model", landmarker.DetectorModel, "'front' or 'back'", TryDetectorModel),
                Detector = detector with
                {
                    ScoreThreshold = c.Parsed("Detection:ScoreThreshold", detector.ScoreThreshold, "a number", TryScore),
                    IntraOpThreads = c.Int("Detection:Threads", detector.IntraOpThreads, nameof(detector.IntraOpThreads)),
                },
            },
            Perception = perception with
            {
                Tracking = c.Bool("Tracking:Enabled", perception.Tracking, nameof(perception.Tracking)),
                MinFaceSize = c.Int("Detection:MinFaceSize", perception.MinFaceSize),
                Redetect = perception.Redetect with
                {
                    KeyframeInterval = c.Int("Tracking:KeyframeInterval", perception.Redetect.KeyframeInterval),
                    MaxLostShare = c.Float("Tracking:MaxLostShare", perception.Redetect.MaxLostShare),
                },
                Tracker = tracker with
                {
                    MaxForwardBackwardError = c.Float("Tracking:MaxForwardBackwardErrorPx", tracker.MaxForwardBackwardError, nameof(tracker.MaxForwardBackwardError)),
                    TrackInRegion = c.Bool("Tracking:RegionPyramids", tracker.TrackInRegion, nameof(tracker.TrackInRegion)),
                    RegionMotion = c.Int("Tracking:RegionMotionPx", tracker.RegionMotion, nameof(tracker.RegionMotion)),
                    LucasKanade = lk with
                    {
                        WindowWidth = window,
                        WindowHeight = window,
                        MaxLevel = c.Int("Tracking:PyramidLevels", lk.MaxLevel, nameof(lk.MaxLevel)),
                        MaxIterations = c.Int("Tracking:MaxIterations", lk.MaxIterations),
                    },
                },
            },
            Emotion = d.Emotion with
            {
                Decision = d.Emotion.Decision with
                {
                    SmoothingSeconds = c.Double("Decision:SmoothingSeconds", d.Emotion.Decision.SmoothingSeconds),
                    SwitchMargin = c.Double("Decision:SwitchMargin", d.Emotion.Decision.SwitchMargin),
                },
                ExplanationsPerSecond = c.Double("Decision:ExplanationsPerSecond", d.Emotion.ExplanationsPerSecond),
            },
        };
    }

    private static DashboardOptions ReadDashboard(ConfigurationReader c, DashboardOptions d)
    {
        // 0 seconds turns the no-face alert off (null in the options).
        var noFace = c.Double("Dashboard:NoFaceAlertAfterSeconds", d.NoFaceAlertAfter?.TotalSeconds ?? 0, nameof(d.NoFaceAlertAfter));
        return d with
        {
            Enabled = c.Bool("Dashboard:Enabled", d.Enabled),
            Port = c.Int("Mqtt:HttpPort", d.Port, nameof(d.Port)),
            BrokerUser = c.String("Dashboard:BrokerUser", d.BrokerUser),
            BrokerPasswordFile = c.String("Dashboard:BrokerPasswordFile", d.BrokerPasswordFile),
            BrokerWebSocketUrl = c.Parsed("Dashboard:BrokerWebSocketUrl", d.BrokerWebSocketUrl, "an absolute ws:// or wss:// URL", TryWebSocketUrl, nameof(d.BrokerWebSocketUrl)),
            AlertEmotions = c.List("Dashboard:AlertEmotions", d.AlertEmotions),
            EmotionAlertAfter = c.Seconds("Dashboard:AlertAfterSeconds", d.EmotionAlertAfter, nameof(d.EmotionAlertAfter)),
            NoFaceAlertAfter = noFace == 0 ? null : TimeSpan.FromSeconds(noFace),
            StaleAfter = c.Seconds("Dashboard:StaleAfterSeconds", d.StaleAfter, nameof(d.StaleAfter)),
            SessionLifetime = c.Parsed(
                "Dashboard:SessionLifetime", d.SessionLifetime, "a duration as hours:minutes:seconds (08:00:00) or days.hours:minutes:seconds", TryDuration, nameof(d.SessionLifetime)),
        };
    }

    /// <summary>A duration in the invariant constant format: <c>08:00:00</c>, <c>00:30:00</c>, <c>7.00:00:00</c>.</summary>
    private static bool TryDuration(string text, out TimeSpan duration) =>
        TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out duration);

    /// <summary>
    /// <c>embedded</c> (null: the embedded broker), an external broker's <c>mqtts://[user@]host:port</c>, or
    /// <c>mqtt://host:port</c> in plain text when the host is this machine (a state never crosses the network unencrypted).
    /// </summary>
    private static bool TryBroker(string text, out Uri? broker)
    {
        broker = null;
        if (text == "embedded")
        {
            return true;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Port <= 0 || string.IsNullOrEmpty(uri.Host) || uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        var loopback = uri.IsLoopback;
        if (!(uri.Scheme == "mqtts" || (uri.Scheme is "mqtt" or "tcp" && loopback)))
        {
            return false;
        }

        broker = uri;
        return true;
    }

    /// <summary>
    /// The bridge's broker, as <see cref="TryBroker"/> takes an external one, or <c>none</c>/empty for no bridge
    /// (<c>embedded</c> makes no sense here).
    /// </summary>
    private static bool TryBridge(string text, out Uri? broker)
    {
        broker = null;
        if (text.Length == 0 || text == "none")
        {
            return true;
        }

        return text != "embedded" && TryBroker(text, out broker);
    }

    /// <summary>A broker's WebSocket URL (<c>wss://host:port/path</c>), or <c>null</c>/empty for none.</summary>
    private static bool TryWebSocketUrl(string text, out Uri? url)
    {
        url = null;
        if (text.Length == 0 || text == "null")
        {
            return true;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("ws" or "wss") || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>A port, or <c>null</c>/empty for none.</summary>
    private static bool TryOptionalPort(string text, out int? port)
    {
        port = null;
        if (text.Length == 0 || text == "null")
        {
            return true;
        }

        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
        port = value;
        return ok;
    }

    private static bool TryAddress(string text, out IPAddress address) => IPAddress.TryParse(text, out address!);

    /// <summary>The names of the BlazeFace models in the configuration and on the command line.</summary>
    public static bool TryDetectorModel(string text, out BlazeFaceModel model)
    {
        model = text == "back" ? BlazeFaceModel.Back256 : BlazeFaceModel.Front128;
        return text is "front" or "back";
    }

    private static bool TryScore(string text, out float? score)
    {
        var ok = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
        score = value;
        return ok;
    }

    /// <summary>The host name as one MQTT topic level.</summary>
    private static string DefaultDeviceId()
    {
        var name = Environment.MachineName.ToLowerInvariant();
        var chars = name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray();
        return chars.Length > 0 ? new string(chars) : "feredge";
    }

    /// <summary>
    /// Where derived model files are kept when <c>Models:CacheDirectory</c> is not set: <c>$XDG_CACHE_HOME/fer-edge</c>,
    /// else <c>~/.cache/fer-edge</c>; none without a home folder.
    /// </summary>
    private static string? DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "fer-edge");
        }

        return Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home
            ? Path.Combine(home, ".cache", "fer-edge")
            : null;
    }
}
