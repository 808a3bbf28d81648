using FerEdge.Vision.Perception;

namespace FerEdge.Vision.Tests.Perception;

/// <summary>
/// FerEdge's keyframe front end (BlazeFace, second look at a crop, calibrated box, managed cascade, landmark-box
/// refits) against dlib's full pipeline (HOG detector + shape predictor) on the same gray frames of single_face.mp4.
/// Error = mean point distance over the 68 points / dlib's inter-ocular distance.
/// </summary>
public sealed class FrontEndAccuracyTests(SingleFaceVideoFixture fixture, ITestOutputHelper output) : IClassFixture<SingleFaceVideoFixture>
{
    [Fact]
    public void FitDetection_SingleFaceVideo_FindsEveryDlibFaceWithMeanErrorBelowTwoPercent()
    {
        var (shipped, calibrated, dlibFaces) = FrontEndComparison.Measure(fixture);

        output.WriteLine($"dlib faces {dlibFaces} in {fixture.Frames.Length} frames, found by FerEdge {shipped.Count}");
        output.WriteLine($"shipped front end: {FrontEndComparison.Describe(shipped)}");
        output.WriteLine($"calibrated full-frame box only: {FrontEndComparison.Describe(calibrated)}");
        Assert.True(dlibFaces >= fixture.Frames.Length - 2, $"dlib found a face in only {dlibFaces} of {fixture.Frames.Length} frames");
        Assert.Equal(dlibFaces, shipped.Count);
        Assert.True(shipped.Average() < 0.02, $"mean error {100 * shipped.Average():F2} % of the inter-ocular distance is not below 2 %");
    }

    [Fact]
    public void LandmarkError_ShapeAgainstItselfAndShiftedByOneIod_IsZeroAndOne()
    {
        var dlib = fixture.Dlib.First(f => f.Length > 0)[0].Landmarks;
        var iod = LandmarkError.InterOcularDistance(dlib);
        var shifted = dlib.Select((v, i) => i % 2 == 0 ? v + iod : v).ToArray();

        Assert.Equal(0, LandmarkError.Normalised(dlib, dlib));
        Assert.Equal(1, LandmarkError.Normalised(dlib, shifted), 4);
        Assert.InRange(iod, 20, 400);
    }

    [Fact]
    public void LandmarkError_ShortShape_ThrowsNamingTheLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => LandmarkError.InterOcularDistance(new float[10]));

        Assert.Contains("136", ex.Message, StringComparison.Ordinal);
    }
}
