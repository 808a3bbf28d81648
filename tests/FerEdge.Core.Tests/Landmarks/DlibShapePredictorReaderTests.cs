using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FerEdge.Core.Landmarks;
using FsCheck.Xunit;

namespace FerEdge.Core.Tests.Landmarks;

public sealed class DlibShapePredictorReaderTests
{
    [Fact]
    public void Read_TinyModel_KeepsEveryValueInFlattenedLayout()
    {
        var model = Read(TinyModels.Build(featureDx: -0.25f));

        Assert.Equal(3, model.LandmarkCount);
        Assert.Equal(2, model.CascadeCount);
        Assert.Equal(2, model.TreesPerCascade);
        Assert.Equal(1, model.TreeDepth);
        Assert.Equal(2, model.FeaturesPerCascade);
        Assert.Equal(16, model.LeafStride);
        Assert.Equal(TinyModels.InitialShape, model.InitialShape.ToArray());
        Assert.Equal([1, 0, 0, 1, 1, 0, 0, 1], model.SplitFeatures.ToArray());
        Assert.Equal([100f, -300f, 100f, -300f], model.SplitThresholds.ToArray());
        Assert.Equal([0, 1, 0, 1], model.Anchors.ToArray());
        Assert.Equal([-0.25f, 0, 0, 0, -0.25f, 0, 0, 0], model.Deltas.ToArray());
        for (var c = 0; c < 2; c++)
        {
            for (var t = 0; t < 2; t++)
            {
                for (var l = 0; l < 2; l++)
                {
                    var leaf = model.Leaves.Slice((((c * 2) + t) * 2 + l) * model.LeafStride, model.LeafStride);
                    Assert.Equal(TinyModels.Leaves[c][t][l], leaf[..6].ToArray());
                    Assert.All(leaf[6..].ToArray(), v => Assert.Equal(0f, v));
                }
            }
        }
    }

    [Fact]
    public unsafe void Read_AnyModel_LeavesStartOnACacheLine()
    {
        var model = Read(TinyModels.Build());
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(model.Leaves));
        Assert.Equal(0u, address % 64);
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsEndOfStreamAtThatOffset()
    {
        var bytes = TinyModels.Build();
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<InvalidDataException>(() => Read(bytes.AsSpan(0, length).ToArray(), "cut.dat"));
            Assert.Contains("cut.dat", e.Message, StringComparison.Ordinal);
            Assert.Contains($"end of stream at byte offset {length}", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_VersionTwo_ThrowsNamingVersion()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(TinyModels.Build(version: 2), "v2.dat"));
        Assert.Contains("v2.dat", e.Message, StringComparison.Ordinal);
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SplitFeatureBeyondFeaturePixels_Throws()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(TinyModels.Build(splitFeature: 2)));
        Assert.Contains("split feature index 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IncompleteTree_Throws()
    {
        var bytes = DlibModelWriter.Model(
            TinyModels.InitialShape,
            [[[(0, 1, 0f), (1, 0, 0f)]]],
            [[[new float[6], new float[6], new float[6]]]],
            [[0, 1]],
            [[0, 0, 0, 0]]);
        var e = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.Contains("2 splits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ImplausiblyLargeForest_ThrowsBeforeAllocating()
    {
        using var stream = new MemoryStream();
        var w = new DlibModelWriter(stream);
        w.Int(1);
        w.ColumnVector(TinyModels.InitialShape);
        w.Int(1000);  // cascades
        w.Int(60000); // trees in cascade 0
        w.Int(4095);  // splits in tree 0: depth 12
        var e = Assert.Throws<InvalidDataException>(() => Read(stream.ToArray(), "huge.dat"));
        Assert.Contains("implausibly large", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AsciiText_ThrowsNotDlibData()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("hello world"u8.ToArray(), "hello.txt"));
        Assert.Contains("hello.txt", e.Message, StringComparison.Ordinal);
        Assert.Contains("not dlib serialized data", e.Message, StringComparison.Ordinal);
    }

    [Property]
    public bool Read_AnyFiniteLeafValue_RoundTripsBitExact(float value)
    {
        if (!float.IsFinite(value))
        {
            return true;
        }

        var shape = new float[] { value, -value, 0.5f, 1e-30f, -7f, 3.25e12f };
        var bytes = DlibModelWriter.Model(shape, [[[(0, 0, value)]]], [[[shape, shape]]], [[0]], [[value, value]]);
        var model = Read(bytes);
        return BitEqual(shape, model.InitialShape)
            && BitEqual(shape, model.Leaves.Slice(model.LeafStride, 6))
            && BitConverter.SingleToInt32Bits(model.SplitThresholds[0]) == BitConverter.SingleToInt32Bits(value);
    }

    private static bool BitEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));

    private static ShapePredictorModel Read(byte[] bytes, string name = "tiny.dat")
    {
        using var stream = new MemoryStream(bytes);
        return DlibShapePredictorReader.Read(stream, name);
    }
}
