using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;

namespace FerEdge.Core.Tests.Detection;

public sealed class WeightedNonMaxSuppressionTests
{
    private static FaceDetection Face(float x, float y, float size, float score)
    {
        var p = new Point2(x + (size / 2), y + (size / 2));
        return new FaceDetection(new BoxF(x, y, size, size), score, p, p, p, p, p, p);
    }

    [Fact]
    public void Apply_OverlappingPair_AveragesWeightedByScoreAndKeepsBestScore()
    {
        List<FaceDetection> candidates = [Face(10, 0, 100, 0.25f), Face(0, 0, 100, 0.75f)];
        var output = new List<FaceDetection>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 10, output);

        var d = Assert.Single(output);
        Assert.Equal(0.75f, d.Score);
        // x = (0.75 * 0 + 0.25 * 10) / 1.0; right = (0.75 * 100 + 0.25 * 110).
        Assert.Equal(2.5f, d.Box.X, 4);
        Assert.Equal(100f, d.Box.Width, 4);
        Assert.Equal(52.5f, d.Mouth.X, 4);
        Assert.Equal(50f, d.Mouth.Y, 4);
    }

    [Fact]
    public void Apply_DisjointFaces_KeepsBothBestFirst()
    {
        List<FaceDetection> candidates = [Face(0, 0, 50, 0.6f), Face(200, 0, 50, 0.9f)];
        var output = new List<FaceDetection>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 10, output);

        Assert.Equal(2, output.Count);
        Assert.Equal(200f, output[0].Box.X);
        Assert.Equal(0f, output[1].Box.X);
    }

    [Fact]
    public void Apply_OverlapBelowThreshold_DoesNotMerge()
    {
        // IoU of two 100-pixel squares shifted by 60 is 40 / 160 = 0.25.
        List<FaceDetection> candidates = [Face(0, 0, 100, 0.9f), Face(60, 0, 100, 0.8f)];
        var output = new List<FaceDetection>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 10, output);

        Assert.Equal(2, output.Count);
        Assert.Equal(0f, output[0].Box.X);
    }

    [Fact]
    public void Apply_MergeIsAgainstBestNotChain_ThirdBoxSurvives()
    {
        // B overlaps A and C, but C does not overlap A enough: C must stay a face of its own.
        List<FaceDetection> candidates = [Face(0, 0, 100, 0.9f), Face(30, 0, 100, 0.8f), Face(60, 0, 100, 0.7f)];
        var output = new List<FaceDetection>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 10, output);

        Assert.Equal(2, output.Count);
        Assert.Equal(0.7f, output[1].Score);
        Assert.Equal(60f, output[1].Box.X);
    }

    [Fact]
    public void Apply_MaxDetections_Truncates()
    {
        List<FaceDetection> candidates = [Face(0, 0, 10, 0.6f), Face(100, 0, 10, 0.9f), Face(200, 0, 10, 0.7f)];
        var output = new List<FaceDetection>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 2, output);

        Assert.Equal(2, output.Count);
        Assert.Equal(0.9f, output[0].Score);
        Assert.Equal(0.7f, output[1].Score);
    }

    [Fact]
    public void Apply_NoCandidates_ClearsOutput()
    {
        List<FaceDetection> output = [Face(0, 0, 10, 0.6f)];

        WeightedNonMaxSuppression.Apply([], 0.3f, 2, output);

        Assert.Empty(output);
    }
}
