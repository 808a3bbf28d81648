using FerEdge.Core.Geometry;
using FerEdge.Core.Tracking;
using OpenCvSharp;

namespace FerEdge.Vision.Tests.Tracking;

/// <summary>
/// The managed tracker against OpenCV's <c>calcOpticalFlowPyrLK</c> on real video frames: same gray pixels, same
/// points (good features to track in the face area), same window, levels and criteria.
/// </summary>
public sealed class LucasKanadeOracleTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.1;

    [Fact]
    public void Track_SingleFaceVideo_MatchesOpenCvWithinTenthOfAPixel() =>
        CompareOnVideo("single_face.mp4", maxFrames: 72, frameStep: 1);

    [Fact]
    public void Track_HamiltonClip_MatchesOpenCvWithinTenthOfAPixel() =>
        CompareOnVideo("short_hamilton_clip.mp4", maxFrames: 275, frameStep: 3);

    [Fact]
    public void Build_RealFrame_LevelsEqualOpenCvPyrDownAndGradientsEqualScharr()
    {
        var frame = OracleFrames.Decode("single_face.mp4", 1)[0];
        var options = LucasKanadeOptions.OpenCvDefaults;
        var pyramid = new ImagePyramid(options);
        pyramid.Build(frame);
        Assert.Equal(4, pyramid.LevelCount);

        var level = OracleFrames.Wrap(frame);
        try
        {
            for (var l = 0; l < pyramid.LevelCount; l++)
            {
                if (l > 0)
                {
                    var down = new Mat();
                    Cv2.PyrDown(level, down);
                    level.Dispose();
                    level = down;
                }

                int cols = level.Cols, rows = level.Rows;
                Assert.Equal(cols, pyramid.LevelWidth(l));
                Assert.Equal(rows, pyramid.LevelHeight(l));
                using var dx = new Mat();
                using var dy = new Mat();
                Cv2.Scharr(level, dx, MatType.CV_16S, 1, 0);
                Cv2.Scharr(level, dy, MatType.CV_16S, 0, 1);
                Assert.True(level.IsContinuous() && dx.IsContinuous() && dy.IsContinuous());
                var pixels = level.AsSpan<byte>();
                var gxs = dx.AsSpan<short>();
                var gys = dy.AsSpan<short>();
                var pixelMismatches = 0;
                var gradientMismatches = 0;
                for (var y = 0; y < rows; y++)
                {
                    for (var x = 0; x < cols; x++)
                    {
                        var i = (y * cols) + x;
                        pixelMismatches += pixels[i] == pyramid.GetPixel(l, x, y) ? 0 : 1;
                        var (gx, gy) = pyramid.GetGradient(l, x, y);
                        gradientMismatches += gx == gxs[i] && gy == gys[i] ? 0 : 1;
                    }
                }

                Assert.Equal(0, pixelMismatches);
                Assert.Equal(0, gradientMismatches);
            }
        }
        finally
        {
            level.Dispose();
        }
    }

    private void CompareOnVideo(string video, int maxFrames, int frameStep)
    {
        var frames = OracleFrames.Decode(video, maxFrames);
        Assert.True(frames.Count > 10, $"{video} decoded to only {frames.Count} frames");
        using var cascade = OracleFrames.LoadFaceCascade();
        var options = LucasKanadeOptions.OpenCvDefaults;
        var lk = new PyramidalLucasKanade(options);
        var prevPyramid = new ImagePyramid(options);
        var nextPyramid = new ImagePyramid(options);
        var criteria = new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, options.MaxIterations, options.Epsilon);
        var winSize = new Size(options.WindowWidth, options.WindowHeight);

        int pairs = 0, facePairs = 0, points = 0, compared = 0, statusDisagree = 0, overTolerance = 0;
        double sum = 0, max = 0;
        for (var k = 0; k + 1 < frames.Count; k += frameStep)
        {
            using var prev = OracleFrames.Wrap(frames[k]);
            using var next = OracleFrames.Wrap(frames[k + 1]);
            var face = OracleFrames.FindFace(prev, cascade);
            using var mask = new Mat(prev.Size(), MatType.CV_8UC1, Scalar.All(face is null ? 255 : 0));
            if (face is { } f)
            {
                mask[f].SetTo(Scalar.All(255));
                facePairs++;
            }

            var corners = Cv2.GoodFeaturesToTrack(prev, 60, 0.05, 5, mask, 3, false, 0.04);
            if (corners.Length == 0)
            {
                continue;
            }

            pairs++;
            var cvNext = (Point2f[])corners.Clone();
            Cv2.CalcOpticalFlowPyrLK(prev, next, corners, ref cvNext, out var cvStatus, out var cvError, winSize, options.MaxLevel, criteria, OpticalFlowFlags.None, options.MinEigenvalueThreshold);

            var from = Array.ConvertAll(corners, c => new Point2(c.X, c.Y));
            var to = new Point2[from.Length];
            var found = new bool[from.Length];
            var error = new float[from.Length];
            prevPyramid.Build(frames[k]);
            nextPyramid.Build(frames[k + 1]);
            lk.Track(prevPyramid, nextPyramid, from, to, found, error);

            for (var i = 0; i < from.Length; i++)
            {
                points++;
                var cvFound = cvStatus[i] != 0;
                if (cvFound != found[i])
                {
                    statusDisagree++;
                    continue;
                }

                if (!cvFound)
                {
                    continue;
                }

                var d = Math.Sqrt(Math.Pow(to[i].X - cvNext[i].X, 2) + Math.Pow(to[i].Y - cvNext[i].Y, 2));
                compared++;
                sum += d;
                max = Math.Max(max, d);
                overTolerance += d > Tolerance ? 1 : 0;
            }
        }

        output.WriteLine($"{video}: {pairs} frame pairs ({facePairs} with a detected face), {points} points, {compared} found by both, " +
            $"status disagreements {statusDisagree}, distance to OpenCV mean {sum / Math.Max(1, compared):F5} px, max {max:F5} px, over {Tolerance} px: {overTolerance}");
        Assert.True(compared > 100, $"only {compared} points were compared");
        Assert.Equal(0, overTolerance);
        Assert.True(statusDisagree <= points / 100, $"found flags differ on {statusDisagree} of {points} points");
    }
}
