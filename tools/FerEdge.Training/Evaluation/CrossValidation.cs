using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Evaluation;

/// <summary>Trains a classifier on all folds but one, scores the held-out fold, and repeats. Static and thread-safe.</summary>
public static class CrossValidation
{
    /// <summary>
    /// Out-of-fold scores of <paramref name="emotion"/>'s one-vs-rest classifier built by <paramref name="train"/>, for
    /// the real rows of <paramref name="data"/>: augmented rows (which share their source's subject, so its fold) train
    /// the folds they are not in and are never scored.
    /// Each fold's threshold maximises balanced accuracy on its training rows: on the training model's own scores of
    /// them (<paramref name="thresholdFolds"/> 0), or on their out-of-fold scores from an inner subject-grouped CV with
    /// that many folds (seeded by <paramref name="seed"/>), which scores them the way unseen faces are scored.
    /// </summary>
    public static OutOfFoldScores Run(FeatureSet data, Emotion emotion, ReadOnlySpan<int> folds,
        Func<FeatureSet, bool[], IScoreModel> train, int thresholdFolds = 0, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(train);
        if (folds.Length != data.Count)
        {
            throw new ArgumentException($"{folds.Length} fold assignments for {data.Count} samples", nameof(folds));
        }

        var foldCount = 0;
        foreach (var f in folds)
        {
            foldCount = Math.Max(foldCount, f + 1);
        }

        var evaluated = data.EvaluatedCount;
        var targets = data.Targets(emotion)[..evaluated];
        var scores = new double[evaluated];
        var thresholds = new double[evaluated];
        for (var fold = 0; fold < foldCount; fold++)
        {
            var testRows = Array.FindAll(SubjectKFold.Rows(folds, fold, inFold: true), r => r < evaluated);
            if (testRows.Length == 0)
            {
                continue;
            }

            var trainRows = SubjectKFold.Rows(folds, fold, inFold: false);
            var trainSet = data.Subset(trainRows);
            var trainTargets = trainSet.Targets(emotion);
            var model = train(trainSet, trainTargets);

            var threshold = thresholdFolds > 1
                ? HeldOutThreshold(trainSet, emotion, thresholdFolds, seed, train)
                : InSampleThreshold(model, trainSet, trainTargets);
            foreach (var row in testRows)
            {
                scores[row] = model.Score(data.Row(row));
                thresholds[row] = threshold;
            }
        }

        return new OutOfFoldScores(emotion, scores, thresholds, targets);
    }

    /// <summary>
    /// The balanced-accuracy threshold on out-of-fold scores of <paramref name="data"/> from a subject-grouped CV with
    /// <paramref name="folds"/> folds: the threshold a model trained on all of <paramref name="data"/> should use on
    /// faces it has not seen, without looking at any of them.
    /// </summary>
    public static double HeldOutThreshold(FeatureSet data, Emotion emotion, int folds, int seed, Func<FeatureSet, bool[], IScoreModel> train)
    {
        ArgumentNullException.ThrowIfNull(data);
        var assignment = SubjectKFold.Assign(data.Subjects, folds, seed);
        var inner = Run(data, emotion, assignment, train);
        return BinaryMetrics.BestBalancedAccuracyThreshold(inner.Scores, inner.Targets);
    }

    /// <summary>The balanced-accuracy threshold on <paramref name="model"/>'s own scores of the rows it was trained on.</summary>
    public static double InSampleThreshold(IScoreModel model, FeatureSet trainSet, bool[] trainTargets)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainSet);
        var scores = new double[trainSet.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = model.Score(trainSet.Row(i));
        }

        return BinaryMetrics.BestBalancedAccuracyThreshold(scores, trainTargets);
    }

    /// <summary>Confusion matrix of the decided label from one out-of-fold result per classified emotion.</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<Emotion> actual, IReadOnlyList<OutOfFoldScores> perEmotion)
    {
        ArgumentNullException.ThrowIfNull(perEmotion);
        var classified = EmotionLabels.Classified;
        if (perEmotion.Count != classified.Length)
        {
            throw new ArgumentException($"need one result per classified emotion ({classified.Length})", nameof(perEmotion));
        }

        for (var k = 0; k < classified.Length; k++)
        {
            if (perEmotion[k].Emotion != classified[k] || perEmotion[k].Scores.Length != actual.Length)
            {
                throw new ArgumentException($"result {k} must be for {classified[k].ToLabel()} over {actual.Length} samples", nameof(perEmotion));
            }
        }

        var matrix = new ConfusionMatrix();
        Span<double> scores = stackalloc double[classified.Length];
        Span<double> thresholds = stackalloc double[classified.Length];
        for (var i = 0; i < actual.Length; i++)
        {
            for (var k = 0; k < classified.Length; k++)
            {
                scores[k] = perEmotion[k].Scores[i];
                thresholds[k] = perEmotion[k].Thresholds[i];
            }

            matrix.Add(actual[i], ConfusionMatrix.Decide(scores, thresholds));
        }

        return matrix;
    }

    /// <summary>
    /// Picks, among <paramref name="candidates"/>, the randomized-network options with the highest out-of-fold AUC
    /// (earliest candidate on ties), e.g. to choose between reading out all layers or the last one.
    /// </summary>
    public static (RandomizedNetworkOptions Best, double[] Aucs) ChooseOptions(FeatureSet data, Emotion emotion, ReadOnlySpan<int> folds,
        IReadOnlyList<RandomizedNetworkOptions> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("no candidate options", nameof(candidates));
        }

        var aucs = new double[candidates.Count];
        var best = 0;
        for (var c = 0; c < candidates.Count; c++)
        {
            var options = candidates[c];
            aucs[c] = Run(data, emotion, folds, (set, t) => RandomizedNetwork.Train(set, t, options)).Evaluate().Auc;
            if (aucs[c] > aucs[best])
            {
                best = c;
            }
        }

        return (candidates[best], aucs);
    }
}
