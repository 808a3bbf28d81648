using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;
using FerEdge.Core.Tracking;
using FerEdge.Vision.Perception;

namespace FerEdge.Vision.Tests.Perception;

/// <summary>
/// Keyframe (detection + full fit) then subset tracking on single_face.mp4, against a full fit on every frame: the
/// tracked points must stay close to where a fresh fit puts them, between keyframes chosen by the default policy.
/// </summary>
public sealed class FrontEndTrackingTests(SingleFaceVideoFixture fixture, ITestOutputHelper output) : IClassFixture<SingleFaceVideoFixture>
{
    // Bound on the mean subset error over tracked frames, as a fraction of the inter-ocular distance. Measured on
    // this video with the default policy (fer-train tracking-report, docs/frontend.md): 1.10 % for 68 points, 0.98 %
    // for 34, 0.84 % for 17. The run is deterministic (same PNGs, managed code), so the margin to 1.5 % is for
    // legitimate changes to the tracker or the fit, not noise; 1.5 % stays under the 2 % the keyframe fit itself is
    // held to against dlib, so tracking that drifts more than a fresh fit's own disagreement with dlib fails.
    private const double MaxMeanError = 0.015;

    [Theory]
    [InlineData(68)]
    [InlineData(34)]
    [InlineData(17)]
    public void Track_SingleFaceVideo_SubsetStaysCloseToFullFit(int size)
    {
        var subset = LandmarkSubsets.OfSize(size);
        var frames = fixture.Frames;
        var landmarker = fixture.Landmarker;
        var full = new float[frames.Length][];
        for (var k = 0; k < frames.Length; k++)
        {
            Assert.True(landmarker.Detect(frames[k]) > 0, $"no face detected in frame {k}");
            full[k] = new float[Face68.ShapeLength];
            landmarker.FitDetection(frames[k], landmarker.Faces[0], full[k]);
        }

        var tracker = new LandmarkSubsetTracker(subset);
        var tracked = new float[2 * subset.Length];
        var errors = new List<double>();
        var keyframes = 0;
        var needKeyframe = true;
        for (var k = 0; k < frames.Length; k++)
        {
            if (needKeyframe)
            {
                tracker.SetKeyframe(frames[k], ToPoints(full[k]));
                keyframes++;
                needKeyframe = false;
                continue;
            }

            var result = tracker.Track(frames[k]);
            needKeyframe = result.NextFrameIsKeyframe;
            for (var i = 0; i < subset.Length; i++)
            {
                tracked[2 * i] = tracker.Points[i].X;
                tracked[(2 * i) + 1] = tracker.Points[i].Y;
            }

            errors.Add(LandmarkError.NormalisedSubset(full[k], subset, tracked));
        }

        var sorted = errors.Order().ToList();
        output.WriteLine($"{size} points: {keyframes} keyframes, {errors.Count} tracked frames; error mean {100 * sorted.Average():F2} %, median {100 * sorted[sorted.Count / 2]:F2} %, max {100 * sorted[^1]:F2} %");
        Assert.True(errors.Count >= frames.Length / 2, $"only {errors.Count} of {frames.Length} frames were tracked");
        Assert.True(keyframes >= frames.Length / new RedetectPolicyOptions().KeyframeInterval, "the keyframe interval should force keyframes");
        Assert.True(sorted.Average() < MaxMeanError, $"mean tracked error {100 * sorted.Average():F2} % exceeds {100 * MaxMeanError:F1} %");
    }

    private static Point2[] ToPoints(float[] shape)
    {
        var points = new Point2[shape.Length / 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Point2(shape[2 * i], shape[(2 * i) + 1]);
        }

        return points;
    }
}
