using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Tracking;
using FerEdge.Testing;

namespace FerEdge.Core.Tests.Tracking;

public sealed class PyramidalLucasKanadeTests
{
    private const int Width = 240;
    private const int Height = 180;

    public static TheoryData<double, double> Shifts => new()
    {
        { 0.25, -0.4 },
        { 0.5, 0.5 },
        { 1.3, 0.7 },
        { -2.6, 1.15 },
        { 3.6, -2.2 },
        { 7.3, 5.8 },
    };

    [Theory]
    [MemberData(nameof(Shifts))]
    public void Track_SubpixelShiftOfTexture_RecoveredWithin002Px(double dx, double dy)
    {
        var prev = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        var next = Pyramid(SyntheticTexture.Render(Width, Height, dx, dy));
        var from = Grid();
        var to = new Point2[from.Length];
        var found = new bool[from.Length];
        var error = new float[from.Length];

        new PyramidalLucasKanade().Track(prev, next, from, to, found, error);

        for (var i = 0; i < from.Length; i++)
        {
            Assert.True(found[i], $"point {i} at {from[i]} not found");
            Assert.InRange(to[i].X - from[i].X - dx, -0.02, 0.02);
            Assert.InRange(to[i].Y - from[i].Y - dy, -0.02, 0.02);
            Assert.InRange(error[i], 0f, 2f);
        }
    }

    [Fact]
    public void Track_RegionPyramidsWithRoom_MatchWholeFramePyramidsAndCountNoHits()
    {
        var (whole, wholeHits) = TrackInRegion(null);
        var (part, partHits) = TrackInRegion(new PixelRect(120, 120, 240, 160));

        Assert.Equal(0, wholeHits);
        Assert.Equal(0, partHits);
        Assert.Equal(whole, part);
    }

    [Fact]
    public void Track_RegionTooTightForTheWindows_CountsRegionEdgeHits()
    {
        // 15x15 windows at three levels around (240, 200) reach far beyond a 32-pixel region.
        var (_, hits) = TrackInRegion(new PixelRect(224, 184, 32, 32));

        Assert.True(hits > 0, "no window was counted at the region's edge");
    }

    // One point at (240, 200) of a 480x360 texture moved by (1.3, -0.7), tracked on pyramids over the region (null:
    // the whole frame); returns the tracked position and the hits of the call.
    private static (Point2 To, int Hits) TrackInRegion(PixelRect? region)
    {
        var options = new LucasKanadeOptions { WindowWidth = 15, WindowHeight = 15, MaxLevel = 2 };
        var prev = new ImagePyramid(options);
        var next = new ImagePyramid(options);
        var a = SyntheticTexture.Render(480, 360, 0, 0);
        var b = SyntheticTexture.Render(480, 360, 1.3, -0.7);
        if (region is { } r)
        {
            prev.Build(a, r);
            next.Build(b, r);
        }
        else
        {
            prev.Build(a);
            next.Build(b);
        }

        var lk = new PyramidalLucasKanade(options);
        var to = new Point2[1];
        lk.Track(prev, next, [new Point2(240, 200)], to, new bool[1], new float[1]);
        return (to[0], lk.RegionEdgeHits);
    }

    [Fact]
    public void Track_InitialGuessNearTheAnswer_ConvergesToTheSameShift()
    {
        var prev = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        var next = Pyramid(SyntheticTexture.Render(Width, Height, 4.2, -3.1));
        var from = Grid();
        var to = new Point2[from.Length];
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = new Point2(from[i].X + 4f, from[i].Y - 3f);
        }

        new PyramidalLucasKanade().Track(prev, next, from, to, new bool[from.Length], new float[from.Length], useInitialGuess: true);

        for (var i = 0; i < from.Length; i++)
        {
            Assert.InRange(to[i].X - from[i].X - 4.2, -0.02, 0.02);
            Assert.InRange(to[i].Y - from[i].Y + 3.1, -0.02, 0.02);
        }
    }

    [Fact]
    public void Track_PointOnFlatRegion_IsNotFound()
    {
        var image = SyntheticTexture.Render(Width, Height, 0, 0);
        SyntheticTexture.Fill(image, 140, 40, 80, 80, 90);
        var prev = Pyramid(image);
        var next = Pyramid(image);
        Point2[] from = [new(180, 80), new(60, 80)];
        var to = new Point2[2];
        var found = new bool[2];
        var error = new float[2];

        new PyramidalLucasKanade().Track(prev, next, from, to, found, error);

        Assert.False(found[0]);
        Assert.Equal(0f, error[0]);
        Assert.True(found[1]);
        Assert.InRange(Math.Abs(to[1].X - 60f) + Math.Abs(to[1].Y - 80f), 0f, 0.01f);
    }

    [Fact]
    public void Track_PointOutsideTheImage_IsNotFound()
    {
        var prev = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        Point2[] from = [new(-40, 50)];
        var found = new bool[1];

        new PyramidalLucasKanade().Track(prev, prev, from, new Point2[1], found, new float[1]);

        Assert.False(found[0]);
    }

    [Fact]
    public void Track_NonFinitePoint_IsNotFound()
    {
        var prev = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        Point2[] from = [new(float.NaN, 50), new(60, float.PositiveInfinity), new(120, 90)];
        var found = new bool[3];

        new PyramidalLucasKanade().Track(prev, prev, from, new Point2[3], found, new float[3]);

        Assert.Equal([false, false, true], found);
    }

    [Fact]
    public void Track_AfterWarmUp_AllocatesNothing()
    {
        var prev = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        var next = Pyramid(SyntheticTexture.Render(Width, Height, 1.3, 0.7));
        var lk = new PyramidalLucasKanade();
        var from = Grid();
        var to = new Point2[from.Length];
        var found = new bool[from.Length];
        var error = new float[from.Length];
        lk.Track(prev, next, from, to, found, error);

        Assert.Equal(0, Allocations.Least(() => lk.Track(prev, next, from, to, found, error)));
    }

    [Fact]
    public void Track_MismatchedSpans_ThrowsNamingTheLengths()
    {
        var prev = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        var ex = Assert.Throws<ArgumentException>(() =>
            new PyramidalLucasKanade().Track(prev, prev, new Point2[3], new Point2[2], new bool[3], new float[3]));
        Assert.Contains("3 items", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_UnbuiltPyramid_Throws()
    {
        var built = Pyramid(SyntheticTexture.Render(Width, Height, 0, 0));
        var empty = new ImagePyramid(LucasKanadeOptions.OpenCvDefaults);
        var ex = Assert.Throws<ArgumentException>(() =>
            new PyramidalLucasKanade().Track(built, empty, new Point2[1], new Point2[1], new bool[1], new float[1]));
        Assert.Contains("not been built", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TinyWindow_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PyramidalLucasKanade(new LucasKanadeOptions { WindowWidth = 2 }));
        Assert.Equal("WindowWidth", ex.ParamName);
    }

    private static ImagePyramid Pyramid(GrayImage image)
    {
        var pyramid = new ImagePyramid(LucasKanadeOptions.OpenCvDefaults);
        pyramid.Build(image);
        return pyramid;
    }

    private static Point2[] Grid()
    {
        var points = new List<Point2>();
        for (var y = 40; y <= Height - 40; y += 25)
        {
            for (var x = 40; x <= Width - 40; x += 23)
            {
                points.Add(new Point2(x + 0.3f, y - 0.2f));
            }
        }

        return [.. points];
    }
}
