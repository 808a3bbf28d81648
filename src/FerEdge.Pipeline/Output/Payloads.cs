using System.Buffers;
using System.Text.Json;
using FerEdge.Core.Emotions;
using FerEdge.Pipeline.Emotions;

namespace FerEdge.Pipeline.Output;

/// <summary>
/// The JSON payloads of the emotion and explanation topics (and of the JSON-lines file), schema version
/// <see cref="Schema"/>. Field names and meanings are the contract in the design document.
/// </summary>
/// <remarks>Thread-safe (no shared state); each call writes into the caller's buffer.</remarks>
public static class Payloads
{
    /// <summary>Schema version of the emotion and explanation payloads.</summary>
    public const int Schema = 1;

    /// <summary>Writes the emotion payload of <paramref name="outcome"/> into <paramref name="buffer"/>.</summary>
    public static void WriteEmotion(IBufferWriter<byte> buffer, FrameOutcome outcome, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var w = new Utf8JsonWriter(buffer);
        var p = outcome.Perception;
        w.WriteStartObject();
        w.WriteNumber("schema", Schema);
        w.WriteString("device", deviceId);
        w.WriteNumber("t", Math.Round(p.Time, 4));
        w.WriteNumber("frame", p.Frame);
        w.WriteNumber("faces", p.FaceCount);
        if (p.Box is { } box && outcome.Emotion is { } emotion)
        {
            w.WriteStartObject("face");
            w.WriteStartArray("box");
            w.WriteNumberValue(MathF.Round(box.X, 1));
            w.WriteNumberValue(MathF.Round(box.Y, 1));
            w.WriteNumberValue(MathF.Round(box.Width, 1));
            w.WriteNumberValue(MathF.Round(box.Height, 1));
            w.WriteEndArray();
            w.WriteBoolean("tracked", p.Tracked);
            w.WriteEndObject();
            w.WriteString("emotion", emotion.ToLabel());
            w.WriteNumber("confidence", Math.Round(outcome.Confidence, 4));
            w.WriteStartObject("scores");
            var classified = EmotionLabels.Classified;
            for (var i = 0; i < classified.Length; i++)
            {
                w.WriteNumber(classified[i].ToLabel(), Math.Round(outcome.Scores[i], 4));
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("face");
            w.WriteNull("emotion");
            w.WriteNumber("confidence", 0);
            w.WriteStartObject("scores");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Writes the explanation payload of <paramref name="outcome"/> (which must carry one).</summary>
    public static void WriteExplanation(IBufferWriter<byte> buffer, FrameOutcome outcome, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var e = outcome.Explanation ?? throw new ArgumentException("The outcome has no explanation.", nameof(outcome));
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteNumber("schema", Schema);
        w.WriteString("device", deviceId);
        w.WriteNumber("t", Math.Round(outcome.Perception.Time, 4));
        w.WriteNumber("frame", outcome.Perception.Frame);
        w.WriteString("emotion", e.Emotion.ToLabel());
        w.WriteNumber("confidence", Math.Round(outcome.Confidence, 4));
        w.WriteStartArray("regions");
        Span<int> order = stackalloc int[FaceRegions.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Largest share first.
        for (var i = 1; i < order.Length; i++)
        {
            for (var j = i; j > 0 && e.RegionShares[order[j]] > e.RegionShares[order[j - 1]]; j--)
            {
                (order[j], order[j - 1]) = (order[j - 1], order[j]);
            }
        }

        foreach (var r in order)
        {
            w.WriteStartObject();
            w.WriteString("region", ((FaceRegion)r).ToLabel());
            w.WriteNumber("share", Math.Round(e.RegionShares[r], 4));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("top_landmarks");
        foreach (var l in e.TopLandmarks)
        {
            w.WriteStartObject();
            w.WriteNumber("index", l.Index);
            w.WriteString("region", FaceRegions.Of(l.Index).ToLabel());
            w.WriteNumber("share", Math.Round(l.Share, 4));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (e.FacsAgreement is { } facs)
        {
            w.WriteNumber("facs_agreement", Math.Round(facs, 4));
        }
        else
        {
            w.WriteNull("facs_agreement");
        }

        w.WriteString("reason", e.Reason);
        w.WriteEndObject();
    }
}
