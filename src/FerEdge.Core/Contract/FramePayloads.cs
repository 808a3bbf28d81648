using System.Buffers;
using System.Text.Json;
using FerEdge.Core.Emotions;

namespace FerEdge.Core.Contract;

/// <summary>
/// The JSON payloads of the emotion and explanation topics (the emotion payload is also the JSON-lines record),
/// schema <see cref="MqttPayloads.Schema"/>. Field names and meanings are the contract in the design document.
/// </summary>
/// <remarks>Thread-safe (no shared state); each call writes into the caller's buffer.</remarks>
public static class FramePayloads
{
    /// <summary>Writes the emotion payload of one frame into <paramref name="buffer"/>.</summary>
    public static void WriteEmotion(IBufferWriter<byte> buffer, string deviceId, in EmotionMessage message)
    {
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteNumber("schema", MqttPayloads.Schema);
        w.WriteString("device", deviceId);
        w.WriteNumber("t", Math.Round(message.Time, 4));
        w.WriteNumber("frame", message.Frame);
        w.WriteNumber("faces", message.Faces);
        if (message.Box is { } box && message.Emotion is { } emotion)
        {
            w.WriteStartObject("face");
            w.WriteStartArray("box");
            w.WriteNumberValue(MathF.Round(box.X, 1));
            w.WriteNumberValue(MathF.Round(box.Y, 1));
            w.WriteNumberValue(MathF.Round(box.Width, 1));
            w.WriteNumberValue(MathF.Round(box.Height, 1));
            w.WriteEndArray();
            w.WriteBoolean("tracked", message.Tracked);
            w.WriteEndObject();
            w.WriteString("emotion", emotion.ToLabel());
            w.WriteNumber("confidence", Math.Round(message.Confidence, 4));
            w.WriteStartObject("scores");
            var classified = EmotionLabels.Classified;
            for (var i = 0; i < classified.Length; i++)
            {
                w.WriteNumber(classified[i].ToLabel(), Math.Round(message.Scores[i], 4));
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

        if (message.Person is { } person)
        {
            w.WriteString("person", person);
        }
        else
        {
            w.WriteNull("person");
        }

        w.WriteEndObject();
    }

    /// <summary>Writes the explanation payload of one frame into <paramref name="buffer"/>.</summary>
    public static void WriteExplanation(IBufferWriter<byte> buffer, string deviceId, double time, long frame, float confidence, ExplanationSummary e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteNumber("schema", MqttPayloads.Schema);
        w.WriteString("device", deviceId);
        w.WriteNumber("t", Math.Round(time, 4));
        w.WriteNumber("frame", frame);
        w.WriteString("emotion", e.Emotion.ToLabel());
        w.WriteNumber("confidence", Math.Round(confidence, 4));
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
