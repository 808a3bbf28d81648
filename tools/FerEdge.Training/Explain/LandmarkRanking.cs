using FerEdge.Core.Features;
using FerEdge.Core.Landmarks;
using FerEdge.Training.Models;

namespace FerEdge.Training.Explain;

/// <summary>
/// Dataset-level landmark importance for one classifier: Integrated Gradients of every given sample against a
/// neutral baseline, with |attr(x)| + |attr(y)| summed per landmark over the window's frames and averaged over
/// samples. Immutable once computed.
/// </summary>
public sealed class LandmarkRanking
{
    private readonly double[] _importance;
    private readonly int[] _order;
    private readonly int[] _landmarks;

    private LandmarkRanking(double[] importance, FeatureLayout layout)
    {
        _importance = importance;
        _order = new int[importance.Length];
        for (var k = 0; k < _order.Length; k++)
        {
            _order[k] = k;
        }

        // Most important first; ties by position keep the order deterministic.
        Array.Sort(_order, (a, b) => importance[b] != importance[a] ? importance[b].CompareTo(importance[a]) : a.CompareTo(b));
        _landmarks = new int[_order.Length];
        for (var k = 0; k < _order.Length; k++)
        {
            _landmarks[k] = layout.Indices[_order[k]];
        }

        Layout = layout;
    }

    public FeatureLayout Layout { get; }

    /// <summary>Mean |attribution| of each layout position (same order as <see cref="FeatureLayout.Indices"/>).</summary>
    public ReadOnlySpan<double> Importance => _importance;

    /// <summary>68-layout landmark indices, most important first.</summary>
    public ReadOnlySpan<int> LandmarksByImportance => _landmarks;

    /// <summary>Importance as a 68-entry map (0 for landmarks the layout does not use), for FACS agreement.</summary>
    public float[] ToLandmarkMap()
    {
        var map = new float[Face68.PointCount];
        for (var k = 0; k < _importance.Length; k++)
        {
            map[Layout.Indices[k]] = (float)_importance[k];
        }

        return map;
    }

    /// <summary>
    /// A ranking from given importances, one per position of <paramref name="layout"/> (finite, larger = more
    /// important); the array is copied.
    /// </summary>
    public static LandmarkRanking FromImportance(ReadOnlySpan<double> importance, FeatureLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (importance.Length != layout.LandmarkCount)
        {
            throw new ArgumentException($"{importance.Length} importances for a layout of {layout.LandmarkCount} landmarks", nameof(importance));
        }

        foreach (var v in importance)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("importances must be finite", nameof(importance));
            }
        }

        return new LandmarkRanking(importance.ToArray(), layout);
    }

    /// <summary>Computes the ranking of <paramref name="model"/> over every row of <paramref name="samples"/>.</summary>
    public static LandmarkRanking Compute(IScoreModel model, FeatureSet samples, FeatureLayout layout, ReadOnlySpan<double> baseline,
        int steps = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(layout);
        if (samples.Dimension != layout.Length || model.InputLength != layout.Length)
        {
            throw new ArgumentException($"samples ({samples.Dimension}) and model ({model.InputLength}) must match the layout length {layout.Length}");
        }

        if (samples.Count == 0)
        {
            throw new ArgumentException("no samples to explain", nameof(samples));
        }

        var ig = new IntegratedGradients(layout.Length, steps);
        var attribution = new double[layout.Length];
        var importance = new double[layout.LandmarkCount];
        for (var i = 0; i < samples.Count; i++)
        {
            ig.Attribute(model, samples.Row(i), baseline, attribution);
            for (var f = 0; f < layout.Frames; f++)
            {
                var frame = attribution.AsSpan(f * layout.FrameLength, layout.FrameLength);
                for (var k = 0; k < layout.LandmarkCount; k++)
                {
                    importance[k] += Math.Abs(frame[2 * k]) + Math.Abs(frame[(2 * k) + 1]);
                }
            }
        }

        for (var k = 0; k < importance.Length; k++)
        {
            importance[k] /= samples.Count;
        }

        return new LandmarkRanking(importance, layout);
    }
}
