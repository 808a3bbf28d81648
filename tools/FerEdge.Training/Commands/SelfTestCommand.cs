using System.Diagnostics;
using System.Text.Json;
using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Inference;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;
using FerEdge.Training.Export;
using FerEdge.Training.Models;
using FerEdge.Training.Synthetic;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train selftest</c>: the whole training path on synthetic landmarks, end to end: subject-grouped CV per
/// emotion (readout chosen by CV), Integrated-Gradients landmark ranking with FACS agreement, progressive pruning,
/// ONNX export (FP32, INT8 QDQ, gradient) with a manifest, and verification of the exported models in ONNX Runtime
/// against the C# reference. Returns 0 when every check passes, 1 otherwise.
/// </summary>
public static class SelfTestCommand
{
    private const double FloatTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;
    private const double QuantizedTolerance = 0.05;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var outDir = Path.GetFullPath(options.Text("out", Path.Combine("artifacts", "selftest")));
        var subjects = options.Count("subjects", 30, 5, 10_000);
        var seed = options.Count("seed", 1, 0, int.MaxValue);
        options.RejectUnknown();

        var clock = Stopwatch.StartNew();
        var (shapes, labels, ids) = SyntheticFaces.Generate(subjects, 3, seed);
        var reference = SyntheticFaces.MeanFace();
        var full = FeatureLayout.Full();
        var data = FeatureBuilder.Build(new FaceAligner(reference, full), shapes, labels, ids);
        var folds = SubjectKFold.Assign(data.Subjects, 5, seed);
        Say($"synthetic data: {data.Count} samples, {subjects} subjects, 5 subject-disjoint folds");

        var baseOptions = new RandomizedNetworkOptions(Seed: seed);
        var (chosen, aucs) = CrossValidation.ChooseOptions(data, Emotion.Happy, folds,
            [baseOptions, baseOptions with { Readout = ReadoutSource.LastLayer }]);
        Say($"readout by CV on happy: all layers auc {aucs[0]:F3}, last layer auc {aucs[1]:F3} -> {chosen.Readout}");

        var results = new List<OutOfFoldScores>();
        foreach (var emotion in EmotionLabels.Classified)
        {
            var r = CrossValidation.Run(data, emotion, folds, (set, t) => RandomizedNetwork.Train(set, t, chosen));
            results.Add(r);
            var e = r.Evaluate();
            Say($"  {emotion.ToLabel(),-9} auc {e.Auc:F3}  balanced_accuracy {e.BalancedAccuracy:F3}  f1 {e.F1:F3}");
        }

        Say($"decided-label accuracy (8 ways, neutral when none fires): {CrossValidation.Confusion(data.Labels, results).Accuracy:F3}");

        var baseline = new float[full.Length];
        new FaceAligner(reference, full).Align(reference, baseline);
        var baselineD = Array.ConvertAll(baseline, v => (double)v);
        var rankings = new Dictionary<Emotion, LandmarkRanking>();
        foreach (var emotion in EmotionLabels.Classified)
        {
            var model = RandomizedNetwork.Train(data, data.Targets(emotion), chosen);
            var positives = data.Subset(RowsOf(data, emotion));
            var ranking = rankings[emotion] = LandmarkRanking.Compute(model, positives, full, baselineD, 32);
            var iou = FacsAgreement.IntersectionOverUnion(ranking.ToLandmarkMap(), emotion);
            Say($"  IG top landmarks {emotion.ToLabel(),-9} [{string.Join(",", ranking.LandmarksByImportance[..6].ToArray())}]  FACS IoU {iou:F3}");
        }

        var pruneClock = Stopwatch.StartNew();
        var pruning = ProgressivePruning.Run(rankings[Emotion.Happy].LandmarksByImportance, 8, 4, kept =>
        {
            var subset = FeatureBuilder.Build(new FaceAligner(reference, new FeatureLayout(kept)), shapes, labels, ids);
            return CrossValidation.Run(subset, Emotion.Happy, folds, (set, t) => RandomizedNetwork.Train(set, t, chosen)).Evaluate().BalancedAccuracy;
        });
        foreach (var step in pruning.Steps)
        {
            Say($"  pruning happy: {step.Kept.Length,2} landmarks -> balanced accuracy {step.Accuracy:F3}");
        }

        var perTrain = pruneClock.Elapsed.TotalSeconds / (pruning.Steps.Count * 5);
        Say($"chosen subset: {pruning.Chosen.Kept.Length} landmarks (best {pruning.Best.Kept.Length}: {pruning.Best.Accuracy:F3}); "
            + $"{perTrain * 1000:F0} ms per training; 7 emotions x 10 folds x {pruning.Steps.Count} steps ≈ {perTrain * 70 * pruning.Steps.Count / 60:F1} min");

        var ok = ExportAndVerify(outDir, data, full, reference, chosen, baseline);
        Say($"{(ok ? "selftest passed" : "selftest FAILED")} in {clock.Elapsed.TotalSeconds:F1} s; models in {outDir}");
        return ok ? 0 : 1;
    }

    private static bool ExportAndVerify(string outDir, FeatureSet data, FeatureLayout layout, float[] reference,
        RandomizedNetworkOptions options, float[] baseline)
    {
        var emotion = Emotion.Happy;
        var net = RandomizedNetwork.Train(data, data.Targets(emotion), options);
        var scores = new double[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            scores[i] = net.Score(data.Row(i));
        }

        var threshold = BinaryMetrics.BestBalancedAccuracyThreshold(scores, data.Targets(emotion));
        var name = emotion.ToLabel();
        string fp32Path = Path.Combine(outDir, $"{name}.onnx"), int8Path = Path.Combine(outDir, $"{name}.int8.onnx"),
            gradPath = Path.Combine(outDir, $"{name}.grad.onnx");
        OnnxExporter.Write(fp32Path, OnnxExporter.ScoreModel(net));
        OnnxExporter.Write(int8Path, OnnxExporter.QuantizedScoreModel(net, data));
        OnnxExporter.Write(gradPath, OnnxExporter.GradientModel(net));
        var manifest = new Dictionary<string, object>
        {
            ["schema"] = 1,
            ["source"] = "synthetic selftest data",
            ["reference_shape"] = reference,
            ["classifiers"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["emotion"] = name,
                    ["landmarks"] = layout.Indices.ToArray(),
                    ["frames"] = layout.Frames,
                    ["threshold"] = threshold,
                    ["model"] = Path.GetFileName(int8Path),
                    ["model_fp32"] = Path.GetFileName(fp32Path),
                    ["gradient_model"] = Path.GetFileName(gradPath),
                    ["options"] = options.ToString(),
                },
            },
        };
        File.WriteAllText(Path.Combine(outDir, "manifest.json"), JsonSerializer.Serialize(manifest, JsonOptions));

        using var fp32 = new EmotionClassifier(fp32Path);
        using var int8 = new EmotionClassifier(int8Path);
        using var grad = new GradientModelRunner(gradPath);
        var x = new float[data.Dimension];
        var xd = new double[data.Dimension];
        var g = new float[data.Dimension];
        var gd = new double[data.Dimension];
        double floatDiff = 0, quantDiff = 0, gradDiff = 0, completeness = 0;
        var sw = new Stopwatch();
        for (var i = 0; i < data.Count; i++)
        {
            var row = data.Row(i);
            for (var k = 0; k < x.Length; k++)
            {
                x[k] = (float)row[k];
                xd[k] = x[k];
            }

            sw.Start();
            var f = fp32.Score(x);
            sw.Stop();
            floatDiff = Math.Max(floatDiff, Math.Abs(f - net.Score(xd)));
            quantDiff = Math.Max(quantDiff, Math.Abs(int8.Score(x) - f));
            grad.Gradient(x, g);
            net.ScoreWithGradient(xd, gd);
            for (var k = 0; k < g.Length; k++)
            {
                gradDiff = Math.Max(gradDiff, Math.Abs(g[k] - gd[k]));
            }

            if (i % 10 == 0)
            {
                var delta = grad.IntegratedGradients(x, baseline, g);
                if (Math.Abs(delta) > 0.05)
                {
                    completeness = Math.Max(completeness, Math.Abs(g.Sum() - delta) / Math.Abs(delta));
                }
            }
        }

        Say($"exported {name}: fp32 {new FileInfo(fp32Path).Length} B, int8 {new FileInfo(int8Path).Length} B, gradient {new FileInfo(gradPath).Length} B");
        Say($"ONNX Runtime over {data.Count} rows: fp32 vs C# max |diff| {floatDiff:E2} (limit {FloatTolerance:E0}); "
            + $"int8 vs fp32 max |diff| {quantDiff:F4} (limit {QuantizedTolerance}); gradient max |diff| {gradDiff:E2} (limit {GradientTolerance:E0}); "
            + $"IG completeness error {completeness:P2}; fp32 score {sw.Elapsed.TotalMilliseconds * 1000 / data.Count:F0} µs/call");
        return floatDiff <= FloatTolerance && quantDiff <= QuantizedTolerance && gradDiff <= GradientTolerance && completeness <= 0.01;
    }

    private static int[] RowsOf(FeatureSet data, Emotion emotion)
    {
        var rows = new List<int>();
        for (var i = 0; i < data.Count; i++)
        {
            if (data.Labels[i] == emotion)
            {
                rows.Add(i);
            }
        }

        return [.. rows];
    }

    private static void Say(string line) => Console.WriteLine(line);
}
