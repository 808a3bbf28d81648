using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;

namespace FerEdge.Core.Landmarks;

/// <summary>
/// Fits a <see cref="ShapePredictorModel"/> to a face box in a grayscale image, reproducing dlib's
/// <c>shape_predictor</c> arithmetic (same float and double operations in the same order), without allocating.
/// </summary>
/// <remarks>
/// Not thread-safe: an instance owns scratch buffers reused by every call. Use one instance per thread; the model
/// itself is immutable and can be shared. Results are the unrounded landmark positions in pixels (dlib's public API
/// would round them to whole pixels with floor(v + 0.5)).
/// </remarks>
public sealed class ShapePredictor
{
    private readonly ShapePredictorModel _model;
    private readonly float[] _shape;
    private readonly float[] _features;
    private readonly int[] _leafOffsets;
    private readonly FeatureSampler _sampler;

    /// <summary>Creates a predictor for <paramref name="model"/> (kept by reference, not copied).</summary>
    public ShapePredictor(ShapePredictorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _shape = new float[model.LeafStride];
        _features = new float[model.FeaturesPerCascade];
        _leafOffsets = new int[model.TreesPerCascade];
        _sampler = new FeatureSampler(model);
    }

    /// <summary>The model this predictor evaluates.</summary>
    public ShapePredictorModel Model => _model;

    /// <summary>Number of landmarks written per face.</summary>
    public int LandmarkCount => _model.LandmarkCount;

    /// <summary>
    /// Fits the landmarks inside <paramref name="box"/> and writes them as x0, y0, x1, y1, ... in pixels to the first
    /// <c>2 * LandmarkCount</c> floats of <paramref name="landmarks"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The box is empty or <paramref name="landmarks"/> is too short.</exception>
    public void Predict(GrayImage image, DlibRect box, Span<float> landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (landmarks.Length < _model.ShapeLength)
        {
            throw new ArgumentException($"The output needs {_model.ShapeLength} floats, got {landmarks.Length}.", nameof(landmarks));
        }

        var tform = FitShape(image, box);
        var shape = _shape;
        for (var i = 0; i < _model.LandmarkCount; i++)
        {
            double x = shape[2 * i], y = shape[(2 * i) + 1];
            landmarks[2 * i] = (float)tform.MapX(x, y);
            landmarks[(2 * i) + 1] = (float)tform.MapY(x, y);
        }
    }

    /// <summary>Fits the landmarks inside <paramref name="box"/> and writes them in pixels to <paramref name="landmarks"/>.</summary>
    /// <exception cref="ArgumentException">The box is empty or <paramref name="landmarks"/> is too short.</exception>
    public void Predict(GrayImage image, DlibRect box, Span<Point2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (landmarks.Length < _model.LandmarkCount)
        {
            throw new ArgumentException($"The output needs {_model.LandmarkCount} points, got {landmarks.Length}.", nameof(landmarks));
        }

        var tform = FitShape(image, box);
        var shape = _shape;
        for (var i = 0; i < _model.LandmarkCount; i++)
        {
            double x = shape[2 * i], y = shape[(2 * i) + 1];
            landmarks[i] = new Point2((float)tform.MapX(x, y), (float)tform.MapY(x, y));
        }
    }

    /// <summary>Runs the cascade, leaving the normalised shape in <see cref="_shape"/>; returns the box transform.</summary>
    private BoxTransform FitShape(GrayImage image, DlibRect box)
    {
        if (box.IsEmpty)
        {
            throw new ArgumentException($"The face box {box} is empty.", nameof(box));
        }

        var tform = new BoxTransform(box);
        var model = _model;
        model.InitialShape.CopyTo(_shape);

        var leavesPerCascade = model.TreesPerCascade * model.LeavesPerTree * model.LeafStride;
        for (var c = 0; c < model.CascadeCount; c++)
        {
            _sampler.Sample(image, in tform, c, _shape, _features);
            WalkTrees(c);
            LeafAccumulator.Add(_shape, model.Leaves.Slice(c * leavesPerCascade, leavesPerCascade), _leafOffsets, model.LeafStride);
        }

        return tform;
    }

    /// <summary>Walks every tree of the cascade, storing the offset of its chosen leaf within the cascade's leaves.</summary>
    private void WalkTrees(int cascade)
    {
        var model = _model;
        var trees = model.TreesPerCascade;
        var splits = model.SplitsPerTree;
        var depth = model.TreeDepth;
        var stride = model.LeafStride;
        var leaves = model.LeavesPerTree;
        ref var pairs = ref Unsafe.Add(ref MemoryMarshal.GetReference(model.SplitFeatures), cascade * trees * splits * 2);
        ref var thresholds = ref Unsafe.Add(ref MemoryMarshal.GetReference(model.SplitThresholds), cascade * trees * splits);
        ref var features = ref MemoryMarshal.GetArrayDataReference(_features);
        ref var offsets = ref MemoryMarshal.GetArrayDataReference(_leafOffsets);

        // Four trees at a time: each level of a tree waits on the previous one (index, pixel, compare), so walking
        // independent trees side by side gives the processor four chains to overlap instead of one.
        var t = 0;
        var treeLength = splits * 2;
        for (; t + 4 <= trees; t += 4)
        {
            ref var p0 = ref Unsafe.Add(ref pairs, t * treeLength);
            ref var p1 = ref Unsafe.Add(ref p0, treeLength);
            ref var p2 = ref Unsafe.Add(ref p1, treeLength);
            ref var p3 = ref Unsafe.Add(ref p2, treeLength);
            ref var h0 = ref Unsafe.Add(ref thresholds, t * splits);
            ref var h1 = ref Unsafe.Add(ref h0, splits);
            ref var h2 = ref Unsafe.Add(ref h1, splits);
            ref var h3 = ref Unsafe.Add(ref h2, splits);
            int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
            for (var d = 0; d < depth; d++)
            {
                n0 = Descend(ref p0, ref h0, ref features, n0);
                n1 = Descend(ref p1, ref h1, ref features, n1);
                n2 = Descend(ref p2, ref h2, ref features, n2);
                n3 = Descend(ref p3, ref h3, ref features, n3);
            }

            var first = (t * leaves) - splits;
            Unsafe.Add(ref offsets, t) = (first + n0) * stride;
            Unsafe.Add(ref offsets, t + 1) = (first + leaves + n1) * stride;
            Unsafe.Add(ref offsets, t + 2) = (first + (2 * leaves) + n2) * stride;
            Unsafe.Add(ref offsets, t + 3) = (first + (3 * leaves) + n3) * stride;
        }

        for (; t < trees; t++)
        {
            ref var treePairs = ref Unsafe.Add(ref pairs, t * treeLength);
            ref var treeThresholds = ref Unsafe.Add(ref thresholds, t * splits);
            var node = 0;
            for (var d = 0; d < depth; d++)
            {
                node = Descend(ref treePairs, ref treeThresholds, ref features, node);
            }

            Unsafe.Add(ref offsets, t) = ((t * leaves) + node - splits) * stride;
        }
    }

    /// <summary>
    /// One step down a tree: dlib goes to the left child (2i + 1) when <c>pixel[first] - pixel[second]</c> exceeds
    /// the node's threshold, else to the right child (2i + 2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Descend(ref int treePairs, ref float treeThresholds, ref float features, int node)
    {
        var left = Unsafe.Add(ref features, Unsafe.Add(ref treePairs, 2 * node));
        var right = Unsafe.Add(ref features, Unsafe.Add(ref treePairs, (2 * node) + 1));
        return (2 * node) + 2 - (left - right > Unsafe.Add(ref treeThresholds, node) ? 1 : 0);
    }
}
