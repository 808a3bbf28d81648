using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Tracking;
using FerEdge.Testing;

namespace FerEdge.Core.Tests.Tracking;

public sealed class LandmarkSubsetTrackerTests
{
    private const int Width = 240;
    private const int Height = 180;

    // A 6-point "shape" on textured ground; indices 1, 3, 4 and 5 are tracked.
    private static readonly Point2[] Shape = [new(10, 10), new(60, 50), new(11, 11), new(120, 60), new(90, 120), new(170, 110)];
    private static readonly int[] Subset = [1, 3, 4, 5];

    [Fact]
    public void Track_ShiftedTexture_FollowsAllPointsWithSmallForwardBackwardError()
    {
        var tracker = new LandmarkSubsetTracker(Subset);
        tracker.SetKeyframe(SyntheticTexture.Render(Width, Height, 0, 0), Shape);

        var result = tracker.Track(SyntheticTexture.Render(Width, Height, 1.4, -0.6));

        Assert.Equal(0, result.LostCount);
        Assert.Equal(4, result.PointCount);
        Assert.InRange(result.MedianForwardBackwardError, 0f, 0.05f);
        Assert.InRange(result.ScaleVsKeyframe, 0.99f, 1.01f);
        Assert.Equal(RedetectReason.None, result.Redetect);
        for (var i = 0; i < Subset.Length; i++)
        {
            Assert.InRange(tracker.Points[i].X - Shape[Subset[i]].X - 1.4f, -0.03f, 0.03f);
            Assert.InRange(tracker.Points[i].Y - Shape[Subset[i]].Y + 0.6f, -0.03f, 0.03f);
        }
    }

    [Fact]
    public void Track_PointOnFlatRegion_IsLostAndFilledFromTheSimilarity()
    {
        var first = SyntheticTexture.Render(Width, Height, 0, 0);
        var second = SyntheticTexture.Render(Width, Height, 1.0, 0.5);
        SyntheticTexture.Fill(first, 140, 80, 60, 60, 100);
        SyntheticTexture.Fill(second, 140, 80, 60, 60, 100);
        var tracker = new LandmarkSubsetTracker(Subset);
        tracker.SetKeyframe(first, Shape);

        var result = tracker.Track(second);

        Assert.Equal(1, result.LostCount);
        Assert.Equal([false, false, false, true], tracker.Lost.ToArray());
        Assert.True(float.IsNaN(tracker.ForwardBackwardErrors[3]));

        // The filled point moves with the three good ones: by (1.0, 0.5).
        Assert.InRange(tracker.Points[3].X - 171f, -0.05f, 0.05f);
        Assert.InRange(tracker.Points[3].Y - 110.5f, -0.05f, 0.05f);
    }

    [Fact]
    public void Track_OccludedPoint_IsLostByTheForwardBackwardCheck()
    {
        var first = SyntheticTexture.Render(Width, Height, 0, 0);
        var second = SyntheticTexture.Render(Width, Height, 0.8, 0.3);
        SyntheticTexture.Fill(second, 76, 106, 29, 29, 200); // covers point 4 at (90, 120) in the second frame
        var tracker = new LandmarkSubsetTracker(Subset, new LandmarkSubsetTrackerOptions { FillLostPoints = false });
        tracker.SetKeyframe(first, Shape);

        var result = tracker.Track(second);

        Assert.Equal([false, false, true, false], tracker.Lost.ToArray());
        Assert.Equal(1, result.LostCount);
        Assert.Equal(Shape[4], tracker.Points[2]); // not filled: keeps its last position
    }

    [Fact]
    public void Track_KeyframeInterval_AsksForKeyframeOnTheTenthFrame()
    {
        var tracker = new LandmarkSubsetTracker(Subset);
        tracker.SetKeyframe(SyntheticTexture.Render(Width, Height, 0, 0), Shape);
        var reasons = new List<RedetectReason>();
        for (var f = 1; f <= 9; f++)
        {
            reasons.Add(tracker.Track(SyntheticTexture.Render(Width, Height, 0.3 * f, 0.1 * f)).Redetect);
        }

        Assert.All(reasons.Take(8), r => Assert.Equal(RedetectReason.None, r));
        Assert.Equal(RedetectReason.Interval, reasons[8]);
    }

    [Fact]
    public void Track_ZoomedFrame_MeasuresTheScaleAndAsksForAKeyframe()
    {
        // The four tracked points lie 30..80 px from the centre (115, 85); a 10 % zoom moves them 3..8 px.
        var tracker = new LandmarkSubsetTracker(Subset, policy: new RedetectPolicy(new RedetectPolicyOptions { MaxScaleChange = 1.05f }));
        tracker.SetKeyframe(SyntheticTexture.Render(Width, Height, 0, 0), Shape);

        var result = tracker.Track(SyntheticTexture.RenderZoomed(Width, Height, 1.1, 115, 85));

        Assert.Equal(0, result.LostCount);
        Assert.InRange(result.ScaleVsKeyframe, 1.08f, 1.12f);
        Assert.InRange(result.AreaRatioVsKeyframe, 1.15f, 1.27f);
        Assert.Equal(RedetectReason.ScaleChange, result.Redetect);
    }

    [Fact]
    public void Track_AfterWarmUp_AllocatesNothing()
    {
        var a = SyntheticTexture.Render(Width, Height, 0, 0);
        var b = SyntheticTexture.Render(Width, Height, 0.7, 0.2);
        var tracker = new LandmarkSubsetTracker(Subset);
        tracker.SetKeyframe(a, Shape);
        tracker.Track(b);
        tracker.Track(a);

        Assert.Equal(0, Allocations.Least(() =>
        {
            tracker.Track(b);
            tracker.Track(a);
        }));
    }

    [Theory]
    [InlineData(1.3, -0.8)]
    [InlineData(6.0, 3.0)]
    public void Track_InRegion_GivesTheWholeFramePositions(double dx, double dy)
    {
        var (whole, part) = RegionPair(regionMotion: 32);
        var frame = SyntheticTexture.Render(640, 360, dx, dy);

        var w = whole.Track(frame);
        var p = part.Track(frame);

        Assert.True(part.Region.Width * part.Region.Height < 640 * 360 / 4, $"region {part.Region} is not small");
        Assert.Equal(RedetectReason.None, p.Redetect);
        Assert.Equal(w, p);
        Assert.Equal(whole.Points.ToArray(), part.Points.ToArray());
        Assert.Equal(whole.ForwardBackwardErrors.ToArray(), part.ForwardBackwardErrors.ToArray());
    }

    [Fact]
    public void Track_InMovingRegions_AllocatesNothing()
    {
        var (_, part) = RegionPair(regionMotion: 32);
        var frames = new[] { SyntheticTexture.Render(640, 360, 3, 1), SyntheticTexture.Render(640, 360, 6, 2), SyntheticTexture.Render(640, 360, 9, 3) };
        part.Track(frames[0]);

        Assert.Equal(0, Allocations.Least(() =>
        {
            part.Track(frames[1]);
            part.Track(frames[2]);
        }));
    }

    [Fact]
    public void Constructor_RegionMotionZero_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LandmarkSubsetTracker(Subset, new LandmarkSubsetTrackerOptions { RegionMotion = 0 }));
        Assert.Equal("RegionMotion", ex.ParamName);
    }

    // Two trackers on a 640x360 texture, keyframed on the same points in its middle: one over the whole frame, one
    // over regions (15x15 window, 2 levels: a guard of 4 * (8 + 2 + 3) = 52 px).
    private static (LandmarkSubsetTracker Whole, LandmarkSubsetTracker Part) RegionPair(int regionMotion)
    {
        var lk = new LucasKanadeOptions { WindowWidth = 15, WindowHeight = 15, MaxLevel = 2 };
        Point2[] shape = [new(290, 160), new(350, 170), new(300, 215), new(345, 205), new(322, 188)];
        int[] subset = [0, 1, 2, 3, 4];
        var key = SyntheticTexture.Render(640, 360, 0, 0);
        var whole = new LandmarkSubsetTracker(subset, new LandmarkSubsetTrackerOptions { LucasKanade = lk, TrackInRegion = false });
        var part = new LandmarkSubsetTracker(subset, new LandmarkSubsetTrackerOptions { LucasKanade = lk, RegionMotion = regionMotion });
        whole.SetKeyframe(key, shape);
        part.SetKeyframe(key, shape);
        Assert.Equal(52, part.RegionGuard);
        return (whole, part);
    }

    [Fact]
    public void Track_BeforeKeyframe_Throws()
    {
        var tracker = new LandmarkSubsetTracker(Subset);
        Assert.Throws<InvalidOperationException>(() => tracker.Track(new GrayImage(Width, Height)));
    }

    [Fact]
    public void Track_FrameOfAnotherSize_ThrowsNamingBothSizes()
    {
        var tracker = new LandmarkSubsetTracker(Subset);
        tracker.SetKeyframe(SyntheticTexture.Render(Width, Height, 0, 0), Shape);
        var ex = Assert.Throws<InvalidOperationException>(() => tracker.Track(new GrayImage(100, 100)));
        Assert.Contains("100x100", ex.Message, StringComparison.Ordinal);
        Assert.Contains("240x180", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetKeyframe_ShapeTooShortForTheSubset_Throws()
    {
        var tracker = new LandmarkSubsetTracker(Subset);
        var ex = Assert.Throws<ArgumentException>(() => tracker.SetKeyframe(new GrayImage(Width, Height), Shape.AsSpan(0, 4)));
        Assert.Contains("index 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RepeatedIndex_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LandmarkSubsetTracker([3, 5, 3]));
    }
}
