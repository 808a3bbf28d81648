namespace FerEdge.Core.Evaluation;

/// <summary>Metrics of one binary classifier from scores and true targets. Static and thread-safe.</summary>
public static class BinaryMetrics
{
    /// <summary>
    /// Area under the ROC curve as the Mann-Whitney statistic with average ranks for ties (0.5 for a constant score).
    /// NaN when one class is absent.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> targets)
    {
        CheckLengths(scores, targets);
        var n = scores.Length;
        var order = new int[n];
        var keys = scores.ToArray();
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        double positiveRankSum = 0;
        long positives = 0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            var averageRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                if (targets[order[k]])
                {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }

            start = end + 1;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Mean of sensitivity and specificity of the decision <c>score &gt;= threshold</c>; NaN when a class is absent.</summary>
    public static double BalancedAccuracy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> targets, double threshold)
    {
        var (tp, fp, tn, fn) = Count(scores, targets, threshold);
        if (tp + fn == 0 || tn + fp == 0)
        {
            return double.NaN;
        }

        return 0.5 * (((double)tp / (tp + fn)) + ((double)tn / (tn + fp)));
    }

    /// <summary>F1 of the positive class for <c>score &gt;= threshold</c> (0 when there are no true or predicted positives).</summary>
    public static double F1(ReadOnlySpan<double> scores, ReadOnlySpan<bool> targets, double threshold)
    {
        var (tp, fp, _, fn) = Count(scores, targets, threshold);
        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }

    /// <summary>
    /// The threshold that maximises balanced accuracy on the given (training) scores: candidates are midpoints between
    /// consecutive distinct scores; ties go to the candidate closest to 0.5.
    /// </summary>
    public static double BestBalancedAccuracyThreshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> targets)
    {
        CheckLengths(scores, targets);
        var n = scores.Length;
        var keys = scores.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        long positives = 0;
        foreach (var t in targets)
        {
            positives += t ? 1 : 0;
        }

        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return 0.5;
        }

        // Sweep: threshold just above keys[k] classifies rows 0..k negative.
        double bestValue = -1, best = 0.5;
        long fnBelow = 0, tnBelow = 0;
        for (var k = -1; k < n; k++)
        {
            if (k >= 0)
            {
                if (targets[order[k]])
                {
                    fnBelow++;
                }
                else
                {
                    tnBelow++;
                }

                if (k + 1 < n && keys[k + 1] == keys[k])
                {
                    continue;
                }
            }

            var threshold = k < 0 ? keys[0] : k + 1 < n ? 0.5 * (keys[k] + keys[k + 1]) : keys[n - 1] + 1e-9;
            var value = 0.5 * (((double)(positives - fnBelow) / positives) + ((double)tnBelow / negatives));
            if (value > bestValue + 1e-12 || (Math.Abs(value - bestValue) <= 1e-12 && Math.Abs(threshold - 0.5) < Math.Abs(best - 0.5)))
            {
                bestValue = value;
                best = threshold;
            }
        }

        return best;
    }

    private static (long Tp, long Fp, long Tn, long Fn) Count(ReadOnlySpan<double> scores, ReadOnlySpan<bool> targets, double threshold)
    {
        CheckLengths(scores, targets);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted)
            {
                if (targets[i])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }
            }
            else if (targets[i])
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }

        return (tp, fp, tn, fn);
    }

    private static void CheckLengths(ReadOnlySpan<double> scores, ReadOnlySpan<bool> targets)
    {
        if (scores.Length != targets.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {targets.Length} targets");
        }

        if (scores.IsEmpty)
        {
            throw new ArgumentException("no scores to evaluate");
        }
    }
}
