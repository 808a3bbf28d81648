namespace FerEdge.Core.Emotions;

/// <summary>
/// The decided label shared by the runtime and the evaluators: <see cref="Emotion.Neutral"/> when no binary
/// classifier fires (score &gt;= its threshold), otherwise the firing classifier with the highest score; ties go to
/// the earlier emotion. Pure, allocation-free and thread-safe.
/// </summary>
public static class EmotionDecision
{
    /// <summary>
    /// Decides from one score and threshold per <see cref="EmotionLabels.Classified"/> emotion, in that order.
    /// </summary>
    public static Emotion Decide(ReadOnlySpan<float> scores, ReadOnlySpan<float> thresholds)
    {
        Check(scores.Length, thresholds.Length);
        var classified = EmotionLabels.Classified;
        var decided = Emotion.Neutral;
        var best = float.NegativeInfinity;
        for (var k = 0; k < scores.Length; k++)
        {
            if (scores[k] >= thresholds[k] && scores[k] > best)
            {
                best = scores[k];
                decided = classified[k];
            }
        }

        return decided;
    }

    /// <summary>Double-precision overload of <see cref="Decide(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, same rule.</summary>
    public static Emotion Decide(ReadOnlySpan<double> scores, ReadOnlySpan<double> thresholds)
    {
        Check(scores.Length, thresholds.Length);
        var classified = EmotionLabels.Classified;
        var decided = Emotion.Neutral;
        var best = double.NegativeInfinity;
        for (var k = 0; k < scores.Length; k++)
        {
            if (scores[k] >= thresholds[k] && scores[k] > best)
            {
                best = scores[k];
                decided = classified[k];
            }
        }

        return decided;
    }

    private static void Check(int scores, int thresholds)
    {
        var n = EmotionLabels.Classified.Length;
        if (scores != n || thresholds != n)
        {
            throw new ArgumentException($"need {n} scores and {n} thresholds, one per classified emotion; got {scores} and {thresholds}");
        }
    }
}
