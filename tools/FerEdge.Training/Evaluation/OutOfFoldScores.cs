using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;

namespace FerEdge.Training.Evaluation;

/// <summary>
/// Out-of-fold predictions of one binary classifier: for every sample, the score of the model that did not see its
/// subject, and the decision threshold chosen on that model's training folds. Immutable.
/// </summary>
public sealed class OutOfFoldScores
{
    private readonly double[] _scores;
    private readonly double[] _thresholds;
    private readonly bool[] _targets;

    public OutOfFoldScores(Emotion emotion, double[] scores, double[] thresholds, bool[] targets)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(targets);
        if (thresholds.Length != scores.Length || targets.Length != scores.Length)
        {
            throw new ArgumentException("scores, thresholds and targets must have equal lengths");
        }

        Emotion = emotion;
        _scores = scores;
        _thresholds = thresholds;
        _targets = targets;
    }

    public Emotion Emotion { get; }

    public ReadOnlySpan<double> Scores => _scores;

    public ReadOnlySpan<double> Thresholds => _thresholds;

    public ReadOnlySpan<bool> Targets => _targets;

    /// <summary>AUC of the pooled scores; balanced accuracy and F1 of the per-fold thresholded decisions.</summary>
    public BinaryEvaluation Evaluate()
    {
        var margins = new double[_scores.Length];
        for (var i = 0; i < margins.Length; i++)
        {
            margins[i] = _scores[i] - _thresholds[i];
        }

        return new BinaryEvaluation(
            BinaryMetrics.RocAuc(_scores, _targets),
            BinaryMetrics.BalancedAccuracy(margins, _targets, 0),
            BinaryMetrics.F1(margins, _targets, 0));
    }
}
