using FerEdge.Core.Detection;

namespace FerEdge.Core.Tests.Detection;

public sealed class SsdAnchorsTests
{
    [Fact]
    public void Front128_Always_Has896AnchorsFromFineToCoarse()
    {
        var a = SsdAnchors.Front128;

        Assert.Equal(896, a.Count);
        Assert.Equal(128, a.InputSize);
        // Stride 8: a 16x16 map with 2 anchors per cell comes first.
        Assert.Equal(0.5f / 16, a.CenterX(0), 6);
        Assert.Equal(0.5f / 16, a.CenterY(0), 6);
        Assert.Equal(0.5f / 16, a.CenterX(1), 6);
        Assert.Equal(1.5f / 16, a.CenterX(2), 6);
        Assert.Equal(15.5f / 16, a.CenterX(511), 6);
        Assert.Equal(15.5f / 16, a.CenterY(511), 6);
        // Three stride-16 layers share an 8x8 map: 6 anchors per cell.
        Assert.Equal(0.5f / 8, a.CenterX(512), 6);
        Assert.Equal(0.5f / 8, a.CenterX(517), 6);
        Assert.Equal(1.5f / 8, a.CenterX(518), 6);
        Assert.Equal(7.5f / 8, a.CenterX(895), 6);
        Assert.Equal(7.5f / 8, a.CenterY(895), 6);
    }

    [Fact]
    public void Back256_Always_Has896AnchorsOnStrides16And32()
    {
        var a = SsdAnchors.Back256;

        Assert.Equal(896, a.Count);
        Assert.Equal(256, a.InputSize);
        Assert.Equal(0.5f / 16, a.CenterX(0), 6);
        Assert.Equal(15.5f / 16, a.CenterY(511), 6);
        Assert.Equal(0.5f / 8, a.CenterY(512), 6);
        Assert.Equal(7.5f / 8, a.CenterX(895), 6);
        Assert.Equal(7.5f / 8, a.CenterY(895), 6);
    }

    [Fact]
    public void Create_InputNotMultipleOfStride_RoundsFeatureMapUp()
    {
        // MediaPipe sizes each feature map as ceil(input / stride).
        var a = SsdAnchors.Create(100, [32]);

        Assert.Equal(4 * 4 * 2, a.Count);
        Assert.Equal(3.5f / 4, a.CenterX(a.Count - 1), 6);
    }

    [Fact]
    public void Create_NoStrides_Throws()
    {
        Assert.Throws<ArgumentException>(() => SsdAnchors.Create(128, []));
    }
}
