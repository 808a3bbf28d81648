using FerEdge.Core.Features;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>
/// How far the shipped configurations' cross-validated balanced accuracy can be trusted, on the same folds:
/// <list type="bullet">
/// <item>the seed: the same landmarks, alignment, family and settings with network seeds 1..n (pruning chose the
/// subsets on seed 1's curve, so seed 1 carries that choice's optimism and the other seeds do not), and the mean score
/// of the first <see cref="EnsembleSize"/> seeds as one classifier;</item>
/// <item>the threshold: every fold's threshold chosen on out-of-fold scores of its training rows (an inner
/// subject-grouped CV) instead of on the model's own scores of them, for the shipped subset and for all 68
/// landmarks. In-sample scores of a wide input are over-confident, so the in-sample rule penalises wide inputs
/// more than narrow ones.</item>
/// </list>
/// Static and thread-safe.
/// </summary>
public static class RobustnessCheck
{
    /// <summary>Members of the seed ensemble.</summary>
    public const int EnsembleSize = 5;

    /// <summary>Inner folds of the held-out threshold.</summary>
    public const int ThresholdFolds = 5;

    /// <summary>One shipped configuration's CV balanced accuracy under the variations.</summary>
    /// <param name="PerSeed">Network seeds 1..n.</param>
    /// <param name="Ensemble">Mean score of seeds 1..<see cref="EnsembleSize"/>.</param>
    /// <param name="HeldOutThreshold">Seed 1, thresholds from inner out-of-fold scores.</param>
    /// <param name="HeldOutThresholdAllLandmarks">The same family and settings on all 68 landmarks, thresholds from inner
    /// out-of-fold scores.</param>
    public sealed record Result(double[] PerSeed, double Ensemble, double HeldOutThreshold, double HeldOutThresholdAllLandmarks)
    {
        public double Mean => PerSeed.Average();

        public double StandardDeviation => Math.Sqrt(PerSeed.Sum(a => (a - Mean) * (a - Mean)) / Math.Max(1, PerSeed.Length - 1));
    }

    public static Result[] Run(LandmarkDataset data, IReadOnlyList<EmotionReport> reports, int[] folds, TrainerOptions options, int seeds)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 2);
        var perEmotion = seeds + 3;
        var subsets = reports.Select(r => r.Model.Features(data)).ToArray();
        var allLandmarks = data.Features(FeatureLayout.Full());
        var accuracy = new double[reports.Count * perEmotion];
        Parallel.For(0, accuracy.Length, job =>
        {
            int k = job / perEmotion, s = job % perEmotion;
            var r = reports[k];
            var emotion = r.Model.Emotion;
            OutOfFoldScores evaluation;
            if (s < seeds)
            {
                evaluation = CrossValidation.Run(subsets[k], emotion, folds, r.Learner(s + 1));
            }
            else if (s == seeds)
            {
                evaluation = CrossValidation.Run(subsets[k], emotion, folds,
                    (set, t) => new ScoreEnsemble([.. Enumerable.Range(1, EnsembleSize).Select(seed => r.Learner(seed)(set, t))]));
            }
            else
            {
                evaluation = CrossValidation.Run(s == seeds + 1 ? subsets[k] : allLandmarks, emotion, folds, r.ShippedLearner(), ThresholdFolds, options.Seed);
            }

            accuracy[job] = evaluation.Evaluate().BalancedAccuracy;
        });

        var results = new Result[reports.Count];
        for (var k = 0; k < reports.Count; k++)
        {
            var row = accuracy.AsSpan(k * perEmotion, perEmotion);
            results[k] = new Result(row[..seeds].ToArray(), row[seeds], row[seeds + 1], row[seeds + 2]);
        }

        return results;
    }
}
