namespace FerEdge.Training.Evaluation;

/// <summary>
/// Subject-grouped K-fold assignment: every sample of a subject lands in the same fold, so no subject is in both
/// the training and the test part of any split. Subjects are shuffled with the seed, then placed largest first into
/// the fold with the fewest samples so far, which balances fold sizes. Deterministic for a given seed and subject
/// list (independent of sample order). Static and thread-safe.
/// </summary>
public static class SubjectKFold
{
    /// <summary>Fold index (0..folds-1) of each sample.</summary>
    public static int[] Assign(ReadOnlySpan<string> subjects, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in subjects)
        {
            if (string.IsNullOrEmpty(s))
            {
                throw new ArgumentException("every sample needs a subject id for grouped folds", nameof(subjects));
            }

            counts[s] = counts.GetValueOrDefault(s) + 1;
        }

        if (counts.Count < folds)
        {
            throw new ArgumentException($"{counts.Count} subjects cannot fill {folds} subject-disjoint folds", nameof(subjects));
        }

        var names = counts.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        new Random(seed).Shuffle(names);

        // Stable sort by size, largest first, so the shuffle decides among equal sizes.
        var order = Enumerable.Range(0, names.Length).OrderByDescending(i => counts[names[i]]).ThenBy(i => i).ToArray();
        var foldSize = new int[folds];
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in order)
        {
            var target = 0;
            for (var f = 1; f < folds; f++)
            {
                if (foldSize[f] < foldSize[target])
                {
                    target = f;
                }
            }

            foldOf[names[i]] = target;
            foldSize[target] += counts[names[i]];
        }

        var result = new int[subjects.Length];
        for (var k = 0; k < subjects.Length; k++)
        {
            result[k] = foldOf[subjects[k]];
        }

        return result;
    }

    /// <summary>Row indices with (<paramref name="inFold"/> true) or without the given fold.</summary>
    public static int[] Rows(ReadOnlySpan<int> assignment, int fold, bool inFold)
    {
        var rows = new List<int>();
        for (var i = 0; i < assignment.Length; i++)
        {
            if ((assignment[i] == fold) == inFold)
            {
                rows.Add(i);
            }
        }

        return [.. rows];
    }
}
