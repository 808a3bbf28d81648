using FerEdge.Core.Emotions;

namespace FerEdge.Core.Evaluation;

/// <summary>
/// What the classifiers do on one data set: per-emotion metrics, the decided-label confusion matrix (rows: labelled,
/// columns: decided, the last column no face), decided-label accuracy with no face counted as wrong, and the expected
/// calibration error of the decided label's probability (10 equal-width bins).
/// </summary>
public sealed record DatasetResult(string Name, int Images, int NoFace, IReadOnlyList<EmotionResult> Emotions, long[][] Confusion, double Accuracy,
    double AccuracyOfFaces, double ExpectedCalibrationError, double[] ReliabilityConfidence, double[] ReliabilityAccuracy, int[] ReliabilityCount)
{
    /// <summary>Mean AUC over the emotions present.</summary>
    public double MeanAuc => Emotions.Where(e => double.IsFinite(e.Auc)).Average(e => e.Auc);

    /// <summary>Mean balanced accuracy over the emotions present.</summary>
    public double MeanBalancedAccuracy => Emotions.Where(e => double.IsFinite(e.BalancedAccuracy)).Average(e => e.BalancedAccuracy);

    /// <summary>AUC of one emotion (NaN when absent).</summary>
    public double Auc(Emotion emotion) => Emotions.FirstOrDefault(e => e.Emotion == emotion)?.Auc ?? double.NaN;

    /// <summary>
    /// Measures. <paramref name="probabilities"/>: per image 7 calibrated probabilities (row-major), ignored where
    /// <paramref name="hasFace"/> is false; <paramref name="labels"/> the labelled emotion.
    /// </summary>
    public static DatasetResult Measure(string name, ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> hasFace, ReadOnlySpan<Emotion> labels,
        ReadOnlySpan<double> thresholds)
    {
        var n = labels.Length;
        var classified = EmotionLabels.Classified;
        var faces = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (hasFace[i])
            {
                faces.Add(i);
            }
        }

        var emotions = new List<EmotionResult>();
        for (var k = 0; k < classified.Length; k++)
        {
            var s = new double[faces.Count];
            var t = new bool[faces.Count];
            var positives = 0;
            for (var r = 0; r < faces.Count; r++)
            {
                s[r] = probabilities[(faces[r] * 7) + k];
                t[r] = labels[faces[r]] == classified[k];
                positives += t[r] ? 1 : 0;
            }

            emotions.Add(positives == 0 || positives == faces.Count
                ? new EmotionResult(classified[k], positives, double.NaN, double.NaN, double.NaN)
                : new EmotionResult(classified[k], positives, BinaryMetrics.RocAuc(s, t), BinaryMetrics.BalancedAccuracy(s, t, thresholds[k]), BinaryMetrics.F1(s, t, thresholds[k])));
        }

        var confusion = new long[EmotionLabels.Count][];
        for (var i = 0; i < confusion.Length; i++)
        {
            confusion[i] = new long[EmotionLabels.Count + 1];
        }

        const int Bins = 10;
        var binConfidence = new double[Bins];
        var binCorrect = new double[Bins];
        var binCount = new int[Bins];
        var correct = 0;
        Span<float> p = stackalloc float[7];
        Span<float> distribution = stackalloc float[EmotionLabels.Count];
        for (var i = 0; i < n; i++)
        {
            if (!hasFace[i])
            {
                confusion[(int)labels[i]][EmotionLabels.Count]++;
                continue;
            }

            for (var k = 0; k < 7; k++)
            {
                p[k] = (float)probabilities[(i * 7) + k];
            }

            EmotionDecision.Distribution(p, distribution);
            var decided = EmotionDecision.Largest(distribution);
            confusion[(int)labels[i]][(int)decided]++;
            var ok = decided == labels[i];
            correct += ok ? 1 : 0;
            var confidence = distribution[(int)decided];
            var bin = Math.Clamp((int)(confidence * Bins), 0, Bins - 1);
            binConfidence[bin] += confidence;
            binCorrect[bin] += ok ? 1 : 0;
            binCount[bin]++;
        }

        double ece = 0;
        var reliabilityConfidence = new double[Bins];
        var reliabilityAccuracy = new double[Bins];
        for (var b = 0; b < Bins; b++)
        {
            if (binCount[b] == 0)
            {
                reliabilityConfidence[b] = reliabilityAccuracy[b] = double.NaN;
                continue;
            }

            reliabilityConfidence[b] = binConfidence[b] / binCount[b];
            reliabilityAccuracy[b] = binCorrect[b] / binCount[b];
            ece += binCount[b] * Math.Abs(reliabilityConfidence[b] - reliabilityAccuracy[b]);
        }

        return new DatasetResult(name, n, n - faces.Count, emotions, confusion, n == 0 ? double.NaN : (double)correct / n,
            faces.Count == 0 ? double.NaN : (double)correct / faces.Count, faces.Count == 0 ? double.NaN : ece / faces.Count,
            reliabilityConfidence, reliabilityAccuracy, binCount);
    }
}
