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

    /// <summary>
    /// The distribution over all eight labels (<see cref="EmotionLabels.All"/> order) from the seven calibrated
    /// probabilities of the classifiers (<see cref="EmotionLabels.Classified"/> order): each emotion keeps its
    /// probability, neutral takes what is left, <c>max(0, 1 - Σ p)</c>, and the eight are scaled to sum to 1.
    /// </summary>
    public static void Distribution(ReadOnlySpan<float> probabilities, Span<float> distribution)
    {
        Check(probabilities.Length, 7);
        if (distribution.Length != EmotionLabels.Count)
        {
            throw new ArgumentException($"distribution needs {EmotionLabels.Count} values, got {distribution.Length}", nameof(distribution));
        }

        var classified = EmotionLabels.Classified;
        float sum = 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            var p = float.IsFinite(probabilities[k]) ? Math.Clamp(probabilities[k], 0f, 1f) : 0f;
            distribution[(int)classified[k]] = p;
            sum += p;
        }

        var neutral = MathF.Max(0f, 1f - sum);
        distribution[(int)Emotion.Neutral] = neutral;
        var total = sum + neutral;
        for (var i = 0; i < distribution.Length; i++)
        {
            distribution[i] /= total;
        }
    }

    /// <summary>The most probable label of a <see cref="Distribution"/>; ties go to the earlier label.</summary>
    public static Emotion Largest(ReadOnlySpan<float> distribution)
    {
        var best = 0;
        for (var i = 1; i < distribution.Length; i++)
        {
            if (distribution[i] > distribution[best])
            {
                best = i;
            }
        }

        return (Emotion)best;
    }

    /// <summary>The decided label of one face from its seven calibrated probabilities: the largest of their <see cref="Distribution"/>.</summary>
    public static Emotion DecideCalibrated(ReadOnlySpan<float> probabilities)
    {
        Span<float> distribution = stackalloc float[EmotionLabels.Count];
        Distribution(probabilities, distribution);
        return Largest(distribution);
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
