using FerEdge.Core.Emotions;
using FerEdge.Training.Models;

namespace FerEdge.Training.Evaluation;

/// <summary>
/// Chooses a classifier's randomized-network options by an inner subject-grouped cross-validation on the training
/// rows it is given, so that an outer cross-validation of the whole procedure (<see cref="Learner"/>) never lets a
/// choice see the outer test fold: nested cross-validation. Static and thread-safe.
/// </summary>
public static class NestedSelection
{
    /// <summary>
    /// The candidate with the highest inner-CV balanced accuracy on <paramref name="data"/> (inner folds grouped by
    /// subject, seeded by <paramref name="seed"/>; AUC breaks ties, then the earlier candidate wins).
    /// </summary>
    public static RandomizedNetworkOptions Choose(FeatureSet data, Emotion emotion, IReadOnlyList<RandomizedNetworkOptions> candidates,
        int innerFolds, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentOutOfRangeException.ThrowIfLessThan(innerFolds, 2);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("no candidate options", nameof(candidates));
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        var folds = SubjectKFold.Assign(data.Subjects, innerFolds, seed);
        var best = 0;
        var bestScore = new BinaryEvaluation(double.NegativeInfinity, double.NegativeInfinity, 0);
        for (var c = 0; c < candidates.Count; c++)
        {
            var options = candidates[c];
            var e = CrossValidation.Run(data, emotion, folds, (set, t) => RandomizedNetwork.Train(set, t, options)).Evaluate();
            if (e.BalancedAccuracy > bestScore.BalancedAccuracy || (e.BalancedAccuracy == bestScore.BalancedAccuracy && e.Auc > bestScore.Auc))
            {
                best = c;
                bestScore = e;
            }
        }

        return candidates[best];
    }

    /// <summary>
    /// A training function for <see cref="CrossValidation.Run"/> that chooses its options with <see cref="Choose"/> on
    /// the training rows it receives and then trains on all of them.
    /// </summary>
    public static Func<FeatureSet, bool[], IScoreModel> Learner(Emotion emotion, IReadOnlyList<RandomizedNetworkOptions> candidates, int innerFolds, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return (set, targets) => RandomizedNetwork.Train(set, targets, Choose(set, emotion, candidates, innerFolds, seed));
    }
}
