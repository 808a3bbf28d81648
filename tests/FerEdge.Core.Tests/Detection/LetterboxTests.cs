using FerEdge.Core.Detection;

namespace FerEdge.Core.Tests.Detection;

public sealed class LetterboxTests
{
    [Fact]
    public void Fit_WideFrame_PadsTopAndBottom()
    {
        var box = Letterbox.Fit(640, 360, 128);

        Assert.Equal(0.2f, box.Scale, 6);
        Assert.Equal(0f, box.PadX, 6);
        Assert.Equal(28f, box.PadY, 4);
    }

    [Fact]
    public void ToFrame_InputCornersOfContent_MapToFrameCorners()
    {
        var box = Letterbox.Fit(640, 360, 128);

        Assert.Equal(0f, box.ToFrameX(0f), 3);
        Assert.Equal(640f, box.ToFrameX(1f), 3);
        Assert.Equal(0f, box.ToFrameY(28f / 128), 3);
        Assert.Equal(360f, box.ToFrameY(100f / 128), 3);
    }

    [Fact]
    public void Fit_TallFrame_PadsLeftAndRight()
    {
        var box = Letterbox.Fit(100, 200, 256);

        Assert.Equal(1.28f, box.Scale, 5);
        Assert.Equal(64f, box.PadX, 4);
        Assert.Equal(0f, box.PadY, 4);
        Assert.Equal(50f, box.ToFrameX(0.5f), 3);
    }
}
