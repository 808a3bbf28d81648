using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;
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
    public void ModelBox_DlibShapesOfSingleFaceVideo_LandsOnDlibsOwnHogBoxes()
    {
        var ious = new List<double>();
        foreach (var dlib in fixture.Dlib.SelectMany(f => f))
        {
            var predicted = LandmarkBoxRefinement.ModelBox(dlib.Landmarks);
            var hog = new BoxF(dlib.Box.Left, dlib.Box.Top, dlib.Box.Width, dlib.Box.Height);
            ious.Add(new BoxF(predicted.Left, predicted.Top, predicted.Width, predicted.Height).IntersectionOverUnion(hog));
        }

        // The map was fitted on faces-in-the-wild, never on this video; a fixed point of the refit needs dlib's own
        // shape to map back near the box it was fitted in. Measured: mean 0.818, min 0.761. The HOG boxes on this
        // video jump by about 30 px (a 258 px box) between frames with nearly the same face, one HOG cell at that
        // pyramid level, which caps how close any smooth map can get; 0.78 fails a map that drifts off the face.
        output.WriteLine($"IoU of the box predicted from dlib's shape with dlib's HOG box: mean {ious.Average():F3}, min {ious.Min():F3}");
        Assert.True(ious.Average() > 0.78, $"mean IoU {ious.Average():F3} with the HOG box is not above 0.78");
        Assert.True(ious.Min() > 0.6, $"a predicted box overlaps its HOG box by only {ious.Min():F3}");
    }

    [Fact]
    public void Constructor_RefinementPassesOutOfRange_ThrowsNamingTheSetting()
    {
        var options = new FaceLandmarkerOptions { RefinementPasses = FaceLandmarkerOptions.MaxRefinementPasses + 1 };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FaceLandmarker(options));

        Assert.Contains("RefinementPasses", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LandmarkError_ShapeAgainstItselfAndShiftedByOneIod_IsZeroAndOne()
    {
        var dlib = fixture.Dlib.First(f => f.Length > 0)[0].Landmarks;
        var iod = Face68.InterOcularDistance(dlib);
        var shifted = dlib.Select((v, i) => i % 2 == 0 ? v + iod : v).ToArray();

        Assert.Equal(0, LandmarkError.Normalised(dlib, dlib));
        Assert.Equal(1, LandmarkError.Normalised(dlib, shifted), 4);
        Assert.InRange(iod, 20, 400);
    }

    [Fact]
    public void LandmarkError_ShortShape_ThrowsNamingTheLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => Face68.InterOcularDistance(new float[10]));

        Assert.Contains("136", ex.Message, StringComparison.Ordinal);
    }
}
