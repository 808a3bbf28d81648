using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace FerEdge.Dashboard;

/// <summary>
/// The page's files, embedded in this assembly under <c>wwwroot/</c> (mqtt.js included), read once into memory.
/// They are a few hundred kilobytes, so serving from memory costs little and needs no files beside the assembly.
/// Immutable after construction and safe to share between threads.
/// </summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
        [".webmanifest"] = "application/manifest+json",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<DashboardAssets> EmbeddedLazy = new(() => Load(typeof(DashboardAssets).Assembly));

    private readonly FrozenDictionary<string, DashboardAsset> _byName;

    private DashboardAssets(FrozenDictionary<string, DashboardAsset> byName)
    {
        _byName = byName;
    }

    /// <summary>The files embedded in this assembly.</summary>
    public static DashboardAssets Embedded => EmbeddedLazy.Value;

    /// <summary>The file names, e.g. <c>index.html</c>, <c>mqtt.min.js</c>.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>Finds a file by its name (one path segment, case-sensitive).</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DashboardAsset? asset) =>
        _byName.TryGetValue(name, out asset);

    private static DashboardAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[Prefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"embedded dashboard file '{resource}' cannot be read");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            assets[name] = new DashboardAsset(name, bytes, type, etag);
        }

        foreach (var required in (string[])["index.html", "app.js", "styles.css", "mqtt.min.js"])
        {
            if (!assets.ContainsKey(required))
            {
                throw new InvalidOperationException($"the dashboard assembly lacks its embedded file '{required}'; rebuild FerEdge.Dashboard after tools/setup.sh");
            }
        }

        return new DashboardAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
