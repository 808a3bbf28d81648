namespace FerEdge.Core.Landmarks;

/// <summary>
/// Reads a model written by dlib's <c>serialize(shape_predictor)</c> (format version 1), such as
/// <c>shape_predictor_68_face_landmarks.dat</c>, into a flattened <see cref="ShapePredictorModel"/>.
/// </summary>
/// <remarks>
/// Layout, in dlib's order: version; initial shape (column vector); the forests (per cascade a vector of trees, each
/// tree a vector of splits <c>(index1, index2, threshold)</c> then a vector of leaf column vectors); per cascade the
/// anchor landmark of each feature pixel; per cascade the (dx, dy) offset of each feature pixel. Only models whose
/// cascades all hold the same number of complete trees of one depth are accepted (every dlib-trained model is such).
/// Stateless and thread-safe.
/// </remarks>
public static class DlibShapePredictorReader
{
    internal const int MaxLandmarks = 1 << 12;
    internal const int MaxCascades = 1 << 10;
    internal const int MaxTrees = 1 << 16;
    internal const int MaxDepth = 12;
    internal const int MaxFeatures = 1 << 20;

    // About 1 GB of leaves; dlib's 68-point face model needs 17.3 M floats. Larger claims come from foreign data and
    // are refused before anything is allocated for them.
    internal const long MaxLeafFloats = 1L << 28;

    /// <summary>
    /// Reads a model from <paramref name="stream"/> (from its current position; the stream is left open).
    /// </summary>
    /// <param name="stream">A readable stream positioned at the start of the model.</param>
    /// <param name="sourceName">A name for the data (usually the file path), used in error messages.</param>
    /// <exception cref="InvalidDataException">
    /// The data is not a version-1 dlib shape_predictor: a foreign format, another version, inconsistent sizes, or a
    /// stream that ends early. The message names <paramref name="sourceName"/>, the problem and its byte offset.
    /// </exception>
    public static ShapePredictorModel Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException($"The stream for {sourceName} is not readable.", nameof(stream));
        }

        var reader = new DlibBinaryReader(stream, sourceName);
        var versionOffset = reader.Offset;
        var version = reader.ReadInt64();
        if (version != 1)
        {
            throw reader.Invalid($"unsupported shape_predictor format version {version} at byte offset {versionOffset} (expected 1)");
        }

        var initialShape = ReadInitialShape(reader);
        var shapeLength = initialShape.Length;

        var cascadeCount = reader.ReadInt32InRange("the number of cascades", 1, MaxCascades);
        var treeCount = reader.ReadInt32InRange("the number of trees in cascade 0", 1, MaxTrees);

        // The first tree fixes the depth every other tree must have.
        var splitsOffset = reader.Offset;
        var splits = reader.ReadInt32InRange("the number of splits in tree 0", 1, (1 << MaxDepth) - 1);
        if ((splits & (splits + 1)) != 0)
        {
            throw reader.Invalid($"tree 0 has {splits} splits at byte offset {splitsOffset}; a complete tree has 2^depth - 1");
        }

        var depth = System.Numerics.BitOperations.Log2((uint)splits + 1);
        var leaves = splits + 1;
        var stride = ShapePredictorModel.StrideFor(shapeLength);
        if ((long)cascadeCount * treeCount * leaves * stride > MaxLeafFloats)
        {
            throw reader.Invalid($"{cascadeCount} cascades of {treeCount} trees of depth {depth} with {shapeLength}-float leaves is implausibly large");
        }

        var totalTrees = cascadeCount * treeCount;
        var splitFeatures = new int[totalTrees * splits * 2];
        var thresholds = new float[totalTrees * splits];
        var leafBuffer = ShapePredictorModel.AllocateLeaves(totalTrees * leaves * stride);
        var leafSpan = leafBuffer.Span;

        for (var c = 0; c < cascadeCount; c++)
        {
            if (c > 0)
            {
                reader.ReadInt32InRange($"the number of trees in cascade {c}", treeCount, treeCount);
            }

            for (var t = 0; t < treeCount; t++)
            {
                var tree = (c * treeCount) + t;
                if (c > 0 || t > 0)
                {
                    reader.ReadInt32InRange($"the number of splits in cascade {c} tree {t}", splits, splits);
                }

                for (var n = 0; n < splits; n++)
                {
                    var node = (tree * splits) + n;
                    splitFeatures[node * 2] = reader.ReadInt32InRange("a split feature index", 0, MaxFeatures - 1);
                    splitFeatures[(node * 2) + 1] = reader.ReadInt32InRange("a split feature index", 0, MaxFeatures - 1);
                    thresholds[node] = reader.ReadSingle();
                }

                reader.ReadInt32InRange($"the number of leaves in cascade {c} tree {t}", leaves, leaves);
                for (var l = 0; l < leaves; l++)
                {
                    reader.ReadColumnVectorHeader($"leaf {l} of cascade {c} tree {t}", shapeLength);
                    var leaf = leafSpan.Slice(((tree * leaves) + l) * stride, shapeLength);
                    for (var i = 0; i < leaf.Length; i++)
                    {
                        leaf[i] = reader.ReadSingle();
                    }
                }
            }
        }

        var (anchors, features) = ReadAnchors(reader, cascadeCount, shapeLength / 2);
        var deltas = ReadDeltas(reader, cascadeCount, features);

        for (var i = 0; i < splitFeatures.Length; i++)
        {
            if (splitFeatures[i] >= features)
            {
                throw reader.Invalid($"split feature index {splitFeatures[i]} is beyond the {features} feature pixels of a cascade");
            }
        }

        return new ShapePredictorModel(cascadeCount, treeCount, depth, features, initialShape, splitFeatures, thresholds, leafBuffer, anchors, deltas);
    }

    private static float[] ReadInitialShape(DlibBinaryReader reader)
    {
        var offset = reader.Offset;
        var rows = Math.Abs(reader.ReadInt64());
        var columns = Math.Abs(reader.ReadInt64());
        if (columns != 1 || rows < 2 || rows > MaxLandmarks * 2 || rows % 2 != 0)
        {
            throw reader.Invalid($"the initial shape at byte offset {offset} is a {rows}x{columns} matrix, expected an even-length column vector");
        }

        var shape = new float[rows];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = reader.ReadSingle();
        }

        return shape;
    }

    private static (int[] Anchors, int Features) ReadAnchors(DlibBinaryReader reader, int cascadeCount, int landmarkCount)
    {
        reader.ReadInt32InRange("the number of anchor-index vectors", cascadeCount, cascadeCount);
        var features = reader.ReadInt32InRange("the number of feature pixels in cascade 0", 1, MaxFeatures);
        if ((long)cascadeCount * features > MaxLeafFloats / 16)
        {
            throw reader.Invalid($"{cascadeCount} cascades of {features} feature pixels is implausibly large");
        }

        var anchors = new int[cascadeCount * features];
        for (var c = 0; c < cascadeCount; c++)
        {
            if (c > 0)
            {
                reader.ReadInt32InRange($"the number of feature pixels in cascade {c}", features, features);
            }

            for (var f = 0; f < features; f++)
            {
                anchors[(c * features) + f] = reader.ReadInt32InRange("an anchor landmark index", 0, landmarkCount - 1);
            }
        }

        return (anchors, features);
    }

    private static float[] ReadDeltas(DlibBinaryReader reader, int cascadeCount, int features)
    {
        reader.ReadInt32InRange("the number of delta vectors", cascadeCount, cascadeCount);
        var deltas = new float[cascadeCount * features * 2];
        for (var c = 0; c < cascadeCount; c++)
        {
            reader.ReadInt32InRange($"the number of deltas in cascade {c}", features, features);
            for (var i = 0; i < features * 2; i++)
            {
                deltas[(c * features * 2) + i] = reader.ReadSingle();
            }
        }

        return deltas;
    }
}
