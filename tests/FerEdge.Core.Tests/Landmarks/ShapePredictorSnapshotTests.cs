using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FerEdge.Core.Landmarks;

namespace FerEdge.Core.Tests.Landmarks;

/// <summary>
/// The snapshot of a shape predictor gives back exactly the model it was written from, and any damage, truncation or
/// other origin makes it unreadable (so the dlib file is decoded again) instead of giving a wrong model.
/// </summary>
public sealed class ShapePredictorSnapshotTests
{
    private static readonly ShapePredictorOrigin Origin = new(99_693_937, 638_000_000_000_000_000);

    [Fact]
    public void TryRead_WhatWriteWrote_EveryValueEqual()
    {
        var model = Tiny();
        Assert.True(ShapePredictorSnapshot.TryRead(new MemoryStream(Snapshot(model)), Origin, out var read, out var problem), problem);
        Assert.Null(problem);
        Assert.Equal(model.LandmarkCount, read!.LandmarkCount);
        Assert.Equal(model.CascadeCount, read.CascadeCount);
        Assert.Equal(model.TreesPerCascade, read.TreesPerCascade);
        Assert.Equal(model.TreeDepth, read.TreeDepth);
        Assert.Equal(model.FeaturesPerCascade, read.FeaturesPerCascade);
        Assert.Equal(model.InitialShape.ToArray(), read.InitialShape.ToArray());
        Assert.Equal(model.SplitFeatures.ToArray(), read.SplitFeatures.ToArray());
        Assert.Equal(model.SplitThresholds.ToArray(), read.SplitThresholds.ToArray());
        Assert.Equal(model.Leaves.ToArray(), read.Leaves.ToArray());
        Assert.Equal(model.Anchors.ToArray(), read.Anchors.ToArray());
        Assert.Equal(model.Deltas.ToArray(), read.Deltas.ToArray());
    }

    [Fact]
    public unsafe void TryRead_AnySnapshot_LeavesStartOnACacheLine()
    {
        Assert.True(ShapePredictorSnapshot.TryRead(new MemoryStream(Snapshot(Tiny())), Origin, out var read, out _));
        var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(read!.Leaves));
        Assert.Equal(0u, address % 64);
    }

    [Fact]
    public void TryRead_SnapshotOfAnotherFileVersion_FalseSayingSo()
    {
        var bytes = Snapshot(Tiny());
        Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(bytes), Origin with { LastWriteTicks = Origin.LastWriteTicks + 1 }, out var read, out var problem));
        Assert.Null(read);
        Assert.Equal("made from another version of the dlib file", problem);
        Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(bytes), Origin with { Length = Origin.Length - 1 }, out _, out _));
    }

    [Fact]
    public void TryRead_EveryFlippedBit_False()
    {
        var bytes = Snapshot(Tiny());
        for (var i = 0; i < bytes.Length; i++)
        {
            for (var bit = 0; bit < 8; bit += 3)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= (byte)(1 << bit);
                Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(damaged), Origin, out var read, out var problem), $"byte {i} bit {bit}");
                Assert.Null(read);
                Assert.False(string.IsNullOrEmpty(problem));
            }
        }
    }

    [Fact]
    public void TryRead_DamagedData_SaysTheChecksumDoesNotMatch()
    {
        var bytes = Snapshot(Tiny());
        bytes[^20] ^= 0x40;
        Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(bytes), Origin, out _, out var problem));
        Assert.Contains("checksum", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_EveryTruncationAndAnExtraByte_False()
    {
        var bytes = Snapshot(Tiny());
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(bytes, 0, length), Origin, out _, out _), $"cut at {length}");
        }

        Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream([.. bytes, 0]), Origin, out _, out var problem));
        Assert.Contains("bytes long", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ForeignFile_FalseNotASnapshot()
    {
        Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(TinyModels.Build()), Origin, out _, out var problem));
        Assert.Equal("not a shape predictor snapshot", problem);
    }

    [Fact]
    public void TryRead_IndexOutOfRangeWithAValidChecksum_False()
    {
        // A snapshot written from a model whose split names a feature pixel the cascade does not have (which no dlib
        // file can produce): the checksum matches, the range check does not.
        var model = Tiny();
        var splitFeatures = model.SplitFeatures.ToArray();
        splitFeatures[0] = model.FeaturesPerCascade;
        var leaves = ShapePredictorModel.AllocateLeaves(model.Leaves.Length);
        model.Leaves.CopyTo(leaves.Span);
        var broken = new ShapePredictorModel(
            model.CascadeCount, model.TreesPerCascade, model.TreeDepth, model.FeaturesPerCascade, model.InitialShape.ToArray(),
            splitFeatures, model.SplitThresholds.ToArray(), leaves, model.Anchors.ToArray(), model.Deltas.ToArray());
        Assert.False(ShapePredictorSnapshot.TryRead(new MemoryStream(Snapshot(broken)), Origin, out _, out var problem));
        Assert.Equal("an index is out of range", problem);
    }

    private static ShapePredictorModel Tiny()
    {
        using var stream = new MemoryStream(TinyModels.Build(featureDx: -0.25f));
        return DlibShapePredictorReader.Read(stream, "tiny.dat");
    }

    private static byte[] Snapshot(ShapePredictorModel model)
    {
        using var stream = new MemoryStream();
        ShapePredictorSnapshot.Write(model, Origin, stream);
        return stream.ToArray();
    }
}
