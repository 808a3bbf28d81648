using FerEdge.Core.Emotions;

namespace FerEdge.Training.Evaluation;

/// <summary>
/// 8 x 8 confusion matrix of decided labels (rows = true emotion, columns = decided), in <see cref="Emotion"/>
/// order, plus the decision rule. Not thread-safe while counting.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts = new long[EmotionLabels.Count, EmotionLabels.Count];

    /// <summary>The decided label by the shared rule, <see cref="EmotionDecision.Decide(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</summary>
    public static Emotion Decide(ReadOnlySpan<double> scores, ReadOnlySpan<double> thresholds) => EmotionDecision.Decide(scores, thresholds);

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
