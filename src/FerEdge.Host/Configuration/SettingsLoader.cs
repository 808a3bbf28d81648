using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using FerEdge.Core.Emotions;
using FerEdge.Host.Commands;
using Microsoft.Extensions.Configuration;

namespace FerEdge.Host.Configuration;

/// <summary>
/// Builds <see cref="FerEdgeSettings"/> from, in rising precedence: the JSON file (config/fer-edge.json by default),
/// environment variables <c>FEREDGE__Section__Key</c>, and command-line overrides (<c>Section:Key</c> = value). Unknown
/// keys, unconvertible values and out-of-range values raise <see cref="SettingsException"/> naming the key.
/// </summary>
public static partial class SettingsLoader
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

        // Each source on its own first: a bad value in the file is an error even when an option overrides it.
        foreach (var provider in configuration.Providers)
        {
            var origin = Origin(provider, path);
            var single = new ConfigurationRoot([provider]);
            CheckKeys(single.GetChildren(), typeof(FerEdgeSettings), origin);
            Bind(single, new FerEdgeSettings(), origin);
        }

        var settings = new FerEdgeSettings();
        Bind(configuration, settings, "config");

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
        Range("MaxImagePixels", s.MaxImagePixels, 1, 1L << 40);
        Check("JsonLines:FlushIntervalSeconds", s.JsonLines.FlushIntervalSeconds >= 0.01 && s.JsonLines.FlushIntervalSeconds <= 1, "must be in [0.01, 1]", s.JsonLines.FlushIntervalSeconds);
        Range("JsonLines:RotateBytes", s.JsonLines.RotateBytes, 0, long.MaxValue);
        Range("JsonLines:Keep", s.JsonLines.Keep, 1, 1000);
        Check("Health:ReadyWithinSeconds", s.Health.ReadyWithinSeconds >= 0.5 && s.Health.ReadyWithinSeconds <= 3600, "must be in [0.5, 3600]", s.Health.ReadyWithinSeconds);
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
        Check("Decision:SmoothingSeconds", s.Decision.SmoothingSeconds >= 0 && s.Decision.SmoothingSeconds <= 10, "must be in [0, 10]", s.Decision.SmoothingSeconds);
        Check("Decision:SwitchMargin", s.Decision.SwitchMargin >= 0 && s.Decision.SwitchMargin < 1, "must be in [0, 1)", s.Decision.SwitchMargin);
        Check("Decision:ExplanationsPerSecond", s.Decision.ExplanationsPerSecond >= 0 && s.Decision.ExplanationsPerSecond <= 100, "must be in [0, 100]", s.Decision.ExplanationsPerSecond);
        Check("Mqtt:Broker", s.Mqtt.Broker == "embedded" || TryBrokerUri(s.Mqtt.Broker, out _), "must be 'embedded' or mqtt://host:port", s.Mqtt.Broker);
        Range("Mqtt:Port", s.Mqtt.Port, 0, 65535);
        Range("Mqtt:WebSocketPort", s.Mqtt.WebSocketPort, 0, 65535);
        Range("Mqtt:HttpPort", s.Mqtt.HttpPort, 0, 65535);
        Check("Mqtt:BindAddress", System.Net.IPAddress.TryParse(s.Mqtt.BindAddress, out _), "must be an IP address", s.Mqtt.BindAddress);
        Check("Mqtt:EmotionPerSecond", s.Mqtt.EmotionPerSecond > 0 && s.Mqtt.EmotionPerSecond <= 1000, "must be in (0, 1000]", s.Mqtt.EmotionPerSecond);
        Range("Mqtt:OutboxCapacity", s.Mqtt.OutboxCapacity, 1, 1_000_000);
        Check("Mqtt:ConnectTimeoutSeconds", s.Mqtt.ConnectTimeoutSeconds >= 0.1 && s.Mqtt.ConnectTimeoutSeconds <= 3600, "must be in [0.1, 3600]", s.Mqtt.ConnectTimeoutSeconds);
        Range("Mqtt:MaxPacketBytes", s.Mqtt.MaxPacketBytes, 128, Messaging.EmbeddedBrokerOptions.MaxMqttPacketBytes);
        Range("Mqtt:MaxRetainedMessages", s.Mqtt.MaxRetainedMessages, 0, 10_000_000);
        Range("Mqtt:MaxRetainedBytes", s.Mqtt.MaxRetainedBytes, 0, long.MaxValue);
        Range("Mqtt:MaxConnectionsPerAddress", s.Mqtt.MaxConnectionsPerAddress, 1, 100_000);
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
                Core.Contract.MqttTopics.ValidateDeviceId(s.DeviceId);
            }
            catch (ArgumentException e)
            {
                throw new SettingsException($"config key 'DeviceId': {e.Message}", e);
            }
        }
    }

    private static void Bind(IConfiguration configuration, FerEdgeSettings settings, string origin)
    {
        try
        {
            configuration.Bind(settings, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            var match = ConversionPattern().Match(e.Message);
            if (!match.Success)
            {
                throw new SettingsException($"config ({origin}): {e.Message}", e);
            }

            var expected = match.Groups[3].Value switch
            {
                "System.Boolean" => "true or false",
                "System.Int32" or "System.Int64" => "a whole number",
                "System.Single" or "System.Double" => "a number",
                var type => "a " + type,
            };
            throw new SettingsException($"config key '{match.Groups[2].Value}' must be {expected}, got '{match.Groups[1].Value}' ({origin})", e);
        }
    }

    /// <summary>Throws naming the first key that <paramref name="type"/> has no property for, with the keys it has.</summary>
    private static void CheckKeys(IEnumerable<IConfigurationSection> sections, Type type, string origin)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var section in sections)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var parent = section.Path.Contains(':', StringComparison.Ordinal) ? section.Path[..section.Path.LastIndexOf(':')] + " has" : "the top level has";
                throw new SettingsException(
                    $"config key '{section.Path}' is unknown ({origin}); {parent} {string.Join(", ", properties.Select(p => p.Name))}");
            }

            if (property.PropertyType.IsClass && property.PropertyType.Namespace == typeof(FerEdgeSettings).Namespace)
            {
                CheckKeys(section.GetChildren(), property.PropertyType, origin);
            }
        }
    }

    private static string Origin(IConfigurationProvider provider, string path) => provider switch
    {
        Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider => "in " + path,
        Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "from an environment variable " + EnvironmentPrefix + "...",
        _ => "from the command line",
    };

    [GeneratedRegex(@"Failed to convert configuration value '(.*)' at '([^']+)' to type '([^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionPattern();

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
