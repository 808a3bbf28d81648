using System.Diagnostics;
using FerEdge.Training.Data;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Report;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train train-landmarks</c>: the landmarks-only trainer of the CK+48 models (Di Luzio et al. 2024) into a model folder. Landmarks (cached), the
/// window check, per-emotion randomized networks with IG ranking and pruning, the MLP baseline, CK+ subject-independent
/// CV and faces-in-the-wild cross-dataset evaluation, FP32/INT8/gradient export with manifest, ONNX Runtime checks,
/// plots and REPORT.md. Fixed seeds: the same data give the same files.
/// </summary>
public static class LandmarksTrainCommand
{
    public static int Run(CommandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Value("root", "."));
        var dataRoot = Path.GetFullPath(options.Value("data", Path.Combine(root, "..", "shared", "data")));
        var outDir = Path.GetFullPath(options.Value("out", Path.Combine(root, "models")));
        var trainer = new TrainerOptions(
            Folds: options.Count("folds", 10, 2, 100),
            Seed: options.Count("seed", 1, 0, int.MaxValue),
            RemovePerStep: options.Count("step", 4, 1, 64),
            MinimumKept: options.Count("min-kept", 8, 2, 68),
            IgSteps: options.Count("ig-steps", 32, 32, 1024),
            MaximumUnion: options.Count("max-union", 34, 8, 68),
            AlignOnUnion: options.Choice("align", "subset", "union", "subset") == "union",
            InnerFolds: options.Count("inner-folds", 0, 0, 20),
            FacsPrior: options.Choice("prior", "none", "none", "facs") == "facs",
            ThresholdFolds: options.Count("threshold-folds", 0, 0, 20),
            BalanceClasses: options.Choice("classes", "as-is", "as-is", "balanced") == "balanced",
            Units: options.Count("units", 128, 8, 4096),
            Mirror: options.Choice("mirror", "off", "on", "off") == "on",
            PruneEachEmotion: options.Choice("emotion-pruning", "on", "on", "off") == "on",
            PruningSeeds: options.Count("pruning-seeds", 1, 1, 20));
        // mirror-average: the CK+48 crops only (the held-out photos keep the runtime's single fit); mirror-average-all:
        // the faces-in-the-wild photos too, as a runtime that mirror-averaged its keyframe fits would see them.
        var landmarks = options.Choice("landmarks", "single", "single", "mirror-average", "mirror-average-all");
        var seeds = options.Count("seeds", 10, 2, 100);
        options.RejectUnknown();
        if (trainer.MaximumUnion < trainer.MinimumKept)
        {
            throw new UsageException($"--max-union ({trainer.MaximumUnion}) must be at least --min-kept ({trainer.MinimumKept})");
        }

        var clock = Stopwatch.StartNew();
        FaceShapes ck, wild;
        using (var extractor = new LandmarkExtractor(Path.Combine(root, "models", "third_party", "blazeface"), Path.Combine(root, "artifacts", "cache")))
        {
            ck = extractor.ExtractTightCrops(Path.Combine(dataRoot, "ckplus48"), 4, Say, landmarks != "single");
            wild = extractor.ExtractDetected(Path.Combine(dataRoot, "faces-in-the-wild"), Say, landmarks == "mirror-average-all");
        }

        Say($"ckplus48: {ck.Count} images, {ck.NoFace} without a usable face; faces-in-the-wild: {wild.Count} images, {wild.NoFace} without a face ({clock.Elapsed.TotalSeconds:F0} s)");
        var data = TrainingData.Build(ck, wild);
        var folds = SubjectKFold.Assign(data.Dataset.Subjects, trainer.Folds, trainer.Seed);
        Say($"training set: {data.CkRows} CK+ images + {data.Dataset.Count - data.CkRows} faces-in-the-wild neutrals; held-out faces-in-the-wild images: {data.EvaluationRows.Length}");

        var window = WindowCheck.Run(data, folds);
        Say($"window check (all 68, default network, mean CV balanced accuracy): 1 frame {window.OneFrame:F4}, {WindowCheck.Frames} frames {window.Window:F4} -> {(window.Keep ? "window kept" : "single frame kept")}");
        if (window.Keep)
        {
            Say("note: the window helped, but the shipped pipeline uses single frames (windows are not implemented end to end)");
        }

        var dataset = trainer.Mirror ? data.Dataset.WithMirrors() : data.Dataset;
        var datasetFolds = trainer.Mirror ? SubjectKFold.Assign(dataset.Subjects, trainer.Folds, trainer.Seed) : folds;
        var trained = EmotionTrainer.TrainAll(dataset, trainer, Say);
        Say($"randomized networks trained ({clock.Elapsed.TotalSeconds:F0} s)");
        var reports = Baseline.CompareAndChoose(dataset, trained.Models, datasetFolds, trainer, Say);
        Say($"baseline compared ({clock.Elapsed.TotalSeconds:F0} s)");

        var robustness = RobustnessCheck.Run(dataset, reports, datasetFolds, trainer, seeds);
        Say($"robustness: mean cv balanced accuracy over network seeds 1..{seeds} {robustness.Average(x => x.Mean):F4} (shipped seed {reports.Average(x => x.Model.CrossValidated.BalancedAccuracy):F4}), "
            + $"ensemble of {RobustnessCheck.EnsembleSize} {robustness.Average(x => x.Ensemble):F4}, held-out thresholds {robustness.Average(x => x.HeldOutThreshold):F4} "
            + $"(all 68: {robustness.Average(x => x.HeldOutThresholdAllLandmarks):F4}) ({clock.Elapsed.TotalSeconds:F0} s)");

        var ckConfusion = OutOfFold(dataset, reports, datasetFolds, trainer);
        var (wildReports, wildConfusion, wildImages) = WildEvaluation.Run(data, wild, reports);
        Directory.CreateDirectory(outDir);
        ModelWriter.Write(outDir, wildReports, data.Dataset, "ckplus48 + faces-in-the-wild neutrals (training half of people)");
        var checkedReports = OnnxCheck.Run(outDir, wildReports, data, wild, rechooseThreshold: trainer.ThresholdFolds <= 1);
        ModelWriter.WriteManifest(outDir, checkedReports, data.Dataset, "ckplus48 + faces-in-the-wild neutrals (training half of people)");
        var elapsed = clock.Elapsed;
        ReportWriter.Write(outDir, new ReportInputs(checkedReports, trained, ck, wild, data, window, ckConfusion, wildConfusion, wildImages, trainer, robustness, elapsed));
        Say($"models, manifest, plots and REPORT.md written to {outDir} in {elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>Confusion matrix of the decided label from out-of-fold scores of the shipped configurations.</summary>
    private static ConfusionMatrix OutOfFold(LandmarkDataset data, IReadOnlyList<EmotionReport> reports, int[] folds, TrainerOptions trainer)
    {
        var perEmotion = new OutOfFoldScores[reports.Count];
        Parallel.For(0, reports.Count, k =>
        {
            var r = reports[k];
            var features = r.Model.Features(data);
            var learner = trainer.InnerFolds > 1 && r.Family != Baseline.Mlp
                ? NestedSelection.Learner(r.Model.Emotion, TrainerOptions.NestedGrid(r.Model.Options), trainer.InnerFolds, trainer.Seed)
                : r.ShippedLearner();
            perEmotion[k] = CrossValidation.Run(features, r.Model.Emotion, folds, learner, trainer.ThresholdFolds, trainer.Seed);
        });

        return CrossValidation.Confusion(data.Labels[..(data.Count - data.AugmentedRows)], perEmotion);
    }

    private static void Say(string line) => Console.WriteLine(line);
}
