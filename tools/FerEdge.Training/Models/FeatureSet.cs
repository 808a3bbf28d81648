using FerEdge.Core.Emotions;

namespace FerEdge.Training.Models;

/// <summary>
/// A labelled sample matrix for training: row-major features <c>[Count, Dimension]</c> (one contiguous array, no
/// per-sample objects), the emotion of each row and the subject it came from (for subject-grouped folds). The last
/// <see cref="AugmentedRows"/> rows may be augmentations of the others (mirror images): cross-validation trains on
/// them and never scores them, so every reported figure counts real faces only. Immutable after construction; safe to read from several threads.
/// </summary>
public sealed class FeatureSet
{
    private readonly double[] _values;
    private readonly Emotion[] _labels;
    private readonly string[] _subjects;

    /// <summary>Wraps the given arrays (taken over, not copied); the last <paramref name="augmentedRows"/> rows are augmentations.</summary>
    public FeatureSet(double[] values, int dimension, Emotion[] labels, string[] subjects, int augmentedRows = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (values.Length != labels.Length * dimension || subjects.Length != labels.Length)
        {
            throw new ArgumentException(
                $"inconsistent sizes: {values.Length} values, dimension {dimension}, {labels.Length} labels, {subjects.Length} subjects");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(augmentedRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(augmentedRows, labels.Length);
        _values = values;
        _labels = labels;
        _subjects = subjects;
        Dimension = dimension;
        AugmentedRows = augmentedRows;
    }

    public int Count => _labels.Length;

    /// <summary>How many trailing rows are augmentations: trained on, never evaluated.</summary>
    public int AugmentedRows { get; }

    /// <summary>Rows 0..EvaluatedCount-1 are real samples.</summary>
    public int EvaluatedCount => Count - AugmentedRows;

    public int Dimension { get; }

    public ReadOnlySpan<double> Values => _values;

    public ReadOnlySpan<Emotion> Labels => _labels;

    public ReadOnlySpan<string> Subjects => _subjects;

    /// <summary>Row <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> Row(int i) => _values.AsSpan(i * Dimension, Dimension);

    /// <summary>One-vs-rest targets for <paramref name="emotion"/>.</summary>
    public bool[] Targets(Emotion emotion)
    {
        var t = new bool[Count];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = _labels[i] == emotion;
        }

        return t;
    }

    /// <summary>
    /// The rows listed in <paramref name="rows"/>, in that order. Augmented rows stay augmented, so they must come after
    /// every real row in the list (ascending row lists do).
    /// </summary>
    public FeatureSet Subset(ReadOnlySpan<int> rows)
    {
        var values = new double[rows.Length * Dimension];
        var labels = new Emotion[rows.Length];
        var subjects = new string[rows.Length];
        var augmented = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            Row(rows[k]).CopyTo(values.AsSpan(k * Dimension, Dimension));
            labels[k] = _labels[rows[k]];
            subjects[k] = _subjects[rows[k]];
            if (rows[k] >= EvaluatedCount)
            {
                augmented++;
            }
            else if (augmented > 0)
            {
                throw new ArgumentException($"real row {rows[k]} listed after an augmented row; list real rows first", nameof(rows));
            }
        }

        return new FeatureSet(values, Dimension, labels, subjects, augmented);
    }

    /// <summary>
    /// Keeps only the columns listed in <paramref name="columns"/> (in that order), for example the x,y pairs of
    /// the landmarks that survive pruning.
    /// </summary>
    public FeatureSet SelectColumns(ReadOnlySpan<int> columns)
    {
        var d = columns.Length;
        var values = new double[Count * d];
        for (var i = 0; i < Count; i++)
        {
            var row = Row(i);
            var dst = values.AsSpan(i * d, d);
            for (var c = 0; c < d; c++)
            {
                dst[c] = row[columns[c]];
            }
        }

        return new FeatureSet(values, d, _labels, _subjects, AugmentedRows);
    }
}
