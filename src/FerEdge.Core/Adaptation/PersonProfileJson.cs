using System.Buffers;
using System.Text.Json;
using FerEdge.Core.Emotions;

namespace FerEdge.Core.Adaptation;

/// <summary>
/// A <see cref="PersonProfile"/> as UTF-8 JSON, schema <see cref="Schema"/>:
/// <c>{"schema":1,"person":"anna","models":"sha256:..","neutral":null|{"frames":N,"appearance":true,"mean":[..],"shape":[136]?},
/// "readout":{"prior":2,"folded":null|CORRECTION,"corrections":[CORRECTION,..]}}</c> with CORRECTION
/// <c>{"label":"happy","count":1,"moments":[64 numbers],"targets":[56 numbers]}</c>. Reading is strict: an unknown or
/// missing field, a wrong type or length, or a value that is not a finite number throws
/// <see cref="InvalidDataException"/> naming it.
/// </summary>
/// <remarks>Thread-safe (no shared state).</remarks>
public static class PersonProfileJson
{
    /// <summary>The <c>schema</c> this code writes and reads.</summary>
    public const int Schema = 1;

    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8, AllowDuplicateProperties = false };

    /// <summary>The profile as UTF-8 JSON.</summary>
    public static byte[] Write(PersonProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", Schema);
            w.WriteString("person", profile.Person);
            w.WriteString("models", profile.Models);
            if (profile.Calibrated)
            {
                w.WriteStartObject("neutral");
                w.WriteNumber("frames", profile.Neutral.Frames);
                w.WriteBoolean("appearance", profile.Neutral.ShiftsAppearance);
                w.WriteStartArray("mean");
                foreach (var v in profile.Neutral.Mean())
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
                if (profile.NeutralShape.Length > 0)
                {
                    w.WriteStartArray("shape");
                    foreach (var v in profile.NeutralShape)
                    {
                        w.WriteNumberValue(v);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("neutral");
            }

            var readout = profile.Readout;
            w.WriteStartObject("readout");
            w.WriteNumber("prior", readout.Prior);
            if (readout.Folded is { } folded)
            {
                w.WritePropertyName("folded");
                WriteCorrection(w, folded);
            }
            else
            {
                w.WriteNull("folded");
            }

            w.WriteStartArray("corrections");
            foreach (var c in readout.Corrections)
            {
                WriteCorrection(w, c);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a profile for classifiers whose neutral baseline is <paramref name="baseline"/> (see <see cref="NeutralFace"/>).
    /// The caller compares <see cref="PersonProfile.Models"/> with the loaded models'.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a profile of this schema; the message names the problem.</exception>
    public static PersonProfile Read(ReadOnlyMemory<byte> utf8, ReadOnlySpan<float> baseline, ReadOnlySpan<bool> isPosition)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"profile is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            Only(root, "profile", "schema", "person", "models", "neutral", "readout");
            var schema = Int(root, "schema", "profile");
            if (schema != Schema)
            {
                throw new InvalidDataException($"profile schema {schema} is not supported (this version reads {Schema})");
            }

            var person = String(root, "person", "profile");
            if (!PersonId.TryNormalize(person, out var id, out var error))
            {
                throw new InvalidDataException($"profile: {error}");
            }

            var models = String(root, "models", "profile");
            if (models.Length == 0)
            {
                throw new InvalidDataException("profile: 'models' is empty");
            }

            var neutral = new NeutralFace(baseline, isPosition);
            double[] shape = [];
            var n = Field(root, "neutral", "profile");
            if (n.ValueKind != JsonValueKind.Null)
            {
                Only(n, "neutral", "frames", "appearance", "mean", "shape");
                var frames = Int(n, "frames", "neutral");
                var mean = Numbers(Field(n, "mean", "neutral"), "neutral.mean");
                if (mean.Length != neutral.Length)
                {
                    throw new InvalidDataException($"neutral.mean has {mean.Length} values, these models read {neutral.Length}");
                }

                if (frames < 1)
                {
                    throw new InvalidDataException($"neutral.frames is {frames}, a calibration has at least one frame");
                }

                neutral.Restore([.. mean.Select(v => (float)v)], frames);
                neutral.UseAppearance(Bool(n, "appearance", "neutral"));
                if (n.TryGetProperty("shape", out var shapeValue))
                {
                    shape = Numbers(shapeValue, "neutral.shape");
                    if (shape.Length != 136)
                    {
                        throw new InvalidDataException($"neutral.shape has {shape.Length} values, a 68-point shape has 136");
                    }
                }
            }

            var r = Field(root, "readout", "profile");
            Only(r, "readout", "prior", "folded", "corrections");
            var prior = Number(Field(r, "prior", "readout"), "readout.prior");
            if (!(prior > 0))
            {
                throw new InvalidDataException($"readout.prior is {prior}, it must be positive");
            }

            var readout = new PersonalReadout(prior);
            var folded = Field(r, "folded", "readout");
            if (folded.ValueKind != JsonValueKind.Null)
            {
                readout.RestoreFolded(Correction(folded, "readout.folded"));
            }

            var list = Field(r, "corrections", "readout");
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("readout.corrections is not an array");
            }

            if (list.GetArrayLength() > PersonalReadout.MaxCorrections)
            {
                throw new InvalidDataException($"readout.corrections holds {list.GetArrayLength()}, at most {PersonalReadout.MaxCorrections}");
            }

            var i = 0;
            foreach (var c in list.EnumerateArray())
            {
                readout.Add(Correction(c, $"readout.corrections[{i++}]"));
            }

            var profile = new PersonProfile(id, models, neutral, readout);
            profile.SetNeutralShape([.. shape.Select(v => (float)v)]);
            return profile;
        }
    }

    private static void WriteCorrection(Utf8JsonWriter w, ReadoutCorrection c)
    {
        w.WriteStartObject();
        w.WriteString("label", c.Label.ToLabel());
        w.WriteNumber("count", c.Count);
        w.WriteStartArray("moments");
        foreach (var v in c.Moments)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
        w.WriteStartArray("targets");
        foreach (var v in c.Targets)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static ReadoutCorrection Correction(JsonElement e, string where)
    {
        Only(e, where, "label", "count", "moments", "targets");
        var label = String(e, "label", where);
        if (!EmotionLabels.TryParse(label, out var emotion))
        {
            throw new InvalidDataException($"{where}.label '{label}' is not an emotion");
        }

        var correction = new ReadoutCorrection(emotion, Int(e, "count", where), Numbers(Field(e, "moments", where), where + ".moments"), Numbers(Field(e, "targets", where), where + ".targets"));
        try
        {
            correction.Validate();
        }
        catch (ArgumentException x)
        {
            throw new InvalidDataException($"{where}: {x.Message}", x);
        }

        return correction;
    }

    private static void Only(JsonElement e, string where, params ReadOnlySpan<string> names)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where} is not a JSON object");
        }

        foreach (var p in e.EnumerateObject())
        {
            if (!names.Contains(p.Name))
            {
                throw new InvalidDataException($"{where} has an unknown field '{p.Name}'");
            }
        }
    }

    private static JsonElement Field(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) ? v : throw new InvalidDataException($"{where} has no '{name}'");

    private static string String(JsonElement e, string name, string where)
    {
        var v = Field(e, name, where);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"{where}.{name} is not a string");
    }

    private static bool Bool(JsonElement e, string name, string where)
    {
        var v = Field(e, name, where);
        return v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new InvalidDataException($"{where}.{name} is not true or false");
    }

    private static int Int(JsonElement e, string name, string where)
    {
        var v = Field(e, name, where);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new InvalidDataException($"{where}.{name} is not a whole number");
    }

    private static double Number(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            throw new InvalidDataException($"{where} is not a finite number");
        }

        return d;
    }

    private static double[] Numbers(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{where} is not an array of numbers");
        }

        var values = new double[v.GetArrayLength()];
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            values[i] = Number(item, $"{where}[{i}]");
            i++;
        }

        return values;
    }
}
