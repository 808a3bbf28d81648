using System.Diagnostics;
using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Inference;
using FerEdge.Training.Export;
using FerEdge.Training.Models;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train selftest</c>: the whole training path on synthetic landmarks, end to end: per emotion, readout chosen
/// by subject-grouped CV, Integrated-Gradients landmark ranking with FACS agreement, progressive pruning, final
/// training; then ONNX export (FP32, INT8 QDQ, gradient) with a manifest, and verification of every exported model in
/// ONNX Runtime against the C# reference. Returns 0 when every check passes, 1 otherwise.
/// </summary>
public static class SelfTestCommand
{
    private const double FloatTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;
    private const double QuantizedTolerance = 0.05;
    private const double CompletenessTolerance = 0.01;

    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var outDir = Path.GetFullPath(options.Value("out", Path.Combine("artifacts", "selftest")));
        var subjects = options.Count("subjects", 30, 5, 10_000);
        var trainer = new TrainerOptions(
            Folds: options.Count("folds", 5, 2, 100),
            Seed: options.Count("seed", 1, 0, int.MaxValue),
            RemovePerStep: options.Count("step", 8, 1, 64),
            MinimumKept: options.Count("min-kept", 8, 2, 68),
            MaximumUnion: 68);
        var weights = options.Choice("int8-weights", "per-channel", "per-channel", "per-tensor") == "per-tensor"
            ? WeightQuantization.PerTensor
            : WeightQuantization.PerChannel;
        options.RejectUnknown();
        if (subjects < trainer.Folds)
        {
            throw new UsageException($"--subjects ({subjects}) must be at least --folds ({trainer.Folds})");
        }

        var clock = Stopwatch.StartNew();
        var data = LandmarkDataset.Synthetic(subjects, 3, trainer.Seed);
        Say($"synthetic data: {data.Count} samples, {subjects} subjects, {trainer.Folds} subject-disjoint folds, prune {trainer.RemovePerStep} per step");
        var models = EmotionTrainer.TrainAll(data, trainer, Say).Models;
        var training = clock.Elapsed;
        foreach (var step in models.First(m => m.Emotion == Emotion.Happy).Pruning.Steps)
        {
            Say($"  pruning curve happy: {step.Kept.Length,2} landmarks -> balanced accuracy {step.Accuracy:F3}");
        }

        Say($"training (7 emotions x {trainer.Folds} folds x pruning steps, readout choice, IG): {training.TotalSeconds:F1} s");
        ModelWriter.Write(outDir, models, data, "synthetic selftest data", weights);

        var ok = true;
        foreach (var m in models)
        {
            ok &= Verify(outDir, m, data);
        }

        Say($"{(ok ? "selftest passed" : "selftest FAILED")} in {clock.Elapsed.TotalSeconds:F1} s; models and manifest in {outDir}");
        return ok ? 0 : 1;
    }

    private static bool Verify(string outDir, EmotionModel m, LandmarkDataset data)
    {
        var label = m.Emotion.ToLabel();
        var features = m.Features(data);
        var net = m.Network;
        using var fp32 = new EmotionClassifier(Path.Combine(outDir, label + ".onnx"));
        using var int8 = new EmotionClassifier(Path.Combine(outDir, label + ".int8.onnx"));
        using var grad = new GradientModelRunner(Path.Combine(outDir, label + ".grad.onnx"));
        var baseline = Array.ConvertAll(m.Baseline(data), v => (float)v);
        var x = new float[features.Dimension];
        var xd = new double[features.Dimension];
        var g = new float[features.Dimension];
        var gd = new double[features.Dimension];
        var int8Scores = new double[features.Count];
        double floatDiff = 0, quantDiff = 0, gradDiff = 0, completeness = 0;
        long fp32Ticks = 0, int8Ticks = 0, igTicks = 0, igCalls = 0;
        for (var i = 0; i < features.Count; i++)
        {
            var row = features.Row(i);
            for (var k = 0; k < x.Length; k++)
            {
                x[k] = (float)row[k];
                xd[k] = x[k];
            }

            var t0 = Stopwatch.GetTimestamp();
            var f = fp32.Score(x);
            var t1 = Stopwatch.GetTimestamp();
            int8Scores[i] = int8.Score(x);
            int8Ticks += Stopwatch.GetTimestamp() - t1;
            fp32Ticks += t1 - t0;
            floatDiff = Math.Max(floatDiff, Math.Abs(f - net.Score(xd)));
            quantDiff = Math.Max(quantDiff, Math.Abs(int8Scores[i] - f));
            grad.Gradient(x, g);
            net.ScoreWithGradient(xd, gd);
            for (var k = 0; k < g.Length; k++)
            {
                gradDiff = Math.Max(gradDiff, Math.Abs(g[k] - gd[k]));
            }

            if (i % 10 == 0)
            {
                var t2 = Stopwatch.GetTimestamp();
                var delta = grad.IntegratedGradients(x, baseline, g);
                igTicks += Stopwatch.GetTimestamp() - t2;
                igCalls++;
                if (Math.Abs(delta) > 0.05)
                {
                    completeness = Math.Max(completeness, Math.Abs(g.Sum() - delta) / Math.Abs(delta));
                }
            }
        }

        var targets = features.Targets(m.Emotion);
        var ok = floatDiff <= FloatTolerance && quantDiff <= QuantizedTolerance && gradDiff <= GradientTolerance && completeness <= CompletenessTolerance;
        Say($"  {label,-9} ONNX Runtime over {features.Count} rows: fp32 vs C# {floatDiff:E1}, int8 vs fp32 {quantDiff:F4} "
            + $"(train bal.acc. fp32 {BinaryMetrics.BalancedAccuracy(Scores(net, features), targets, m.Threshold):F3} / int8 "
            + $"{BinaryMetrics.BalancedAccuracy(int8Scores, targets, m.Threshold):F3}), gradient {gradDiff:E1}, IG completeness {completeness:P2}"
            + (ok ? string.Empty : "  <- FAILED"));
        Say($"  {label,-9} latency per call: fp32 {Micro(fp32Ticks, features.Count):F0} µs, int8 {Micro(int8Ticks, features.Count):F0} µs, "
            + $"IG ({grad.Steps + 1} gradient rows in one batch) {Micro(igTicks, igCalls):F0} µs");
        return ok;
    }

    private static double[] Scores(FeedForwardNetwork net, FeatureSet features)
    {
        var s = new double[features.Count];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = net.Score(features.Row(i));
        }

        return s;
    }

    private static double Micro(long ticks, long calls) => ticks * 1e6 / Stopwatch.Frequency / Math.Max(1, calls);

    private static void Say(string line) => Console.WriteLine(line);
}
