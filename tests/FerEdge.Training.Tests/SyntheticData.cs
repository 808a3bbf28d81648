using FerEdge.Core.Features;
using FerEdge.Training.Models;
using FerEdge.Training.Synthetic;

namespace FerEdge.Training.Tests;

/// <summary>Shared synthetic landmark data sets, aligned on the full 68-point layout.</summary>
internal static class SyntheticData
{
    private static readonly Lazy<FeatureSet> SmallLazy = new(() => Create(subjects: 16, perEmotion: 3, seed: 7));

    /// <summary>16 subjects x 8 emotions x 3 samples = 384 rows of 136 aligned features.</summary>
    public static FeatureSet Small => SmallLazy.Value;

    public static FeatureLayout Layout { get; } = FeatureLayout.Full();

    public static FaceAligner Aligner { get; } = new(SyntheticFaces.MeanFace(), Layout);

    /// <summary>The aligned mean face, the neutral baseline for Integrated Gradients.</summary>
    public static double[] NeutralBaseline()
    {
        var aligned = new float[Layout.Length];
        Aligner.Align(SyntheticFaces.MeanFace(), aligned);
        return Array.ConvertAll(aligned, v => (double)v);
    }

    public static FeatureSet Create(int subjects, int perEmotion, int seed)
    {
        var (shapes, labels, ids) = SyntheticFaces.Generate(subjects, perEmotion, seed);
        return FeatureBuilder.Build(Aligner, shapes, labels, ids);
    }
}
