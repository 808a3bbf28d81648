using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Inference;
using FerEdge.Training.Data;

namespace FerEdge.Training.Trainer;

/// <summary>
/// Checks the exported files in ONNX Runtime on the training rows plus the held-out faces-in-the-wild faces: the
/// largest FP32-vs-C# score difference, and balanced accuracy of FP32 and INT8 at the shipped threshold. The INT8 model
/// is the one that ships, so the shipped threshold is chosen again on its own scores over the training rows (the same
/// rule as for the C# network); quantisation moves scores slightly, and a threshold left at the FP32 optimum can
/// flip a few positives of a small class.
/// </summary>
public static class OnnxCheck
{
    public static IReadOnlyList<EmotionReport> Run(string folder, IReadOnlyList<EmotionReport> reports, TrainingData data, FaceShapes wild,
        bool rechooseThreshold = true)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(wild);
        var heldOut = new List<int>();
        foreach (var r in data.EvaluationRows)
        {
            if (wild.Found[r])
            {
                heldOut.Add(r);
            }
        }

        var result = new EmotionReport[reports.Count];
        for (var k = 0; k < reports.Count; k++)
        {
            var report = reports[k];
            var model = report.Model;
            var label = model.Emotion.ToLabel();
            var train = model.Features(data.Dataset);
            using var fp32 = new EmotionClassifier(Path.Combine(folder, label + ".onnx"));
            using var int8 = new EmotionClassifier(Path.Combine(folder, label + ".int8.onnx"));
            var n = train.Count + heldOut.Count;
            var f32 = new double[n];
            var i8 = new double[n];
            var targets = new bool[n];
            var x = new float[train.Dimension];
            double maxDiff = 0;
            for (var i = 0; i < train.Count; i++)
            {
                var row = train.Row(i);
                for (var c = 0; c < x.Length; c++)
                {
                    x[c] = (float)row[c];
                }

                f32[i] = fp32.Score(x);
                i8[i] = int8.Score(x);
                targets[i] = train.Labels[i] == model.Emotion;
                maxDiff = Math.Max(maxDiff, Math.Abs(f32[i] - model.Network.Score(row)));
            }

            var aligner = data.Dataset.Aligner(model.Layout, model.Alignment);
            var xd = new double[x.Length];
            for (var j = 0; j < heldOut.Count; j++)
            {
                aligner.Align(wild.Shape(heldOut[j]), x);
                for (var c = 0; c < x.Length; c++)
                {
                    xd[c] = x[c];
                }

                var i = train.Count + j;
                f32[i] = fp32.Score(x);
                i8[i] = int8.Score(x);
                targets[i] = wild.Images[heldOut[j]].Emotion == model.Emotion;
                maxDiff = Math.Max(maxDiff, Math.Abs(f32[i] - model.Network.Score(xd)));
            }

            var threshold = rechooseThreshold
                ? BinaryMetrics.BestBalancedAccuracyThreshold(i8.AsSpan(0, train.Count), targets.AsSpan(0, train.Count))
                : model.Threshold;
            result[k] = report with
            {
                Model = model with { Threshold = threshold },
                Fp32BalancedAccuracy = BinaryMetrics.BalancedAccuracy(f32, targets, threshold),
                Int8BalancedAccuracy = BinaryMetrics.BalancedAccuracy(i8, targets, threshold),
                Fp32MaxDifference = maxDiff,
            };
            Console.WriteLine($"{label}: ONNX Runtime fp32 vs C# max {maxDiff:E2}; threshold {model.Threshold:F4} -> {threshold:F4} (int8 scores); balanced accuracy fp32 {result[k].Fp32BalancedAccuracy:F4}, int8 {result[k].Int8BalancedAccuracy:F4}");
        }

        return result;
    }
}
