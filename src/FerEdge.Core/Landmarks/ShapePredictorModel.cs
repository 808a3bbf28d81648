using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FerEdge.Core.Landmarks;

/// <summary>
/// An ensemble-of-regression-trees shape model (Kazemi and Sullivan 2014) in dlib's semantics, flattened for fast
/// evaluation: every cascade has the same number of trees, every tree is complete with the same depth, and all the
/// numbers of one kind sit in one contiguous array indexed <c>cascade, tree, node</c> (or <c>cascade, feature</c>).
/// </summary>
/// <remarks>
/// Immutable once built and safe to share between threads. Shapes are in the unit square of the face box:
/// x0, y0, x1, y1, ... Leaf vectors are stored <see cref="LeafStride"/> floats apart (the landmark vector padded with
/// zeros to a multiple of 16 floats) and the leaf array starts on a 64-byte boundary, so each leaf is whole cache
/// lines and whole <see cref="System.Numerics.Vector{T}"/>/<see cref="System.Runtime.Intrinsics.Vector256{T}"/> blocks.
/// </remarks>
public sealed class ShapePredictorModel
{
    /// <summary>Floats per cache line; leaves are padded to this multiple.</summary>
    private const int FloatsPerLine = 16;

    private readonly float[] _initialShape;
    private readonly int[] _splitFeatures;
    private readonly float[] _splitThresholds;
    private readonly float[] _leafStorage;
    private readonly int _leafOffset;
    private readonly int[] _anchors;
    private readonly float[] _deltas;

    /// <summary>Wraps arrays filled by <see cref="DlibShapePredictorReader"/>; they are not copied.</summary>
    internal ShapePredictorModel(
        int cascadeCount,
        int treesPerCascade,
        int treeDepth,
        int featuresPerCascade,
        float[] initialShape,
        int[] splitFeatures,
        float[] splitThresholds,
        LeafBuffer leaves,
        int[] anchors,
        float[] deltas)
    {
        LandmarkCount = initialShape.Length / 2;
        CascadeCount = cascadeCount;
        TreesPerCascade = treesPerCascade;
        TreeDepth = treeDepth;
        FeaturesPerCascade = featuresPerCascade;
        LeafStride = StrideFor(initialShape.Length);
        _initialShape = initialShape;
        _splitFeatures = splitFeatures;
        _splitThresholds = splitThresholds;
        _leafStorage = leaves.Storage;
        _leafOffset = leaves.Offset;
        _anchors = anchors;
        _deltas = deltas;
    }

    /// <summary>Number of landmarks (68 for dlib's face model).</summary>
    public int LandmarkCount { get; }

    /// <summary>The predictor's mean shape (interleaved x, y in the unit box it starts every fit from).</summary>
    public ReadOnlySpan<float> MeanShape => _initialShape;

    /// <summary>Length of a shape vector: two floats per landmark.</summary>
    public int ShapeLength => LandmarkCount * 2;

    /// <summary>Number of cascade stages (15 for dlib's face model).</summary>
    public int CascadeCount { get; }

    /// <summary>Trees in every cascade stage (500 for dlib's face model).</summary>
    public int TreesPerCascade { get; }

    /// <summary>Depth of every tree (4 for dlib's face model).</summary>
    public int TreeDepth { get; }

    /// <summary>Split nodes per tree: 2^depth - 1.</summary>
    public int SplitsPerTree => (1 << TreeDepth) - 1;

    /// <summary>Leaves per tree: 2^depth.</summary>
    public int LeavesPerTree => 1 << TreeDepth;

    /// <summary>Feature pixels sampled per cascade stage (500 for dlib's face model).</summary>
    public int FeaturesPerCascade { get; }

    /// <summary>Floats between consecutive leaf vectors: <see cref="ShapeLength"/> rounded up to a multiple of 16.</summary>
    public int LeafStride { get; }

    /// <summary>The mean shape in the unit square of the box, <see cref="ShapeLength"/> floats.</summary>
    public ReadOnlySpan<float> InitialShape => _initialShape;

    /// <summary>
    /// Feature index pairs of every split node, two ints per node, at <c>((cascade * trees + tree) * splits + node) * 2</c>;
    /// nodes are in dlib's breadth-first order (children of node i are 2i+1, left, and 2i+2).
    /// </summary>
    public ReadOnlySpan<int> SplitFeatures => _splitFeatures;

    /// <summary>Threshold of every split node at <c>(cascade * trees + tree) * splits + node</c>: go left when
    /// <c>pixel[first] - pixel[second] &gt; threshold</c>.</summary>
    public ReadOnlySpan<float> SplitThresholds => _splitThresholds;

    /// <summary>
    /// Leaf vectors at <c>((cascade * trees + tree) * leaves + leaf) * LeafStride</c>, each <see cref="ShapeLength"/>
    /// floats followed by zero padding. The span starts 64-byte aligned.
    /// </summary>
    public ReadOnlySpan<float> Leaves => _leafStorage.AsSpan(_leafOffset, _leafStorage.Length - FloatsPerLine);

    /// <summary>Anchor landmark of every feature pixel at <c>cascade * features + feature</c>.</summary>
    public ReadOnlySpan<int> Anchors => _anchors;

    /// <summary>Offset (dx, dy) of every feature pixel from its anchor in the initial shape, two floats at
    /// <c>(cascade * features + feature) * 2</c>.</summary>
    public ReadOnlySpan<float> Deltas => _deltas;

    /// <summary>Floats between leaf vectors for a shape of <paramref name="shapeLength"/> floats.</summary>
    internal static int StrideFor(int shapeLength) => (shapeLength + FloatsPerLine - 1) / FloatsPerLine * FloatsPerLine;

    /// <summary>
    /// Allocates zeroed, pinned leaf storage for <paramref name="floatCount"/> floats whose usable part starts on a
    /// 64-byte boundary; pinning keeps that alignment for the life of the model.
    /// </summary>
    internal static LeafBuffer AllocateLeaves(int floatCount)
    {
        var storage = GC.AllocateArray<float>(checked(floatCount + FloatsPerLine), pinned: true);
        int offset;
        unsafe
        {
            var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
            offset = (int)((64 - (address % 64)) % 64 / sizeof(float));
        }

        return new LeafBuffer(storage, offset);
    }

    /// <summary>Pinned leaf storage and the index of its first 64-byte-aligned float.</summary>
    internal readonly record struct LeafBuffer(float[] Storage, int Offset)
    {
        public Span<float> Span => Storage.AsSpan(Offset, Storage.Length - FloatsPerLine);
    }
}
