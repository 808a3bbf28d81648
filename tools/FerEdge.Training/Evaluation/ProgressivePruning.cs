using FerEdge.Core.Features;

namespace FerEdge.Training.Evaluation;

/// <summary>
/// Progressive landmark pruning (Di Luzio et al. 2024): starting from every ranked landmark, drop the
/// least-important ones a few at a time, retrain and record accuracy against the number kept; choose the smallest
/// subset whose accuracy is within <c>tolerance</c> of the best. Static and thread-safe as long as the callback is.
/// </summary>
public static class ProgressivePruning
{
    /// <summary>Half a percentage point, the default tolerance for accuracies in [0, 1].</summary>
    public const double DefaultTolerance = 0.005;

    /// <param name="landmarksByImportance">68-layout landmark indices, most important first.</param>
    /// <param name="removePerStep">How many landmarks each step removes.</param>
    /// <param name="minimumKept">Fewest landmarks evaluated (at least 2, alignment needs them).</param>
    /// <param name="evaluate">Retrains on the given landmarks and returns the accuracy in [0, 1].</param>
    /// <param name="tolerance">How far below the best accuracy the chosen subset may be.</param>
    public static PruningResult Run(ReadOnlySpan<int> landmarksByImportance, int removePerStep, int minimumKept,
        Func<int[], double> evaluate, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentOutOfRangeException.ThrowIfLessThan(removePerStep, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumKept, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (landmarksByImportance.Length < minimumKept)
        {
            throw new ArgumentException($"ranking has {landmarksByImportance.Length} landmarks, fewer than the minimum {minimumKept}");
        }

        var steps = new List<PruningStep>();
        for (var kept = landmarksByImportance.Length; kept >= minimumKept; kept -= removePerStep)
        {
            var subset = landmarksByImportance[..kept].ToArray();
            var accuracy = evaluate(subset);
            if (!double.IsFinite(accuracy))
            {
                throw new InvalidOperationException($"evaluation with {kept} landmarks returned {accuracy}");
            }

            steps.Add(new PruningStep(subset, accuracy));
        }

        return Choose(steps, tolerance);
    }

    /// <summary>
    /// The pruning rule on an evaluated curve: the best step (the first of equals) and the smallest step within
    /// <paramref name="tolerance"/> of it.
    /// </summary>
    public static PruningResult Choose(IReadOnlyList<PruningStep> steps, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (steps.Count == 0)
        {
            throw new ArgumentException("no pruning steps to choose from", nameof(steps));
        }

        var best = steps[0];
        foreach (var s in steps)
        {
            if (s.Accuracy > best.Accuracy)
            {
                best = s;
            }
        }

        var chosen = best;
        foreach (var s in steps)
        {
            if (s.Accuracy >= best.Accuracy - tolerance && s.Kept.Length < chosen.Kept.Length)
            {
                chosen = s;
            }
        }

        return new PruningResult(steps, best, chosen);
    }

    /// <summary>
    /// Feature columns of <paramref name="layout"/> that hold <paramref name="landmarks"/> (x then y, every frame),
    /// for <see cref="Models.FeatureSet.SelectColumns"/>. Throws when a landmark is not in the layout.
    /// </summary>
    public static int[] Columns(FeatureLayout layout, ReadOnlySpan<int> landmarks)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var columns = new int[layout.Frames * landmarks.Length * 2];
        var c = 0;
        for (var f = 0; f < layout.Frames; f++)
        {
            foreach (var landmark in landmarks)
            {
                var position = layout.PositionOf(landmark);
                if (position < 0)
                {
                    throw new ArgumentException($"landmark {landmark} is not in the layout", nameof(landmarks));
                }

                columns[c++] = (f * layout.FrameLength) + (2 * position);
                columns[c++] = (f * layout.FrameLength) + (2 * position) + 1;
            }
        }

        return columns;
    }
}
