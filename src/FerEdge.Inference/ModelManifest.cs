using System.Security.Cryptography;
using System.Text.Json;
using FerEdge.Core.Emotions;

namespace FerEdge.Inference;

/// <summary>
/// The parsed and validated <c>manifest.json</c> of a model folder (schema 2, written by <c>fer-train train</c>):
/// the reference face and one <see cref="ManifestClassifier"/> per classified emotion, in
/// <see cref="EmotionLabels.Classified"/> order. Every problem throws <see cref="InvalidDataException"/> naming the
/// file and the key. Immutable.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The manifest's file name inside a model folder.</summary>
    public const string FileName = "manifest.json";

    private ModelManifest(string folder, float[] reference, ManifestClassifier[] classifiers)
    {
        Folder = folder;
        Reference = reference;
        Classifiers = classifiers;
    }

    /// <summary>The model folder (absolute).</summary>
    public string Folder { get; }

    /// <summary>The canonical 68-point reference face (136 values) features are aligned to.</summary>
    public IReadOnlyList<float> Reference { get; }

    /// <summary>One classifier per classified emotion, in <see cref="EmotionLabels.Classified"/> order.</summary>
    public IReadOnlyList<ManifestClassifier> Classifiers { get; }

    /// <summary>Reads and validates <c>manifest.json</c> in <paramref name="folder"/>; with <paramref name="verifyHashes"/> also each file's sha256.</summary>
    public static ModelManifest Load(string folder, bool verifyHashes = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = Path.GetFullPath(folder);
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model manifest '{path}' does not exist (run fer-train train)", path);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"model manifest '{path}' is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            var top = doc.RootElement;
            if (top.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "(root)", "must be a JSON object");
            }

            if (!top.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Number || schema.GetInt32() != 2)
            {
                throw Bad(path, "schema", "must be 2");
            }

            var reference = Floats(path, top, "reference_shape", 136);
            var list = Property(path, top, "classifiers", JsonValueKind.Array);
            var byEmotion = new ManifestClassifier?[EmotionLabels.Count];
            var n = 0;
            foreach (var c in list.EnumerateArray())
            {
                var key = $"classifiers[{n++}]";
                var label = Property(path, c, "emotion", JsonValueKind.String, key).GetString();
                if (!EmotionLabels.TryParse(label, out var emotion) || emotion == Emotion.Neutral)
                {
                    throw Bad(path, key + ".emotion", $"'{label}' is not a classified emotion");
                }

                if (byEmotion[(int)emotion] is not null)
                {
                    throw Bad(path, key + ".emotion", $"'{label}' appears twice");
                }

                byEmotion[(int)emotion] = ParseClassifier(path, root, key, c, emotion, verifyHashes);
            }

            var classified = EmotionLabels.Classified;
            var ordered = new ManifestClassifier[classified.Length];
            for (var k = 0; k < classified.Length; k++)
            {
                ordered[k] = byEmotion[(int)classified[k]] ?? throw Bad(path, "classifiers", $"no classifier for {classified[k].ToLabel()}");
            }

            return new ModelManifest(root, reference, ordered);
        }
    }

    private static ManifestClassifier ParseClassifier(string path, string root, string key, JsonElement c, Emotion emotion, bool verify)
    {
        var landmarks = Landmarks(path, c, "landmarks", key);

        // Absent: the classifier aligns on its own subset (the first schema-2 manifests).
        var alignment = c.TryGetProperty("alignment_landmarks", out _) ? Landmarks(path, c, "alignment_landmarks", key) : landmarks;
        var frames = Property(path, c, "frames", JsonValueKind.Number, key).GetInt32();
        if (frames != 1)
        {
            throw Bad(path, key + ".frames", $"is {frames}; this runtime scores single frames only");
        }

        var threshold = Property(path, c, "threshold", JsonValueKind.Number, key).GetDouble();
        if (!(threshold > 0 && threshold < 1))
        {
            throw Bad(path, key + ".threshold", $"{threshold} is outside (0, 1)");
        }

        var baseline = Floats(path, c, "baseline", 2 * landmarks.Length, key);
        var files = Property(path, c, "files", JsonValueKind.Object, key);
        return new ManifestClassifier(emotion, landmarks, alignment, (float)threshold, baseline,
            FileEntry(path, root, files, key + ".files", "int8", verify),
            FileEntry(path, root, files, key + ".files", "fp32", verify),
            FileEntry(path, root, files, key + ".files", "gradient", verify));
    }

    private static int[] Landmarks(string path, JsonElement c, string name, string key)
    {
        var element = Property(path, c, name, JsonValueKind.Array, key);
        var landmarks = new int[element.GetArrayLength()];
        Span<bool> seen = stackalloc bool[68];
        var i = 0;
        foreach (var v in element.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var index) || (uint)index >= 68)
            {
                throw Bad(path, $"{key}.{name}[{i}]", "must be a landmark index in [0, 68)");
            }

            if (seen[index])
            {
                throw Bad(path, $"{key}.{name}[{i}]", $"repeats landmark {index}");
            }

            seen[index] = true;
            landmarks[i++] = index;
        }

        if (landmarks.Length < 2)
        {
            throw Bad(path, $"{key}.{name}", "needs at least two landmarks");
        }

        return landmarks;
    }

    private static string FileEntry(string path, string root, JsonElement files, string key, string name, bool verify)
    {
        var entry = Property(path, files, name, JsonValueKind.Object, key);
        var relative = Property(path, entry, "path", JsonValueKind.String, $"{key}.{name}").GetString()!;
        var sha = Property(path, entry, "sha256", JsonValueKind.String, $"{key}.{name}").GetString()!;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!System.IO.File.Exists(full))
        {
            throw new FileNotFoundException($"model manifest '{path}': {key}.{name} names '{full}', which does not exist", full);
        }

        if (verify)
        {
            using var stream = System.IO.File.OpenRead(full);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(actual, sha, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"model file '{full}' has sha256 {actual}, but '{path}' ({key}.{name}.sha256) expects {sha}");
            }
        }

        return full;
    }

    private static float[] Floats(string path, JsonElement parent, string name, int length, string? key = null)
    {
        var array = Property(path, parent, name, JsonValueKind.Array, key);
        var full = key is null ? name : $"{key}.{name}";
        if (array.GetArrayLength() != length)
        {
            throw Bad(path, full, $"has {array.GetArrayLength()} values, expected {length}");
        }

        var values = new float[length];
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !float.IsFinite(values[i] = v.GetSingle()))
            {
                throw Bad(path, $"{full}[{i}]", "must be a finite number");
            }

            i++;
        }

        return values;
    }

    private static JsonElement Property(string path, JsonElement parent, string name, JsonValueKind kind, string? key = null)
    {
        var full = key is null ? name : $"{key}.{name}";
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            throw Bad(path, full, "is missing");
        }

        return value.ValueKind == kind ? value : throw Bad(path, full, $"must be a JSON {kind.ToString().ToLowerInvariant()}, got {value.ValueKind.ToString().ToLowerInvariant()}");
    }

    private static InvalidDataException Bad(string path, string key, string problem) => new($"model manifest '{path}': key '{key}' {problem}");
}
