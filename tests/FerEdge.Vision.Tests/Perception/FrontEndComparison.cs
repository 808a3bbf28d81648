using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;
using FerEdge.Vision.Perception;

namespace FerEdge.Vision.Tests.Perception;

/// <summary>
/// Matches each dlib face of a <see cref="FrontEndFixture"/> to FerEdge's detection whose calibrated box overlaps
/// its HOG box with IoU above 0.3, and measures the landmark error (mean over 68 points / dlib's inter-ocular
/// distance) of the shipped fit and of a single fit in the calibrated full-frame box.
/// </summary>
internal static class FrontEndComparison
{
    public static (List<double> Shipped, List<double> CalibratedOnly, int DlibFaces) Measure(FrontEndFixture fixture)
    {
        var landmarker = fixture.Landmarker;
        var shape = new float[Face68.ShapeLength];
        List<double> shipped = [], calibrated = [];
        var dlibFaces = 0;
        for (var k = 0; k < fixture.Frames.Length; k++)
        {
            dlibFaces += fixture.Dlib[k].Length;
            var n = landmarker.Detect(fixture.Frames[k]);
            foreach (var dlib in fixture.Dlib[k])
            {
                var hog = new BoxF(dlib.Box.Left, dlib.Box.Top, dlib.Box.Width, dlib.Box.Height);
                var match = -1;
                for (var i = 0; i < n && match < 0; i++)
                {
                    match = DlibBoxCalibration.Apply(landmarker.Faces[i]).IntersectionOverUnion(hog) > 0.3f ? i : -1;
                }

                if (match < 0)
                {
                    continue;
                }

                landmarker.FitDetection(fixture.Frames[k], landmarker.Faces[match], shape);
                shipped.Add(LandmarkError.Normalised(dlib.Landmarks, shape));
                landmarker.Fit(fixture.Frames[k], FaceLandmarker.ModelBox(landmarker.Faces[match]), shape);
                calibrated.Add(LandmarkError.Normalised(dlib.Landmarks, shape));
            }
        }

        return (shipped, calibrated, dlibFaces);
    }

    public static string Describe(List<double> errors)
    {
        var sorted = errors.Order().ToList();
        return $"mean {100 * sorted.Average():F2} %, median {100 * sorted[sorted.Count / 2]:F2} %, p90 {100 * sorted[(int)Math.Ceiling(0.9 * sorted.Count) - 1]:F2} %, max {100 * sorted[^1]:F2} %";
    }
}
