namespace FerEdge.Core.Emotions;

/// <summary>Converts between <see cref="Emotion"/> values and their lower-case wire labels. Thread-safe.</summary>
public static class EmotionLabels
{
    private static readonly string[] Labels = ["anger", "contempt", "disgust", "fear", "happy", "neutral", "sadness", "surprise"];

    private static readonly Emotion[] AllValues =
        [Emotion.Anger, Emotion.Contempt, Emotion.Disgust, Emotion.Fear, Emotion.Happy, Emotion.Neutral, Emotion.Sadness, Emotion.Surprise];

    private static readonly Emotion[] ClassifiedValues =
        [Emotion.Anger, Emotion.Contempt, Emotion.Disgust, Emotion.Fear, Emotion.Happy, Emotion.Sadness, Emotion.Surprise];

    /// <summary>Number of decided labels (8).</summary>
    public const int Count = 8;

    /// <summary>The eight wire labels of the MQTT contract, in ordinal order.</summary>
    public static IReadOnlyList<string> WireLabels { get; } = Array.AsReadOnly(Labels);

    /// <summary>All eight labels in ordinal order.</summary>
    public static ReadOnlySpan<Emotion> All => AllValues;

    /// <summary>The seven emotions that have a binary classifier (all but neutral), in ordinal order.</summary>
    public static ReadOnlySpan<Emotion> Classified => ClassifiedValues;

    /// <summary>The wire label, e.g. <c>"happy"</c>.</summary>
    public static string ToLabel(this Emotion emotion)
    {
        var i = (int)emotion;
        if ((uint)i >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(emotion), emotion, "not a defined emotion");
        }

        return Labels[i];
    }

    /// <summary>Parses a label case-insensitively; accepts <c>happiness</c> and <c>sad</c> as aliases.</summary>
    public static bool TryParse(string? label, out Emotion emotion)
    {
        var text = label?.Trim();
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(text, Labels[i], StringComparison.OrdinalIgnoreCase))
            {
                emotion = (Emotion)i;
                return true;
            }
        }

        if (string.Equals(text, "happiness", StringComparison.OrdinalIgnoreCase))
        {
            emotion = Emotion.Happy;
            return true;
        }

        if (string.Equals(text, "sad", StringComparison.OrdinalIgnoreCase))
        {
            emotion = Emotion.Sadness;
            return true;
        }

        emotion = Emotion.Neutral;
        return false;
    }

    /// <summary>Parses a label or throws a <see cref="FormatException"/> naming it.</summary>
    public static Emotion Parse(string label) =>
        TryParse(label, out var e) ? e : throw new FormatException($"'{label}' is not an emotion label (expected one of {string.Join(", ", Labels)})");
}
