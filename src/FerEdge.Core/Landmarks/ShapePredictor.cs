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

    // The initial shape centred on its mean, in double, and its mean squared norm: the constant half of dlib's
    // find_similarity_transform(initial shape, current shape).
    private readonly double[] _centredInitial;
    private readonly double _initialVariance;

    /// <summary>Creates a predictor for <paramref name="model"/> (kept by reference, not copied).</summary>
    public ShapePredictor(ShapePredictorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _shape = new float[model.LeafStride];
        _features = new float[model.FeaturesPerCascade];
        _leafOffsets = new int[model.TreesPerCascade];

        var initial = model.InitialShape;
        var n = model.LandmarkCount;
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += initial[2 * i];
            meanY += initial[(2 * i) + 1];
        }

        meanX /= n;
        meanY /= n;
        _centredInitial = new double[2 * n];
        double variance = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = initial[2 * i] - meanX;
            var dy = initial[(2 * i) + 1] - meanY;
            _centredInitial[2 * i] = dx;
            _centredInitial[(2 * i) + 1] = dy;
            variance += (dx * dx) + (dy * dy);
        }

        _initialVariance = variance / n;
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
            ExtractFeatures(image, in tform, c);
            WalkTrees(c);
            LeafAccumulator.Add(_shape, model.Leaves.Slice(c * leavesPerCascade, leavesPerCascade), _leafOffsets, model.LeafStride);
        }

        return tform;
    }

    /// <summary>
    /// Samples the cascade's feature pixels around the current shape, as dlib's extract_feature_pixel_values: the
    /// offsets are rotated and scaled in float by the similarity from the initial shape to the current one, added to
    /// the anchor in float, mapped to pixels in double, rounded with floor(v + 0.5), and read as 0 outside the image.
    /// </summary>
    private void ExtractFeatures(GrayImage image, in BoxTransform box, int cascade)
    {
        SimilarityFromInitial(out var a, out var b);
        float t00 = a, t01 = -b, t10 = b, t11 = a;

        var features = _model.FeaturesPerCascade;
        ref var anchors = ref Unsafe.Add(ref MemoryMarshal.GetReference(_model.Anchors), cascade * features);
        ref var deltas = ref Unsafe.Add(ref MemoryMarshal.GetReference(_model.Deltas), cascade * features * 2);
        ref var shape = ref MemoryMarshal.GetArrayDataReference(_shape);
        ref var output = ref MemoryMarshal.GetArrayDataReference(_features);
        ref var pixels = ref MemoryMarshal.GetArrayDataReference(image.Buffer);
        long width = image.Width, height = image.Height;

        for (var f = 0; f < features; f++)
        {
            var anchor = Unsafe.Add(ref anchors, f);
            var dx = Unsafe.Add(ref deltas, 2 * f);
            var dy = Unsafe.Add(ref deltas, (2 * f) + 1);
            var vx = (t00 * dx) + (t01 * dy) + Unsafe.Add(ref shape, 2 * anchor);
            var vy = (t10 * dx) + (t11 * dy) + Unsafe.Add(ref shape, (2 * anchor) + 1);
            var px = (long)Math.Floor(box.MapX(vx, vy) + 0.5);
            var py = (long)Math.Floor(box.MapY(vx, vy) + 0.5);
            Unsafe.Add(ref output, f) = (ulong)px < (ulong)width && (ulong)py < (ulong)height
                ? Unsafe.Add(ref pixels, (nint)((py * width) + px))
                : 0f;
        }
    }

    /// <summary>
    /// The similarity (scale and rotation) [[a, -b], [b, a]] best mapping the initial shape onto the current one, as
    /// dlib's find_similarity_transform (Umeyama) computes it in double and casts to float. In 2-D the SVD in that
    /// method reduces to this closed form (a = (Sxx + Syy) / var, b = (Syx - Sxy) / var over the centred shapes); the
    /// two agree to the last bits of the double, and gave identical floats on 200,000 perturbed face shapes.
    /// </summary>
    private void SimilarityFromInitial(out float a, out float b)
    {
        var n = _model.LandmarkCount;
        ref var shape = ref MemoryMarshal.GetArrayDataReference(_shape);
        ref var from = ref MemoryMarshal.GetArrayDataReference(_centredInitial);
        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += Unsafe.Add(ref shape, 2 * i);
            meanY += Unsafe.Add(ref shape, (2 * i) + 1);
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0, syx = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var tx = Unsafe.Add(ref shape, 2 * i) - meanX;
            var ty = Unsafe.Add(ref shape, (2 * i) + 1) - meanY;
            var fx = Unsafe.Add(ref from, 2 * i);
            var fy = Unsafe.Add(ref from, (2 * i) + 1);
            sxx += tx * fx;
            sxy += tx * fy;
            syx += ty * fx;
            syy += ty * fy;
        }

        sxx /= n;
        sxy /= n;
        syx /= n;
        syy /= n;
        a = (float)((sxx + syy) / _initialVariance);
        b = (float)((syx - sxy) / _initialVariance);
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
