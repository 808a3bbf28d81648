using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Models;
using FerEdge.Training.Synthetic;

namespace FerEdge.Training.Pipeline;

/// <summary>
/// Raw 68-point shapes (pixels, 136 floats each, one contiguous array) with their emotion and subject, plus the
/// canonical reference shape the features are aligned to. Features for any landmark subset are derived on demand,
/// aligned by a similarity fit on that subset itself or on a given alignment set (the runtime's tracked union), as
/// the runtime will. Immutable; safe to share between threads.
/// </summary>
public sealed class LandmarkDataset
{
    private readonly float[] _shapes;
    private readonly Emotion[] _labels;
    private readonly string[] _subjects;
    private readonly float[] _reference;

    public LandmarkDataset(float[] shapes, Emotion[] labels, string[] subjects, float[] reference)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(reference);
        if (shapes.Length != labels.Length * 136 || subjects.Length != labels.Length || reference.Length != 136)
        {
            throw new ArgumentException(
                $"inconsistent dataset: {shapes.Length} shape values for {labels.Length} labels and {subjects.Length} subjects, reference of {reference.Length}");
        }

        _shapes = shapes;
        _labels = labels;
        _subjects = subjects;
        _reference = reference;
    }

    /// <summary>A synthetic dataset (see <see cref="SyntheticFaces"/>) with the synthetic mean face as reference.</summary>
    public static LandmarkDataset Synthetic(int subjects, int samplesPerEmotion, int seed)
    {
        var (shapes, labels, ids) = SyntheticFaces.Generate(subjects, samplesPerEmotion, seed);
        return new LandmarkDataset(shapes, labels, ids, SyntheticFaces.MeanFace());
    }

    public int Count => _labels.Length;

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
    public FeatureSet Features(FeatureLayout layout, ReadOnlySpan<int> alignOn) => FeatureBuilder.Build(Aligner(layout, alignOn), _shapes, _labels, _subjects);

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
