namespace FerEdge.Training.Evaluation;

/// <summary>
/// Pruning on one ranking shared by every emotion, so that the union of landmarks the runtime tracks is bounded:
/// prefixes of the shared ranking are evaluated for every emotion, and the pruning rule (smallest subset within the
/// tolerance of the best) is applied to the mean over emotions, with a hard cap on the size of the union. Each
/// emotion may then prune further inside the union. Static; thread-safe as long as the callback is.
/// </summary>
public static class UnionPruning
{
    /// <param name="sharedRanking">68-layout landmark indices, most important first.</param>
    /// <param name="removePerStep">How many landmarks each step removes.</param>
    /// <param name="minimumKept">Fewest landmarks evaluated (at least 2).</param>
    /// <param name="maximumUnion">Largest union allowed; evaluated as a step of its own when the stepping skips it.</param>
    /// <param name="emotions">How many emotions <paramref name="evaluate"/> is called for (index 0 .. emotions-1).</param>
    /// <param name="evaluate">Retrains emotion <c>e</c> on the given landmarks and returns its accuracy in [0, 1];
    /// called concurrently for different (subset, emotion) pairs.</param>
    /// <param name="tolerance">How far below the best mean accuracy the chosen union may be.</param>
    public static UnionPruningResult Run(ReadOnlySpan<int> sharedRanking, int removePerStep, int minimumKept, int maximumUnion, int emotions,
        Func<int[], int, double> evaluate, double tolerance = ProgressivePruning.DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentOutOfRangeException.ThrowIfLessThan(removePerStep, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumKept, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumUnion, minimumKept);
        ArgumentOutOfRangeException.ThrowIfLessThan(emotions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        if (sharedRanking.Length < minimumKept)
        {
            throw new ArgumentException($"ranking has {sharedRanking.Length} landmarks, fewer than the minimum {minimumKept}");
        }

        var sizes = new List<int>();
        for (var kept = sharedRanking.Length; kept >= minimumKept; kept -= removePerStep)
        {
            sizes.Add(kept);
        }

        if (maximumUnion < sharedRanking.Length && !sizes.Contains(maximumUnion))
        {
            sizes.Add(maximumUnion);
            sizes.Sort((a, b) => b.CompareTo(a));
        }

        var subsets = new int[sizes.Count][];
        for (var s = 0; s < subsets.Length; s++)
        {
            subsets[s] = sharedRanking[..sizes[s]].ToArray();
        }

        var accuracy = new double[sizes.Count][];
        for (var s = 0; s < accuracy.Length; s++)
        {
            accuracy[s] = new double[emotions];
        }

        Parallel.For(0, sizes.Count * emotions, job =>
        {
            int s = job / emotions, e = job % emotions;
            var a = evaluate(subsets[s], e);
            if (!double.IsFinite(a))
            {
                throw new InvalidOperationException($"evaluation of emotion {e} with {sizes[s]} landmarks returned {a}");
            }

            accuracy[s][e] = a;
        });

        var steps = new PruningStep[sizes.Count];
        for (var s = 0; s < steps.Length; s++)
        {
            double sum = 0;
            foreach (var a in accuracy[s])
            {
                sum += a;
            }

            steps[s] = new PruningStep(subsets[s], sum / emotions);
        }

        var rule = ProgressivePruning.Choose(steps, tolerance);
        if (rule.Chosen.Kept.Length <= maximumUnion)
        {
            return new UnionPruningResult(rule, accuracy, Capped: false);
        }

        // The rule wants more landmarks than the runtime may track: take the most accurate union within the cap
        // (the larger one on ties, as the rule prefers accuracy first).
        PruningStep? capped = null;
        foreach (var step in steps)
        {
            if (step.Kept.Length <= maximumUnion && (capped is null || step.Accuracy > capped.Accuracy))
            {
                capped = step;
            }
        }

        return new UnionPruningResult(rule with { Chosen = capped! }, accuracy, Capped: true);
    }
}
