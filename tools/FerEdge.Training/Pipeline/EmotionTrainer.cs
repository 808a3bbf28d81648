using System.Collections.Concurrent;
using System.Diagnostics;
using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Explain;
using FerEdge.Training.Models;

namespace FerEdge.Training.Pipeline;

/// <summary>
/// Trains the binary classifier of each emotion the way the product ships it (Di Luzio et al. 2024):
/// choose the network configuration by subject-grouped CV on all landmarks, rank landmarks by Integrated Gradients
/// over the emotion's samples, prune progressively with CV at each step, keep the smallest subset within tolerance
/// of the best, retrain on all data and pick the threshold on that training data. Emotions run in parallel;
/// everything inside one emotion is sequential and deterministic. Static and thread-safe.
/// </summary>
public static class EmotionTrainer
{
    /// <summary>Trains all seven classified emotions; <paramref name="log"/> (may be null) receives progress lines.</summary>
    public static IReadOnlyList<EmotionModel> TrainAll(LandmarkDataset data, TrainerOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var folds = SubjectKFold.Assign(data.Subjects, options.Folds, options.Seed);
        var classified = EmotionLabels.Classified.ToArray();
        var results = new ConcurrentDictionary<Emotion, EmotionModel>();
        Parallel.ForEach(classified, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, emotion =>
        {
            var model = Train(data, emotion, folds, options);
            results[emotion] = model;
            log?.Invoke($"{emotion.ToLabel()}: {model.Layout.LandmarkCount} landmarks, cv auc {model.CrossValidated.Auc:F3}, "
                + $"balanced accuracy {model.CrossValidated.BalancedAccuracy:F3} (all 68: {model.CrossValidatedAllLandmarks.BalancedAccuracy:F3}), "
                + $"FACS IoU {model.FacsIoU:F3}, {model.Elapsed.TotalSeconds:F1} s");
        });

        return [.. classified.Select(e => results[e])];
    }

    /// <summary>Trains one emotion with the given subject-grouped fold assignment.</summary>
    public static EmotionModel Train(LandmarkDataset data, Emotion emotion, ReadOnlySpan<int> folds, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var full = FeatureLayout.Full();
        var features = data.Features(full);
        var foldArray = folds.ToArray();
        var (chosen, _) = CrossValidation.ChooseOptions(features, emotion, folds, options.EffectiveCandidates);

        var fullModel = RandomizedNetwork.Train(features, features.Targets(emotion), chosen);
        var positives = features.Subset(RowsOf(features, emotion));
        var ranking = LandmarkRanking.Compute(fullModel, positives, full, data.Baseline(full), options.IgSteps);
        var iou = FacsAgreement.IntersectionOverUnion(ranking.ToLandmarkMap(), emotion);

        var evaluations = new Dictionary<int, BinaryEvaluation>();
        var pruning = ProgressivePruning.Run(ranking.LandmarksByImportance, options.RemovePerStep, options.MinimumKept, kept =>
        {
            var subset = data.Features(new FeatureLayout(kept));
            var e = CrossValidation.Run(subset, emotion, foldArray, (set, t) => RandomizedNetwork.Train(set, t, chosen)).Evaluate();
            evaluations[kept.Length] = e;
            return e.BalancedAccuracy;
        }, options.Tolerance);

        var layout = new FeatureLayout(pruning.Chosen.Kept);
        var final = data.Features(layout);
        var targets = final.Targets(emotion);
        var network = RandomizedNetwork.Train(final, targets, chosen);
        var scores = new double[final.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = network.Score(final.Row(i));
        }

        var threshold = BinaryMetrics.BestBalancedAccuracyThreshold(scores, targets);
        return new EmotionModel(emotion, layout, chosen, network, threshold, evaluations[layout.LandmarkCount],
            evaluations[FeatureLayout.FullLandmarkCount], pruning, ranking, iou, clock.Elapsed);
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
}
