using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>
/// The gradient-trained MLP baseline against the randomized networks: subject-independent CV of the MLP on all 68
/// landmarks and on each emotion's pruned subset; per emotion the family with the higher CV balanced accuracy on the
/// pruned subset is shipped (the randomized network on ties, as the product's family). Static and thread-safe.
/// </summary>
public static class Baseline
{
    public const string Randomized = "randomized";
    public const string Mlp = "mlp";

    /// <summary>The baseline's settings: one hidden layer of 64 tanh units, 40 epochs of Adam.</summary>
    public static MlpOptions Options { get; } = new([64], Epochs: 40);

    /// <summary>
    /// Compares each model with the baseline and returns the reports of the shipped choices; a shipped baseline is
    /// explained again (IG with the steps of <paramref name="options"/>) so that its attribution and FACS IoU describe it.
    /// </summary>
    public static IReadOnlyList<EmotionReport> CompareAndChoose(LandmarkDataset data, IReadOnlyList<EmotionModel> models, int[] folds,
        TrainerOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        var full = data.Features(FeatureLayout.Full());
        var reports = new EmotionReport[models.Count];
        Parallel.For(0, models.Count, k =>
        {
            var m = models[k];
            var all = CrossValidation.Run(full, m.Emotion, folds, (s, t) => MlpBaseline.Train(s, t, Options), options.ThresholdFolds, options.Seed).Evaluate();
            var subset = m.Features(data);
            var pruned = CrossValidation.Run(subset, m.Emotion, folds, (s, t) => MlpBaseline.Train(s, t, Options), options.ThresholdFolds, options.Seed).Evaluate();
            var shipped = m;
            var family = Randomized;
            if (pruned.BalancedAccuracy > m.CrossValidated.BalancedAccuracy)
            {
                var targets = subset.Targets(m.Emotion);
                var network = MlpBaseline.Train(subset, targets, Options);
                var threshold = EmotionTrainer.ShippedThreshold(subset, m.Emotion, network, (s, t) => MlpBaseline.Train(s, t, Options), options);
                var explanation = EmotionTrainer.Explain(data, m.Emotion, m.Layout, m.Alignment, network, threshold, options.IgSteps);
                shipped = m with
                {
                    Network = network,
                    Threshold = threshold,
                    CrossValidated = pruned,
                    Explanation = explanation,
                    FacsIoU = FacsAgreement.IntersectionOverUnion(explanation.Magnitude, m.Emotion),
                    FacsIoUEvidence = FacsAgreement.IntersectionOverUnion(explanation.Evidence, m.Emotion),
                };
                family = Mlp;
            }

            log?.Invoke($"{m.Emotion.ToLabel()}: mlp cv balanced accuracy all 68 {all.BalancedAccuracy:F3}, pruned {pruned.BalancedAccuracy:F3} "
                + $"vs randomized {m.CrossValidated.BalancedAccuracy:F3} -> ship {family}");
            reports[k] = new EmotionReport(shipped, family, all, pruned, new BinaryEvaluation(double.NaN, double.NaN, double.NaN), 0, double.NaN, double.NaN, double.NaN);
        });

        return reports;
    }
}
