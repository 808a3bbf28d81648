using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;
using FerEdge.Training.Models;
using FerEdge.Training.Synthetic;

namespace FerEdge.Training.Trainer;

/// <summary>
/// Raw 68-point shapes (pixels, 136 floats each, one contiguous array) with their emotion and subject, plus the
/// canonical reference shape the features are aligned to. Features for any landmark subset are derived on demand,
/// aligned by a similarity fit on that subset itself or on a given alignment set (the runtime's tracked union), as
/// the runtime will. <see cref="WithMirrors"/> appends the mirror image of every face as training-only rows
/// (<see cref="FeatureSet.AugmentedRows"/>). Immutable; safe to share between threads.
/// </summary>
public sealed class LandmarkDataset
{
    private readonly float[] _shapes;
    private readonly Emotion[] _labels;
    private readonly string[] _subjects;
    private readonly float[] _reference;


    public LandmarkDataset(float[] shapes, Emotion[] labels, string[] subjects, float[] reference, int augmentedRows = 0)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(reference);
        if (shapes.Length != labels.Length * Face68.ShapeLength || subjects.Length != labels.Length || reference.Length != Face68.ShapeLength)
        {
            throw new ArgumentException(
                $"inconsistent dataset: {shapes.Length} shape values for {labels.Length} labels and {subjects.Length} subjects, reference of {reference.Length}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(augmentedRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(augmentedRows, labels.Length);
        _shapes = shapes;
        _labels = labels;
        _subjects = subjects;
        _reference = reference;
        AugmentedRows = augmentedRows;
    }

    /// <summary>A synthetic dataset (see <see cref="SyntheticFaces"/>) with the synthetic mean face as reference.</summary>
    public static LandmarkDataset Synthetic(int subjects, int samplesPerEmotion, int seed)
    {
        var (shapes, labels, ids) = SyntheticFaces.Generate(subjects, samplesPerEmotion, seed);
        return new LandmarkDataset(shapes, labels, ids, SyntheticFaces.MeanFace());
    }

    public int Count => _labels.Length;

    /// <summary>How many trailing rows are augmentations (trained on, never evaluated).</summary>
    public int AugmentedRows { get; }

    /// <summary>
    /// This dataset followed by the mirror image of each of its real faces: x negated and left and right landmarks
    /// swapped, with the same emotion and subject (so the same fold). Expressions read the same in a mirror, and
    /// contempt, which is one-sided, gains its other side. The mirrors are training-only rows.
    /// </summary>
    public LandmarkDataset WithMirrors()
    {
        var real = Count - AugmentedRows;
        var shapes = new float[(Count + real) * Face68.ShapeLength];
        _shapes.CopyTo(shapes, 0);
        for (var r = 0; r < real; r++)
        {
            var source = _shapes.AsSpan(r * Face68.ShapeLength, Face68.ShapeLength);
            var target = shapes.AsSpan((Count + r) * Face68.ShapeLength, Face68.ShapeLength);
            Face68.Mirror(source, 0f, target);
        }

        return new LandmarkDataset(shapes, [.. _labels, .. _labels.AsSpan(0, real)], [.. _subjects, .. _subjects.AsSpan(0, real)], _reference,
            AugmentedRows + real);
    }

    public ReadOnlySpan<float> Reference => _reference;

    public ReadOnlySpan<Emotion> Labels => _labels;

    public ReadOnlySpan<string> Subjects => _subjects;

    /// <summary>Aligned single-frame features for <paramref name="layout"/>, fitted on the layout's own landmarks.</summary>
    public FeatureSet Features(FeatureLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Features(layout, layout.Indices);
    }

    /// <summary>Single-frame features for <paramref name="layout"/>, aligned by a similarity fit on <paramref name="alignOn"/>.</summary>
    public FeatureSet Features(FeatureLayout layout, ReadOnlySpan<int> alignOn) =>
        FeatureBuilder.Build(Aligner(layout, alignOn), _shapes, _labels, _subjects, AugmentedRows);

    /// <summary>The aligner that emits <paramref name="layout"/> fitted on <paramref name="alignOn"/> against this reference.</summary>
    public FaceAligner Aligner(FeatureLayout layout, ReadOnlySpan<int> alignOn) => new(_reference, layout, alignOn);

    /// <summary>The reference aligned onto itself for <paramref name="layout"/>: the neutral Integrated-Gradients baseline.</summary>
    public double[] Baseline(FeatureLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Baseline(layout, layout.Indices);
    }

    /// <summary>The reference aligned onto itself for <paramref name="layout"/> fitted on <paramref name="alignOn"/>
    /// (the reference fits itself exactly, so this is the layout's slice of the reference either way).</summary>
    public double[] Baseline(FeatureLayout layout, ReadOnlySpan<int> alignOn)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var aligned = new float[layout.FrameLength];
        Aligner(layout, alignOn).Align(_reference, aligned);
        return Array.ConvertAll(aligned, v => (double)v);
    }
}
