using System.Globalization;
using FerEdge.Core.Emotions;
using FerEdge.Host.Commands;
using Microsoft.Extensions.Configuration;

namespace FerEdge.Host.Configuration;

/// <summary>
/// Builds <see cref="FerEdgeSettings"/> from, in rising precedence: the JSON file (config/fer-edge.json by default),
/// environment variables <c>FEREDGE__Section__Key</c>, and command-line overrides (<c>Section:Key</c> = value). Unknown
/// keys, unconvertible values and out-of-range values raise <see cref="SettingsException"/> naming the key.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Prefix of environment-variable overrides.</summary>
    public const string EnvironmentPrefix = "FEREDGE__";

    /// <summary>Loads and validates the settings.</summary>
    public static FerEdgeSettings Load(string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var path = configFile ?? AppPaths.Under("config", "fer-edge.json");
        if (configFile is not null && !File.Exists(configFile))
        {
            throw new SettingsException($"config file not found: {configFile}");
        }

        var builder = new ConfigurationBuilder();
        if (File.Exists(path))
        {
            builder.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(overrides);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            throw new SettingsException($"config file {path} is not valid JSON: {e.Message}", e);
        }

        var settings = new FerEdgeSettings();
        try
        {
            configuration.Bind(settings, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"config: {e.Message}", e);
        }

        // A list in JSON replaces the default instead of adding to it.
        if (settings.Dashboard.AlertEmotions.Count == 0 && configuration.GetSection("Dashboard:AlertEmotions").GetChildren().Any() is false)
        {
            settings.Dashboard.AlertEmotions = ["sadness", "anger", "fear"];
        }

        Validate(settings);
        return settings;
    }

    /// <summary>Throws <see cref="SettingsException"/> naming the first invalid key.</summary>
    public static void Validate(FerEdgeSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Range("MaxFrames", s.MaxFrames, 0, long.MaxValue);
        Range("FramePoolSize", s.FramePoolSize, 2, 64);
        Check("Detection:Model", s.Detection.Model is "front" or "back", "must be 'front' or 'back'", s.Detection.Model);
        if (s.Detection.ScoreThreshold is { } t)
        {
            Check("Detection:ScoreThreshold", t > 0 && t < 1, "must be in (0, 1)", t);
        }

        Range("Detection:MinFaceSize", s.Detection.MinFaceSize, 0, 4096);
        Range("Detection:Threads", s.Detection.Threads, 1, 16);
        Range("Tracking:KeyframeInterval", s.Tracking.KeyframeInterval, 1, 1000);
        Check("Tracking:MaxForwardBackwardErrorPx", s.Tracking.MaxForwardBackwardErrorPx > 0 && s.Tracking.MaxForwardBackwardErrorPx <= 100, "must be in (0, 100]", s.Tracking.MaxForwardBackwardErrorPx);
        Check("Tracking:MaxLostShare", s.Tracking.MaxLostShare > 0 && s.Tracking.MaxLostShare <= 1, "must be in (0, 1]", s.Tracking.MaxLostShare);
        Range("Tracking:WindowSize", s.Tracking.WindowSize, 5, 31);
        Range("Tracking:PyramidLevels", s.Tracking.PyramidLevels, 0, 5);
        Range("Tracking:MaxIterations", s.Tracking.MaxIterations, 1, 100);
        Range("Tracking:RegionMotionPx", s.Tracking.RegionMotionPx, 1, 4096);
        Check("Decision:Smoothing", s.Decision.Smoothing > 0 && s.Decision.Smoothing <= 1, "must be in (0, 1]", s.Decision.Smoothing);
        Check("Decision:OnLevel", s.Decision.OnLevel > 0 && s.Decision.OnLevel < 1, "must be in (0, 1)", s.Decision.OnLevel);
        Check("Decision:OffLevel", s.Decision.OffLevel > 0 && s.Decision.OffLevel <= s.Decision.OnLevel, "must be in (0, Decision:OnLevel]", s.Decision.OffLevel);
        Check("Decision:SwitchMargin", s.Decision.SwitchMargin >= 0 && s.Decision.SwitchMargin < 1, "must be in [0, 1)", s.Decision.SwitchMargin);
        Check("Decision:ExplanationsPerSecond", s.Decision.ExplanationsPerSecond >= 0 && s.Decision.ExplanationsPerSecond <= 100, "must be in [0, 100]", s.Decision.ExplanationsPerSecond);
        Check("Mqtt:Broker", s.Mqtt.Broker == "embedded" || TryBrokerUri(s.Mqtt.Broker, out _), "must be 'embedded' or mqtt://host:port", s.Mqtt.Broker);
        Range("Mqtt:Port", s.Mqtt.Port, 0, 65535);
        Range("Mqtt:WebSocketPort", s.Mqtt.WebSocketPort, 0, 65535);
        Range("Mqtt:HttpPort", s.Mqtt.HttpPort, 0, 65535);
        Check("Mqtt:BindAddress", System.Net.IPAddress.TryParse(s.Mqtt.BindAddress, out _), "must be an IP address", s.Mqtt.BindAddress);
        Check("Mqtt:EmotionPerSecond", s.Mqtt.EmotionPerSecond > 0 && s.Mqtt.EmotionPerSecond <= 1000, "must be in (0, 1000]", s.Mqtt.EmotionPerSecond);
        Range("Mqtt:OutboxCapacity", s.Mqtt.OutboxCapacity, 1, 1_000_000);
        Check("Mqtt:MetricsIntervalSeconds", s.Mqtt.MetricsIntervalSeconds >= 0.1 && s.Mqtt.MetricsIntervalSeconds <= 3600, "must be in [0.1, 3600]", s.Mqtt.MetricsIntervalSeconds);
        foreach (var label in s.Dashboard.AlertEmotions)
        {
            Check("Dashboard:AlertEmotions", EmotionLabels.TryParse(label, out _), "must list emotion labels (anger, contempt, disgust, fear, happy, neutral, sadness, surprise)", label);
        }

        Check("Dashboard:AlertAfterSeconds", s.Dashboard.AlertAfterSeconds > 0, "must be > 0", s.Dashboard.AlertAfterSeconds);
        Check("Dashboard:NoFaceAlertAfterSeconds", s.Dashboard.NoFaceAlertAfterSeconds >= 0, "must be >= 0 (0 disables it)", s.Dashboard.NoFaceAlertAfterSeconds);
        Check("Dashboard:StaleAfterSeconds", s.Dashboard.StaleAfterSeconds > 0, "must be > 0", s.Dashboard.StaleAfterSeconds);
        if (!string.IsNullOrEmpty(s.DeviceId))
        {
            try
            {
                FerEdge.Messaging.MqttTopics.ValidateDeviceId(s.DeviceId);
            }
            catch (ArgumentException e)
            {
                throw new SettingsException($"config key 'DeviceId': {e.Message}", e);
            }
        }
    }

    /// <summary>Parses <c>mqtt://host:port</c>.</summary>
    public static bool TryBrokerUri(string? text, out Uri uri)
    {
        uri = null!;
        return Uri.TryCreate(text, UriKind.Absolute, out var u) && u.Scheme is "mqtt" or "tcp" && u.Port > 0 && !string.IsNullOrEmpty(u.Host) && (uri = u) is not null;
    }

    private static void Range(string key, long value, long min, long max) =>
        Check(key, value >= min && value <= max, $"must be from {min} to {max}", value);

    private static void Check(string key, bool ok, string rule, object? value)
    {
        if (!ok)
        {
            throw new SettingsException($"config key '{key}' {rule}, got '{Convert.ToString(value, CultureInfo.InvariantCulture)}'");
        }
    }
}
