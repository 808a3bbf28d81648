using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FerEdge.Host.Configuration;

/// <summary>
/// Reads typed values from one configuration (one source, or all of them layered) by <c>Section:Key</c> path. A value
/// that does not convert raises <see cref="SettingsException"/> naming the key, the value and where it came from; an
/// absent or null value gives the caller's default (the options record's own). Every key read is remembered, so keys
/// nobody reads are reported as unknown (<see cref="CheckNoUnknownKeys"/>) and an options property can be traced back
/// to the key it was read from (<see cref="KeyOf"/>).
/// </summary>
internal sealed class ConfigurationReader(IConfiguration configuration, string origin)
{
    /// <summary>Converts a configured text; false when it does not convert.</summary>
    public delegate bool Parser<T>(string text, out T value);

    private readonly List<string> _paths = [];
    private readonly Dictionary<string, string> _keyOfProperty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lists = new(StringComparer.OrdinalIgnoreCase);

    public bool Bool(string path, bool fallback, params string[] properties) =>
        Read(path, fallback, "true or false", bool.TryParse, properties);

    public int Int(string path, int fallback, params string[] properties) =>
        Read(path, fallback, "a whole number", (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), properties);

    public long Long(string path, long fallback, params string[] properties) =>
        Read(path, fallback, "a whole number", (string s, out long v) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), properties);

    public double Double(string path, double fallback, params string[] properties) =>
        Read(path, fallback, "a number", (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v), properties);

    public float Float(string path, float fallback, params string[] properties) =>
        Read(path, fallback, "a number", (string s, out float v) => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v), properties);

    /// <summary>A number of seconds as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Seconds(string path, TimeSpan fallback, params string[] properties) =>
        TimeSpan.FromSeconds(Double(path, fallback.TotalSeconds, properties));

    public string? String(string path, string? fallback, params string[] properties) =>
        Read(path, fallback, "a text", (string s, out string? v) => (v = s) is not null, properties);

    /// <summary>A value that converts by <paramref name="parse"/>; <paramref name="expected"/> says what it must be.</summary>
    public T Parsed<T>(string path, T fallback, string expected, Parser<T> parse, params string[] properties) =>
        Read(path, fallback, expected, parse, properties);

    /// <summary>A list (JSON array; <c>Section:Key:0</c>, <c>:1</c>, ... in other sources), replacing the default.</summary>
    public IReadOnlyList<string> List(string path, IReadOnlyList<string> fallback, params string[] properties)
    {
        Remember(path, properties);
        _lists.Add(path);
        var items = configuration.GetSection(path).GetChildren()
            .Where(c => !string.IsNullOrEmpty(c.Value))
            .OrderBy(c => int.TryParse(c.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(c => c.Value!)
            .ToList();
        return items.Count > 0 ? items : fallback;
    }

    /// <summary>The key an options property was read from, or null.</summary>
    public string? KeyOf(string? property) =>
        property is not null && _keyOfProperty.TryGetValue(property, out var key) ? key : null;

    /// <summary>The configured text of a key, or null.</summary>
    public string? ValueOf(string path) => configuration[path];

    /// <summary>Throws naming the first key present in the configuration that no read asked for, with the keys its level has.</summary>
    public void CheckNoUnknownKeys() => CheckLevel(configuration.GetChildren(), string.Empty);

    private void CheckLevel(IEnumerable<IConfigurationSection> sections, string parent)
    {
        var prefix = parent.Length == 0 ? string.Empty : parent + ":";
        var known = _paths
            .Where(p => p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(p => p[prefix.Length..].Split(':')[0])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var section in sections)
        {
            if (!known.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                var level = parent.Length == 0 ? "the top level has" : parent + " has";
                throw new SettingsException($"config key '{section.Path}' is unknown ({origin}); {level} {string.Join(", ", known)}");
            }

            var path = prefix + section.Key;
            var isValue = _paths.Contains(path, StringComparer.OrdinalIgnoreCase);
            if (!isValue)
            {
                CheckLevel(section.GetChildren(), path);
            }
            else if (!_lists.Contains(path) && section.GetChildren().FirstOrDefault() is { } child)
            {
                throw new SettingsException($"config key '{child.Path}' is unknown ({origin}); '{path}' is a single value");
            }
        }
    }

    private T Read<T>(string path, T fallback, string expected, Parser<T> parse, string[] properties)
    {
        Remember(path, properties);
        var text = configuration[path];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!parse(text.Trim(), out var value))
        {
            throw new SettingsException($"config key '{path}' must be {expected}, got '{Shown(text)}' ({origin})");
        }

        return value;
    }

    // A broker URI given with a password (which no key accepts) is refused without repeating the password.
    private static string Shown(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? text.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : text;

    private void Remember(string path, string[] properties)
    {
        _paths.Add(path);
        foreach (var property in properties.Length > 0 ? properties : [path.Split(':')[^1]])
        {
            _keyOfProperty[property] = path;
        }
    }
}
