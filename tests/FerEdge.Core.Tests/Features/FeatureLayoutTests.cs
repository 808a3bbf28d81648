using FerEdge.Core.Features;

namespace FerEdge.Core.Tests.Features;

public sealed class FeatureLayoutTests
{
    [Fact]
    public void Length_ThreeFramesOfFiveLandmarks_IsThirty()
    {
        var layout = new FeatureLayout([1, 2, 3, 4, 5], frames: 3);
        Assert.Equal(10, layout.FrameLength);
        Assert.Equal(30, layout.Length);
    }

    [Fact]
    public void FrameSlice_SecondFrame_StartsAfterFirst()
    {
        var layout = new FeatureLayout([10, 20], frames: 2);
        var features = new float[8];
        layout.FrameSlice(features, 1)[0] = 9;
        Assert.Equal(9, features[4]);
    }

    [Fact]
    public void Constructor_DuplicateIndex_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureLayout([3, 5, 3]));
        Assert.Contains("3 appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_IndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureLayout([3, 68]));
    }

    [Fact]
    public void PositionOf_UnusedLandmark_IsMinusOne()
    {
        var layout = new FeatureLayout([48, 54]);
        Assert.Equal(1, layout.PositionOf(54));
        Assert.Equal(-1, layout.PositionOf(8));
    }
}
