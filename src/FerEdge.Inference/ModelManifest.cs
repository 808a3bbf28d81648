using System.Security.Cryptography;
using System.Text.Json;
using FerEdge.Core.Emotions;
using FerEdge.Core.Features;

namespace FerEdge.Inference;

/// <summary>
/// The parsed and validated <c>manifest.json</c> of a model folder (schema 3, written by <c>fer-train train</c>; schema 2, positions only and thresholded scores, still reads):
/// the reference face and one <see cref="ManifestClassifier"/> per classified emotion, in
/// <see cref="EmotionLabels.Classified"/> order. Every problem throws <see cref="InvalidDataException"/> naming the
/// file and the key. Immutable.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The manifest's file name inside a model folder.</summary>
    public const string FileName = "manifest.json";

    private ModelManifest(string folder, int schema, float[] reference, AppearanceOptions? appearance, int[] appearanceAlignment, ManifestClassifier[] classifiers)
    {
        Folder = folder;
        Schema = schema;
        Reference = reference;
        Appearance = appearance;
        AppearanceAlignment = appearanceAlignment;
        Classifiers = classifiers;
    }

    /// <summary>The manifest's schema: 2 (landmark positions) or 3 (positions and, optionally, appearance; calibrated scores).</summary>
    public int Schema { get; }

    /// <summary>The appearance descriptor every classifier reads after the positions, or null for positions only.</summary>
    public AppearanceOptions? Appearance { get; }

    /// <summary>The landmarks the appearance frame is fitted on (empty without appearance).</summary>
    public IReadOnlyList<int> AppearanceAlignment { get; }

    /// <summary>
    /// True when scores are calibrated probabilities (schema 3): the decided label is the largest of the seven and
    /// neutral (<see cref="EmotionDecision.DecideCalibrated"/>); schema 2 scores are decided against thresholds.
    /// </summary>
    public bool Calibrated => Schema >= 3;

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

            if (!top.TryGetProperty("schema", out var schemaValue) || schemaValue.ValueKind != JsonValueKind.Number || !schemaValue.TryGetInt32(out var schema) || schema is not (2 or 3))
            {
                throw Bad(path, "schema", "must be 2 or 3");
            }

            var reference = Floats(path, top, "reference_shape", 136);
            AppearanceOptions? appearance = null;
            int[] appearanceAlignment = [];
            if (schema == 3)
            {
                if (!top.TryGetProperty("appearance", out var a))
                {
                    throw Bad(path, "appearance", "is missing (an object, or null for positions only)");
                }

                if (a.ValueKind != JsonValueKind.Null)
                {
                    (appearance, appearanceAlignment) = ParseAppearance(path, a);
                }
            }
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

                byEmotion[(int)emotion] = ParseClassifier(path, root, key, c, emotion, appearance?.DescriptorLength ?? 0, verifyHashes);
            }

            var classified = EmotionLabels.Classified;
            var ordered = new ManifestClassifier[classified.Length];
            for (var k = 0; k < classified.Length; k++)
            {
                ordered[k] = byEmotion[(int)classified[k]] ?? throw Bad(path, "classifiers", $"no classifier for {classified[k].ToLabel()}");
            }

            return new ModelManifest(root, schema, reference, appearance, appearanceAlignment, ordered);
        }
    }

    private static (AppearanceOptions, int[]) ParseAppearance(string path, JsonElement a)
    {
        if (a.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "appearance", "must be a JSON object or null");
        }

        var descriptor = Property(path, a, "descriptor", JsonValueKind.String, "appearance").GetString();
        if (descriptor != "hog")
        {
            throw Bad(path, "appearance.descriptor", $"is '{descriptor}'; this runtime computes 'hog' only");
        }

        int Int(string name) => Property(path, a, name, JsonValueKind.Number, "appearance").TryGetInt32(out var v) ? v : throw Bad(path, "appearance." + name, "must be an integer");
        var options = new AppearanceOptions
        {
            CellSize = Int("cell_size"),
            Cells = Int("cells"),
            Bins = Int("bins"),
            InterocularPixels = Property(path, a, "interocular_pixels", JsonValueKind.Number, "appearance").GetSingle(),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw Bad(path, "appearance", e.Message);
        }

        return (options, Landmarks(path, a, "alignment_landmarks", "appearance"));
    }

    private static ManifestClassifier ParseClassifier(string path, string root, string key, JsonElement c, Emotion emotion, int descriptorLength, bool verify)
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

        var baseline = Floats(path, c, "baseline", (2 + descriptorLength) * landmarks.Length, key);
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
