using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace FerEdge.Core.Landmarks;

/// <summary>
/// A <see cref="ShapePredictorModel"/> in FerEdge's own flat form, which loads in tens of milliseconds where decoding
/// dlib's serialization of the 68-point face model takes about half a second: a header naming the model's dimensions
/// and the dlib file it was read from (<see cref="ShapePredictorOrigin"/>), the model's arrays as they sit in memory
/// (little-endian), then an XXH3 checksum of everything before it.
/// </summary>
/// <remarks>
/// A snapshot is a cache: anything wrong with one (another origin, another format version, a wrong length, a
/// checksum that does not match, indices out of range) makes <see cref="TryRead"/> say what, and the caller decodes
/// the dlib file again. Stateless and thread-safe.
/// </remarks>
public static class ShapePredictorSnapshot
{
    /// <summary>The format version written; a snapshot of another version is not read.</summary>
    public const int FormatVersion = 1;

    private const int HeaderLength = 8 + 4 + (5 * 4) + 8 + 8;
    private const int ChecksumLength = 8;

    private static ReadOnlySpan<byte> Magic => "FESHAPE\0"u8;

    /// <summary>Writes <paramref name="model"/>, read from the dlib file <paramref name="origin"/> describes, to <paramref name="stream"/>.</summary>
    /// <exception cref="PlatformNotSupportedException">The machine is big-endian (the arrays are written as they sit in memory).</exception>
    public static void Write(ShapePredictorModel model, ShapePredictorOrigin origin, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        RequireLittleEndian();
        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        var h = header.AsSpan(Magic.Length);
        BinaryPrimitives.WriteInt32LittleEndian(h, FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], model.ShapeLength);
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], model.CascadeCount);
        BinaryPrimitives.WriteInt32LittleEndian(h[12..], model.TreesPerCascade);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], model.TreeDepth);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], model.FeaturesPerCascade);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], origin.Length);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], origin.LastWriteTicks);

        var checksum = new XxHash3();
        void Put(ReadOnlySpan<byte> bytes)
        {
            checksum.Append(bytes);
            stream.Write(bytes);
        }

        Put(header);
        Put(MemoryMarshal.AsBytes(model.InitialShape));
        Put(MemoryMarshal.AsBytes(model.SplitFeatures));
        Put(MemoryMarshal.AsBytes(model.SplitThresholds));
        Put(MemoryMarshal.AsBytes(model.Leaves));
        Put(MemoryMarshal.AsBytes(model.Anchors));
        Put(MemoryMarshal.AsBytes(model.Deltas));
        Span<byte> sum = stackalloc byte[ChecksumLength];
        BinaryPrimitives.WriteUInt64LittleEndian(sum, checksum.GetCurrentHashAsUInt64());
        stream.Write(sum);
    }

    /// <summary>
    /// Reads a snapshot of the dlib file <paramref name="expected"/> describes from <paramref name="stream"/> (a
    /// seekable stream, from its start). False, with <paramref name="problem"/> saying why in a few words, when the
    /// stream holds no usable snapshot of that file.
    /// </summary>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static bool TryRead(Stream stream, ShapePredictorOrigin expected, out ShapePredictorModel? model, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(stream);
        model = null;
        if (!BitConverter.IsLittleEndian)
        {
            problem = "this machine is big-endian";
            return false;
        }

        var header = new byte[HeaderLength];
        if (stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            problem = "not a shape predictor snapshot";
            return false;
        }

        var h = header.AsSpan(Magic.Length);
        var version = BinaryPrimitives.ReadInt32LittleEndian(h);
        if (version != FormatVersion)
        {
            problem = $"format version {version}, not {FormatVersion}";
            return false;
        }

        var origin = new ShapePredictorOrigin(BinaryPrimitives.ReadInt64LittleEndian(h[24..]), BinaryPrimitives.ReadInt64LittleEndian(h[32..]));
        if (origin != expected)
        {
            problem = "made from another version of the dlib file";
            return false;
        }

        var shapeLength = BinaryPrimitives.ReadInt32LittleEndian(h[4..]);
        var cascades = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        var trees = BinaryPrimitives.ReadInt32LittleEndian(h[12..]);
        var depth = BinaryPrimitives.ReadInt32LittleEndian(h[16..]);
        var features = BinaryPrimitives.ReadInt32LittleEndian(h[20..]);
        if (shapeLength < 2 || shapeLength > DlibShapePredictorReader.MaxLandmarks * 2 || shapeLength % 2 != 0
            || cascades is < 1 or > DlibShapePredictorReader.MaxCascades
            || trees is < 1 or > DlibShapePredictorReader.MaxTrees
            || depth is < 1 or > DlibShapePredictorReader.MaxDepth
            || features is < 1 or > DlibShapePredictorReader.MaxFeatures)
        {
            problem = "dimensions out of range";
            return false;
        }

        var splits = (1 << depth) - 1;
        var leafFloats = (long)cascades * trees * (splits + 1) * ShapePredictorModel.StrideFor(shapeLength);
        var featureCount = (long)cascades * features;
        if (leafFloats > DlibShapePredictorReader.MaxLeafFloats || featureCount > DlibShapePredictorReader.MaxLeafFloats / 16)
        {
            problem = "dimensions out of range";
            return false;
        }

        var nodes = cascades * trees * splits;
        var length = HeaderLength + (4L * (shapeLength + (3L * nodes) + leafFloats + (3L * featureCount))) + ChecksumLength;
        if (stream.Length != length)
        {
            problem = $"{stream.Length} bytes long, not {length}";
            return false;
        }

        var checksum = new XxHash3();
        checksum.Append(header);
        void Take(Span<byte> bytes)
        {
            stream.ReadExactly(bytes);
            checksum.Append(bytes);
        }

        var initialShape = new float[shapeLength];
        var splitFeatures = new int[nodes * 2];
        var thresholds = new float[nodes];
        var leaves = ShapePredictorModel.AllocateLeaves((int)leafFloats);
        var anchors = new int[featureCount];
        var deltas = new float[featureCount * 2];
        Take(MemoryMarshal.AsBytes(initialShape.AsSpan()));
        Take(MemoryMarshal.AsBytes(splitFeatures.AsSpan()));
        Take(MemoryMarshal.AsBytes(thresholds.AsSpan()));
        Take(MemoryMarshal.AsBytes(leaves.Span));
        Take(MemoryMarshal.AsBytes(anchors.AsSpan()));
        Take(MemoryMarshal.AsBytes(deltas.AsSpan()));
        Span<byte> sum = stackalloc byte[ChecksumLength];
        stream.ReadExactly(sum);
        if (BinaryPrimitives.ReadUInt64LittleEndian(sum) != checksum.GetCurrentHashAsUInt64())
        {
            problem = "its checksum does not match (a damaged file)";
            return false;
        }

        // The predictor indexes pixels and landmarks by these without further checks.
        if (!AllBelow(splitFeatures, features) || !AllBelow(anchors, shapeLength / 2))
        {
            problem = "an index is out of range";
            return false;
        }

        model = new ShapePredictorModel(cascades, trees, depth, features, initialShape, splitFeatures, thresholds, leaves, anchors, deltas);
        problem = null;
        return true;
    }

    private static bool AllBelow(ReadOnlySpan<int> values, int bound)
    {
        foreach (var v in values)
        {
            if ((uint)v >= (uint)bound)
            {
                return false;
            }
        }

        return true;
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("shape predictor snapshots are written on little-endian machines only");
        }
    }
}

/// <summary>
/// The dlib file a <see cref="ShapePredictorSnapshot"/> was made from, by its length and last write time (UTC ticks):
/// a replaced or updated model file no longer matches its snapshot.
/// </summary>
public readonly record struct ShapePredictorOrigin(long Length, long LastWriteTicks);
