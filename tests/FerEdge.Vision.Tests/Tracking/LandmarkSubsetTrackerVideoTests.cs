using FerEdge.Core.Geometry;
using FerEdge.Core.Tracking;
using OpenCvSharp;

namespace FerEdge.Vision.Tests.Tracking;

/// <summary>
/// The subset tracker over a whole real video with its keyframe policy: at every keyframe up to 30 well-textured
/// points in the face area stand in for the landmark subset (landmark fitting is not part of this test).
/// </summary>
public sealed class LandmarkSubsetTrackerVideoTests(ITestOutputHelper output)
{
    [Fact]
    public void Track_SingleFaceVideo_KeepsForwardBackwardErrorLowAndFewPointsLost() =>
        TrackVideo("single_face.mp4", maxTypicalError: 0.05, maxLostShare: 0.05);

    [Fact]
    public void Track_HamiltonClip_KeepsForwardBackwardErrorLowAndFewPointsLost() =>
        TrackVideo("short_hamilton_clip.mp4", maxTypicalError: 0.1, maxLostShare: 0.1);

    [Theory]
    [InlineData("single_face.mp4", 21, 3)]
    [InlineData("single_face.mp4", 16, 2)]
    [InlineData("short_hamilton_clip.mp4", 16, 2)]
    public void Track_RegionPyramids_GiveTheWholeFrameResultsOnEveryFrame(string video, int window, int levels)
    {
        var frames = OracleFrames.Decode(video, 300);
        using var cascade = OracleFrames.LoadFaceCascade();
        var lk = new LucasKanadeOptions { WindowWidth = window, WindowHeight = window, MaxLevel = levels };
        var wholeOptions = new LandmarkSubsetTrackerOptions { LucasKanade = lk, TrackInRegion = false };
        var regionOptions = new LandmarkSubsetTrackerOptions { LucasKanade = lk };
        LandmarkSubsetTracker? whole = null, part = null;
        int tracked = 0, regionEdges = 0;
        double regionShare = 0;
        for (var k = 0; k < frames.Count; k++)
        {
            if (whole is null || part is null)
            {
                whole = StartTracker(frames[k], cascade, wholeOptions);
                part = StartTracker(frames[k], cascade, regionOptions);
                continue;
            }

            var w = whole.Track(frames[k]);
            var p = part.Track(frames[k]);
            if (part.RegionEdgeHits > 0)
            {
                // A window reached the region's edge (a point outran the motion allowance, or tracking broke down at
                // a cut): the frame may differ, and it always ends the track.
                Assert.True(p.NextFrameIsKeyframe);
                regionEdges++;
                whole = part = null;
                continue;
            }

            tracked++;
            regionShare += (double)part.Region.Width * part.Region.Height / (frames[k].Width * frames[k].Height);
            Assert.Equal(w, p);
            Assert.Equal(whole.Points.ToArray(), part.Points.ToArray());
            Assert.Equal(whole.ForwardBackwardErrors.ToArray(), part.ForwardBackwardErrors.ToArray());
            if (p.NextFrameIsKeyframe)
            {
                whole = part = null;
            }
        }

        output.WriteLine($"{video}, {window}x{window}, {levels} levels: {tracked} tracked frames identical, regions cover {regionShare / tracked:P0} of the frame on average, {regionEdges} region-edge frames");
        Assert.True(tracked > frames.Count / 2, $"only {tracked} of {frames.Count} frames were compared");
        Assert.True(regionEdges <= frames.Count / 25, $"{regionEdges} frames reached the region's edge");
    }

    // maxTypicalError bounds the median over frames of each frame's median forward-backward error: scene cuts make
    // a few frames' errors huge, which the policy answers with a keyframe, so the mean would measure the cuts.
    private void TrackVideo(string video, double maxTypicalError, double maxLostShare)
    {
        var frames = OracleFrames.Decode(video, 300);
        using var cascade = OracleFrames.LoadFaceCascade();
        var reasons = new Dictionary<RedetectReason, int>();
        var medians = new List<double>();
        double lostShareSum = 0;
        int tracked = 0, keyframes = 0;
        LandmarkSubsetTracker? tracker = null;
        for (var k = 0; k < frames.Count; k++)
        {
            if (tracker is null)
            {
                tracker = StartTracker(frames[k], cascade);
                keyframes += tracker is null ? 0 : 1;
                continue;
            }

            var result = tracker.Track(frames[k]);
            tracked++;
            lostShareSum += (double)result.LostCount / result.PointCount;
            medians.Add(float.IsNaN(result.MedianForwardBackwardError) ? double.PositiveInfinity : result.MedianForwardBackwardError);
            reasons[result.Redetect] = reasons.GetValueOrDefault(result.Redetect) + 1;
            if (result.NextFrameIsKeyframe)
            {
                tracker = null;
            }
        }

        medians.Sort();
        var typical = medians[medians.Count / 2];
        var p90 = medians[medians.Count * 9 / 10];
        var reasonText = string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}"));
        output.WriteLine($"{video}: {keyframes} keyframes, {tracked} tracked frames, lost share per frame {lostShareSum / tracked:P1}, " +
            $"per-frame median FB error: median {typical:F4} px, p90 {p90:F4} px, max {medians[^1]:F4} px; verdicts: {reasonText}");
        Assert.True(tracked > frames.Count / 2, $"only {tracked} of {frames.Count} frames were tracked");
        Assert.InRange(typical, 0, maxTypicalError);
        Assert.InRange(lostShareSum / tracked, 0, maxLostShare);
        Assert.True(reasons.GetValueOrDefault(RedetectReason.Interval) >= 5, "the 10-frame interval should have asked for keyframes");
    }

    // A keyframe: up to 30 good features in the face area (the whole frame when no face is found) become the shape.
    private static LandmarkSubsetTracker? StartTracker(Core.Imaging.GrayImage frame, CascadeClassifier? cascade, LandmarkSubsetTrackerOptions? options = null)
    {
        using var gray = OracleFrames.Wrap(frame);
        var face = OracleFrames.FindFace(gray, cascade) ?? new Rect(0, 0, gray.Cols, gray.Rows);
        using var mask = new Mat(gray.Size(), MatType.CV_8UC1, Scalar.All(0));
        mask[face].SetTo(Scalar.All(255));
        var corners = Cv2.GoodFeaturesToTrack(gray, 30, 0.05, 8, mask, 3, false, 0.04);
        if (corners.Length < 4)
        {
            return null;
        }

        var subset = new int[corners.Length];
        for (var i = 0; i < subset.Length; i++)
        {
            subset[i] = i;
        }

        var tracker = new LandmarkSubsetTracker(subset, options);
        tracker.SetKeyframe(frame, Array.ConvertAll(corners, c => new Point2(c.X, c.Y)));
        return tracker;
    }
}
