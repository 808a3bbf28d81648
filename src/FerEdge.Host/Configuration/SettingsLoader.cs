using System.Globalization;
using FerEdge.Core.Options;
using FerEdge.Host.Commands;
using Microsoft.Extensions.Configuration;

namespace FerEdge.Host.Configuration;

/// <summary>
/// Builds <see cref="FerEdgeOptions"/> from, in rising precedence: the JSON file (config/fer-edge.json by default),
/// environment variables <c>FEREDGE__Section__Key</c>, and command-line overrides (<c>Section:Key</c> = value). Each
/// key is read once, here, into the options record that owns it, starting from that record's default; each record's
/// own <c>Validate</c> checks the result. Unknown keys, unconvertible values and out-of-range values raise
/// <see cref="SettingsException"/> naming the key.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Prefix of environment-variable overrides: <c>FEREDGE__Mqtt__Port</c> sets <c>Mqtt:Port</c>.</summary>
    public const string EnvironmentPrefix = "FEREDGE__";

    /// <summary>Loads and validates the settings.</summary>
    public static FerEdgeOptions Load(string? configFile, IReadOnlyDictionary<string, string?> overrides)
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
            var single = new ConfigurationReader(new ConfigurationRoot([provider]), Origin(provider, path));
            ConfigurationKeys.Read(single);
            single.CheckNoUnknownKeys();
        }

        var reader = new ConfigurationReader(configuration, "config");
        var options = ConfigurationKeys.Read(reader);
        Validate(options, reader);
        return options;
    }

    /// <summary>Runs the records' own checks; a failure is reported by the key its property was read from.</summary>
    private static void Validate(FerEdgeOptions options, ConfigurationReader reader)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            var key = reader.KeyOf(e.ParamName) ?? (e.ParamName == "deviceId" ? "DeviceId" : null);
            var rule = OptionRules.RuleOf(e);
            if (key is null)
            {
                throw new SettingsException($"config: {rule}", e);
            }

            if (e is not ArgumentOutOfRangeException range)
            {
                var separator = rule.StartsWith("must ", StringComparison.Ordinal) ? " " : ": ";
                throw new SettingsException($"config key '{key}'{separator}{rule}", e);
            }

            var value = reader.ValueOf(key) ?? Convert.ToString(range.ActualValue, CultureInfo.InvariantCulture);
            throw new SettingsException($"config key '{key}' {rule}, got '{value}'", e);
        }
    }

    private static string Origin(IConfigurationProvider provider, string path) => provider switch
    {
        Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider => "in " + path,
        Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "from an environment variable " + EnvironmentPrefix + "...",
        _ => "from the command line",
    };
}
