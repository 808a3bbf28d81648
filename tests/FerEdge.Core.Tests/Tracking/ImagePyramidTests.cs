using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Tracking;
using FerEdge.Testing;

namespace FerEdge.Core.Tests.Tracking;

public sealed class ImagePyramidTests
{
    [Fact]
    public void Build_640x360_HasFourLevelsOfHalvedRoundedUpSize()
    {
        var pyramid = new ImagePyramid(LucasKanadeOptions.OpenCvDefaults);
        pyramid.Build(new GrayImage(641, 361));

        Assert.Equal(4, pyramid.LevelCount);
        Assert.Equal([641, 321, 161, 81], Enumerable.Range(0, 4).Select(pyramid.LevelWidth));
        Assert.Equal([361, 181, 91, 46], Enumerable.Range(0, 4).Select(pyramid.LevelHeight));
    }

    [Fact]
    public void Build_SmallFrame_StopsBeforeALevelNoLargerThanTheWindow()
    {
        // 100x60 -> 50x30 -> 25x15: 15 <= 21, so OpenCV keeps only two levels.
        var pyramid = new ImagePyramid(maxLevel: 3, windowWidth: 21, windowHeight: 21);
        pyramid.Build(new GrayImage(100, 60));

        Assert.Equal(2, pyramid.LevelCount);
    }

    [Fact]
    public void Build_ConstantImage_KeepsTheValueAndHasZeroGradient()
    {
        var image = new GrayImage(40, 30);
        image.Pixels.Fill(37);
        var pyramid = new ImagePyramid(maxLevel: 2, windowWidth: 3, windowHeight: 3);
        pyramid.Build(image);

        for (var level = 0; level < pyramid.LevelCount; level++)
        {
            for (var y = -3; y < pyramid.LevelHeight(level) + 3; y++)
            {
                for (var x = -3; x < pyramid.LevelWidth(level) + 3; x++)
                {
                    Assert.Equal(37, pyramid.GetPixel(level, x, y));
                    if (x >= 0 && y >= 0 && x < pyramid.LevelWidth(level) && y < pyramid.LevelHeight(level))
                    {
                        Assert.Equal(((short)0, (short)0), pyramid.GetGradient(level, x, y));
                    }
                }
            }
        }
    }

    [Fact]
    public void Build_Impulse_DownsamplesWithTheBinomialKernel()
    {
        // A single 255 at (4, 4) of a 9x9 image. Level 1 pixel (2, 2) sits on it: weight 6*6/256, so
        // (255*36 + 128) >> 8 = 36. Pixel (1, 2) sees it two columns away: weight 1*6/256 -> (1530 + 128) >> 8 = 6.
        // Pixel (1, 1) sees it diagonally at distance 2: weight 1/256 -> (255 + 128) >> 8 = 1.
        var image = new GrayImage(9, 9);
        image.Row(4)[4] = 255;
        var pyramid = new ImagePyramid(maxLevel: 1, windowWidth: 3, windowHeight: 3);
        pyramid.Build(image);

        Assert.Equal(5, pyramid.LevelWidth(1));
        Assert.Equal(36, pyramid.GetPixel(1, 2, 2));
        Assert.Equal(6, pyramid.GetPixel(1, 1, 2));
        Assert.Equal(6, pyramid.GetPixel(1, 2, 3));
        Assert.Equal(1, pyramid.GetPixel(1, 1, 1));
        Assert.Equal(0, pyramid.GetPixel(1, 0, 0));
    }

    [Fact]
    public void Build_EdgeImpulse_ReflectsAcrossTheBorder()
    {
        // 255 at column 1 of row 0 in an 8x8 image. Reflect-101 mirrors column 1 to column -1 and row 0 onto itself,
        // so level-1 pixel (0, 0) sees the impulse twice at horizontal distance 1 (weight 4 each) on its own row
        // (weight 6): 255 * 2 * 4 * 6 / 256 -> (12240 + 128) >> 8 = 48.
        var image = new GrayImage(8, 8);
        image.Row(0)[1] = 255;
        var pyramid = new ImagePyramid(maxLevel: 1, windowWidth: 3, windowHeight: 3);
        pyramid.Build(image);

        Assert.Equal(48, pyramid.GetPixel(1, 0, 0));
        Assert.Equal(255, pyramid.GetPixel(0, -1, 0));
        Assert.Equal(0, pyramid.GetPixel(0, 1, -1)); // reflect-101 does not repeat the edge row
    }

    [Fact]
    public void Build_HorizontalRamp_ScharrIs32TimesTheSlopeAndZeroAtTheMirroredEdge()
    {
        var image = new GrayImage(12, 6);
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 12; x++)
            {
                image.Row(y)[x] = (byte)(5 * x);
            }
        }

        var pyramid = new ImagePyramid(maxLevel: 0, windowWidth: 3, windowHeight: 3);
        pyramid.Build(image);

        Assert.Equal(((short)(32 * 5), (short)0), pyramid.GetGradient(0, 5, 3));
        Assert.Equal(((short)0, (short)0), pyramid.GetGradient(0, 0, 3)); // column -1 mirrors column 1
        Assert.Equal(((short)0, (short)0), pyramid.GetGradient(0, 11, 0));
        Assert.Equal(((short)0, (short)0), pyramid.GetGradient(0, -1, 0)); // margin gradients are zero
    }

    [Fact]
    public void Build_SameSizeAgain_AllocatesNothing()
    {
        var pyramid = new ImagePyramid(LucasKanadeOptions.OpenCvDefaults);
        var a = SyntheticTexture.Render(320, 180, 0, 0);
        var b = SyntheticTexture.Render(320, 180, 1.5, 0.5);
        pyramid.Build(a);
        pyramid.Build(b);

        Assert.Equal(0, Allocations.Least(() =>
        {
            pyramid.Build(a);
            pyramid.Build(b);
        }));
    }

    [Fact]
    public void Build_Region_EqualsTheWholeFrameAwayFromInnerEdges()
    {
        var image = SyntheticTexture.Render(320, 200, 0.3, 0.7);
        var whole = new ImagePyramid(maxLevel: 3, windowWidth: 9, windowHeight: 9);
        var part = new ImagePyramid(maxLevel: 3, windowWidth: 9, windowHeight: 9);
        whole.Build(image);
        part.Build(image, new PixelRect(88, 40, 144, 120));

        Assert.Equal(new PixelRect(88, 40, 144, 120), part.Region);
        var differing = 0;
        for (var level = 0; level < whole.LevelCount; level++)
        {
            var r = part.LevelRegion(level);
            var ring = level == 0 ? 0 : ImagePyramid.InexactRing;
            var reach = level == 0 ? part.Border : 0; // level 0's margin comes from the frame itself
            for (var y = r.Y - reach; y < r.Bottom + reach; y++)
            {
                for (var x = r.X - reach; x < r.Right + reach; x++)
                {
                    var inRegion = x >= r.X && x < r.Right && y >= r.Y && y < r.Bottom;
                    var inside = x >= r.X + ring && x < r.Right - ring && y >= r.Y + ring && y < r.Bottom - ring;
                    if (level == 0)
                    {
                        Assert.Equal(whole.GetPixel(level, x, y), part.GetPixel(level, x, y));
                        Assert.True(!inRegion || whole.GetGradient(level, x, y) == part.GetGradient(level, x, y), $"gradient at ({x}, {y})");
                    }
                    else if (inside)
                    {
                        Assert.Equal(whole.GetPixel(level, x, y), part.GetPixel(level, x, y));
                        Assert.Equal(whole.GetGradient(level, x, y), part.GetGradient(level, x, y));
                    }
                    else if (inRegion)
                    {
                        differing += whole.GetPixel(level, x, y) == part.GetPixel(level, x, y) && whole.GetGradient(level, x, y) == part.GetGradient(level, x, y) ? 0 : 1;
                    }
                }
            }
        }

        // The mirrored margin of the upper levels does change values in the ring: the ring is needed.
        Assert.True(differing > 0, "no value in the ring differed, so the ring test compares nothing");
    }

    [Fact]
    public void Build_RegionAtTheFrameEdges_EqualsTheWholeFrameUpToThoseEdges()
    {
        // Ends at the right and bottom frame edges (odd sizes, so the levels round up): no inner edge there.
        var image = SyntheticTexture.Render(251, 173, 1.1, 0.2);
        var whole = new ImagePyramid(maxLevel: 2, windowWidth: 7, windowHeight: 7);
        var part = new ImagePyramid(maxLevel: 2, windowWidth: 7, windowHeight: 7);
        whole.Build(image);
        part.Build(image, PixelRect.FromEdges(100, 60, 251, 173));

        for (var level = 0; level < whole.LevelCount; level++)
        {
            var r = part.LevelRegion(level);
            Assert.Equal(whole.LevelWidth(level), r.Right);
            Assert.Equal(whole.LevelHeight(level), r.Bottom);
            for (var y = r.Y + ImagePyramid.InexactRing; y < r.Bottom + part.Border; y++)
            {
                for (var x = r.X + ImagePyramid.InexactRing; x < r.Right + part.Border; x++)
                {
                    Assert.Equal(whole.GetPixel(level, x, y), part.GetPixel(level, x, y));
                    Assert.Equal(whole.GetGradient(level, x, y), part.GetGradient(level, x, y));
                }
            }
        }
    }

    [Fact]
    public void Build_SmallerRegionAfterALargerOne_HasZeroGradientsInItsMargin()
    {
        var image = SyntheticTexture.Render(160, 120, 0.5, 0.5);
        var pyramid = new ImagePyramid(maxLevel: 1, windowWidth: 5, windowHeight: 5);
        pyramid.Build(image);
        pyramid.Build(image, new PixelRect(0, 0, 80, 60));

        for (var level = 0; level < pyramid.LevelCount; level++)
        {
            var r = pyramid.LevelRegion(level);
            for (var y = 0; y < r.Bottom + pyramid.Border; y++)
            {
                for (var x = 0; x < r.Right + pyramid.Border; x++)
                {
                    if (x >= r.Right || y >= r.Bottom)
                    {
                        Assert.Equal(((short)0, (short)0), pyramid.GetGradient(level, x, y));
                    }
                }
            }
        }
    }

    [Fact]
    public void Build_UnalignedRegion_GrowsToTheAlignmentAndIsClippedToTheFrame()
    {
        var pyramid = new ImagePyramid(maxLevel: 3, windowWidth: 9, windowHeight: 9);
        pyramid.Build(new GrayImage(300, 200), new PixelRect(13, -20, 50, 70));

        Assert.Equal(8, pyramid.RegionAlignment);
        Assert.Equal(PixelRect.FromEdges(8, 0, 64, 56), pyramid.Region);
        Assert.Equal(PixelRect.FromEdges(1, 0, 8, 7), pyramid.LevelRegion(3));
    }

    [Fact]
    public void Build_RegionOutsideTheFrame_ThrowsNamingIt()
    {
        var pyramid = new ImagePyramid(maxLevel: 1, windowWidth: 3, windowHeight: 3);

        var ex = Assert.Throws<ArgumentException>(() => pyramid.Build(new GrayImage(40, 30), new PixelRect(50, 0, 10, 10)));
        Assert.Contains("40x30", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RegionsOfChangingPlace_AllocateNothing()
    {
        var pyramid = new ImagePyramid(LucasKanadeOptions.OpenCvDefaults);
        var a = SyntheticTexture.Render(320, 180, 0, 0);
        pyramid.Build(a);

        Assert.Equal(0, Allocations.Least(() =>
        {
            pyramid.Build(a, new PixelRect(10, 10, 100, 90));
            pyramid.Build(a, new PixelRect(150, 40, 160, 130));
        }));
    }

    [Fact]
    public void GetPixel_BeyondTheMargin_ThrowsNamingThePosition()
    {
        var pyramid = new ImagePyramid(maxLevel: 0, windowWidth: 3, windowHeight: 3);
        pyramid.Build(new GrayImage(10, 10));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => pyramid.GetPixel(0, -4, 0));
        Assert.Contains("(-4, 0)", ex.Message, StringComparison.Ordinal);
    }
}
