using FerEdge.Core.Emotions;

namespace FerEdge.Training.Evaluation;

/// <summary>
/// 8 x 8 confusion matrix of decided labels (rows = true emotion, columns = decided), in <see cref="Emotion"/>
/// order, plus the decision rule. Not thread-safe while counting.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts = new long[EmotionLabels.Count, EmotionLabels.Count];

    /// <summary>
    /// The decided label: neutral when no classifier fires (score &gt;= its threshold), otherwise the firing
    /// classifier with the highest score. <paramref name="scores"/> and <paramref name="thresholds"/> hold one value
    /// per <see cref="EmotionLabels.Classified"/> emotion, in that order.
    /// </summary>
    public static Emotion Decide(ReadOnlySpan<double> scores, ReadOnlySpan<double> thresholds)
    {
        var classified = EmotionLabels.Classified;
        if (scores.Length != classified.Length || thresholds.Length != classified.Length)
        {
            throw new ArgumentException($"need {classified.Length} scores and thresholds, one per classified emotion");
        }

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

    public void Add(Emotion actual, Emotion decided) => _counts[(int)actual, (int)decided]++;

    public long this[Emotion actual, Emotion decided] => _counts[(int)actual, (int)decided];

    /// <summary>Total number of counted samples.</summary>
    public long Total
    {
        get
        {
            long t = 0;
            foreach (var c in _counts)
            {
                t += c;
            }

            return t;
        }
    }

    /// <summary>Share of samples on the diagonal (0 when empty).</summary>
    public double Accuracy
    {
        get
        {
            long diagonal = 0;
            for (var i = 0; i < EmotionLabels.Count; i++)
            {
                diagonal += _counts[i, i];
            }

            var total = Total;
            return total == 0 ? 0 : (double)diagonal / total;
        }
    }

    /// <summary>Rows of the matrix as jagged arrays (for JSON).</summary>
    public long[][] ToRows()
    {
        var rows = new long[EmotionLabels.Count][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new long[EmotionLabels.Count];
            for (var j = 0; j < rows.Length; j++)
            {
                rows[i][j] = _counts[i, j];
            }
        }

        return rows;
    }
}
