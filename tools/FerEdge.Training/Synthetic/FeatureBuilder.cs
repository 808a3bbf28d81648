using FerEdge.Core.Emotions;
using FerEdge.Core.Features;
using FerEdge.Training.Models;

namespace FerEdge.Training.Synthetic;

/// <summary>Turns raw 68-point shapes into an aligned <see cref="FeatureSet"/> for a one-frame layout. Static and thread-safe.</summary>
public static class FeatureBuilder
{
    /// <summary>Aligns every shape (136 floats each, pixels) with <paramref name="aligner"/> into feature rows.</summary>
    public static FeatureSet Build(FaceAligner aligner, ReadOnlySpan<float> shapes, Emotion[] labels, string[] subjects, int augmentedRows = 0)
    {
        ArgumentNullException.ThrowIfNull(aligner);
        ArgumentNullException.ThrowIfNull(labels);
        if (aligner.Layout.Frames != 1)
        {
            throw new ArgumentException("single-frame layouts only; windows are assembled by the pipeline", nameof(aligner));
        }

        var d = aligner.Layout.Length;
        var values = new double[labels.Length * d];
        var aligned = new float[d];
        for (var i = 0; i < labels.Length; i++)
        {
            aligner.Align(shapes.Slice(i * 136, 136), aligned);
            for (var c = 0; c < d; c++)
            {
                values[(i * d) + c] = aligned[c];
            }
        }

        return new FeatureSet(values, d, labels, subjects, augmentedRows);
    }
}
