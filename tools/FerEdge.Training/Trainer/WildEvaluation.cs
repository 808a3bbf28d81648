using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Core.Features;
using FerEdge.Training.Data;
using FerEdge.Training.Evaluation;

namespace FerEdge.Training.Trainer;

/// <summary>
/// Cross-dataset evaluation of the shipped models on the faces-in-the-wild people never trained on: per emotion
/// AUC, balanced accuracy and F1 at the shipped threshold, and the confusion matrix of the decided label. Images
/// without a face are counted by the caller (<see cref="FaceShapes.NoFace"/>). Static and thread-safe.
/// </summary>
public static class WildEvaluation
{
    public static (IReadOnlyList<EmotionReport> Reports, ConfusionMatrix Confusion, int Images) Run(TrainingData data, FaceShapes wild,
        IReadOnlyList<EmotionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(wild);
        ArgumentNullException.ThrowIfNull(reports);
        var rows = new List<int>();
        foreach (var r in data.EvaluationRows)
        {
            if (wild.Found[r])
            {
                rows.Add(r);
            }
        }

        var scores = new double[reports.Count][];
        for (var k = 0; k < reports.Count; k++)
        {
            scores[k] = Score(data.Dataset.Reference, wild, rows, reports[k]);
        }

        var confusion = new ConfusionMatrix();
        var s = new double[reports.Count];
        var t = new double[reports.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            for (var k = 0; k < reports.Count; k++)
            {
                s[k] = scores[k][i];
                t[k] = reports[k].Model.Threshold;
            }

            confusion.Add(wild.Images[rows[i]].Emotion, EmotionDecision.Decide(s, t));
        }

        var result = new EmotionReport[reports.Count];
        for (var k = 0; k < reports.Count; k++)
        {
            var emotion = reports[k].Model.Emotion;
            var targets = new bool[rows.Count];
            var positives = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                targets[i] = wild.Images[rows[i]].Emotion == emotion;
                positives += targets[i] ? 1 : 0;
            }

            var threshold = reports[k].Model.Threshold;
            var evaluation = positives == 0
                ? new BinaryEvaluation(double.NaN, double.NaN, double.NaN)
                : new BinaryEvaluation(BinaryMetrics.RocAuc(scores[k], targets), BinaryMetrics.BalancedAccuracy(scores[k], targets, threshold),
                    BinaryMetrics.F1(scores[k], targets, threshold));
            result[k] = reports[k] with { Wild = evaluation, WildPositives = positives };
        }

        return (result, confusion, data.EvaluationRows.Length);
    }

    /// <summary>C# scores of the shipped network of <paramref name="report"/> on the given shapes.</summary>
    public static double[] Score(ReadOnlySpan<float> reference, FaceShapes shapes, IReadOnlyList<int> rows, EmotionReport report)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(report);
        var aligner = new FaceAligner(reference, report.Model.Layout, report.Model.Alignment);
        var aligned = new float[report.Model.Layout.Length];
        var x = new double[aligned.Length];
        var scores = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            aligner.Align(shapes.Shape(rows[i]), aligned);
            for (var c = 0; c < x.Length; c++)
            {
                x[c] = aligned[c];
            }

            scores[i] = report.Model.Network.Score(x);
        }

        return scores;
    }
}
