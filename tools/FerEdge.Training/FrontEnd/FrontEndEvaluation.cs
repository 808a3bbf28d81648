using System.Globalization;
using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.FrontEnd;

/// <summary>
/// Runs FerEdge's front end (BlazeFace detection, calibrated box, managed fit, optional refits) on a
/// <see cref="FrontEndSet"/> and compares it with dlib's full pipeline: each dlib face is matched to the FerEdge
/// detection whose calibrated box overlaps its HOG box most (IoU above <see cref="MinMatchIou"/>), and the landmark
/// error is the mean point distance over the 68 points divided by dlib's inter-ocular distance.
/// </summary>
internal static class FrontEndEvaluation
{
    /// <summary>Least IoU between the calibrated box and dlib's HOG box for the two to be the same face.</summary>
    public const float MinMatchIou = 0.3f;

    /// <summary>Measures every variant on <paramref name="set"/> with one detection per frame.</summary>
    /// <param name="set">Frames and dlib's faces.</param>
    /// <param name="landmarker">FerEdge's front end.</param>
    /// <param name="variants">Box choices to compare.</param>
    /// <param name="details">When given, one line per matched face: image, HOG box, inter-ocular distance, then per
    /// variant the IoU of its final box with the HOG box and its error in %.</param>
    public static FrontEndAccuracy[] Run(FrontEndSet set, FaceLandmarker landmarker, IReadOnlyList<FrontEndVariant> variants, TextWriter? details = null)
    {
        var results = variants.Select(_ => new FrontEndAccuracy()).ToArray();
        var shape = new float[Face68.ShapeLength];
        var used = new bool[8];
        foreach (var image in set.Images)
        {
            foreach (var r in results)
            {
                r.Frames++;
                r.FramesWithDlibFace += image.Dlib.Count > 0 ? 1 : 0;
                r.DlibFaces += image.Dlib.Count;
            }

            if (image.Dlib.Count == 0)
            {
                continue;
            }

            var gray = FrontEndData.LoadGray(image.Png);
            var n = landmarker.Detect(gray);
            if (used.Length < n)
            {
                used = new bool[n];
            }

            Array.Clear(used);
            foreach (var dlib in image.Dlib)
            {
                var match = Match(landmarker.Faces, n, dlib.BoxF, used);
                if (match < 0)
                {
                    continue;
                }

                used[match] = true;
                var face = landmarker.Faces[match];
                details?.Write(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(image.Png)} [{dlib.Box.Left} {dlib.Box.Top} {dlib.Box.Right} {dlib.Box.Bottom}] iod {Face68.InterOcularDistance(dlib.Shape):F1} score {face.Score:F2} kp {KeypointError(face, dlib.Shape)}"));
                for (var v = 0; v < variants.Count; v++)
                {
                    var box = Fit(landmarker, gray, face, variants[v], shape);
                    var error = LandmarkError.Normalised(dlib.Shape, shape);
                    results[v].MatchedFaces++;
                    results[v].Errors.Add(error);
                    details?.Write(string.Create(CultureInfo.InvariantCulture, $" | [{box.Left} {box.Top} {box.Right} {box.Bottom}] iou {new BoxF(box.Left, box.Top, box.Width, box.Height).IntersectionOverUnion(dlib.BoxF):F2} err {100 * error:F1}"));
                }

                details?.WriteLine();
            }
        }

        return results;
    }

    /// <summary>Fits one face the way <paramref name="variant"/> says; returns the final box.</summary>
    public static DlibRect Fit(FaceLandmarker landmarker, Core.Imaging.GrayImage gray, in FaceDetection face, FrontEndVariant variant, float[] shape)
    {
        var detection = variant.CropScale > 0f && landmarker.TryRedetectInCrop(gray, face, variant.CropScale, out var closer) ? closer : face;
        var box = FaceLandmarker.ModelBox(detection);
        landmarker.Fit(gray, box, shape);
        for (var pass = 0; pass < variant.Passes; pass++)
        {
            var c = variant.Coefficients;
            var next = c is null
                ? LandmarkBoxRefinement.ModelBox(shape)
                : DlibBoxCalibration.ToDlibRect(LandmarkBoxRefinement.Apply(shape, c[0], c[1], c[2]));
            if (next == box)
            {
                break;
            }

            box = next;
            landmarker.Fit(gray, box, shape);
        }

        return box;
    }

    // Distances of BlazeFace's eye, nose and mouth keypoints from dlib's eye centres, nose tip (30) and lip centre
    // (mean of 48-67), in % of dlib's inter-ocular distance: how far the detector's own landmarks can be trusted.
    private static string KeypointError(in FaceDetection face, float[] shape)
    {
        static (float X, float Y) Mean(float[] s, int from, int to)
        {
            float x = 0, y = 0;
            for (var i = from; i <= to; i++)
            {
                x += s[2 * i];
                y += s[(2 * i) + 1];
            }

            return (x / (to - from + 1), y / (to - from + 1));
        }

        var iod = Face68.InterOcularDistance(shape);
        double D(Point2 p, (float X, float Y) q) => 100 * Math.Sqrt(Math.Pow(p.X - q.X, 2) + Math.Pow(p.Y - q.Y, 2)) / iod;
        return string.Create(CultureInfo.InvariantCulture, $"re {D(face.RightEye, Mean(shape, 36, 41)):F0} le {D(face.LeftEye, Mean(shape, 42, 47)):F0} nose {D(face.NoseTip, Mean(shape, 30, 30)):F0} mouth {D(face.Mouth, Mean(shape, 48, 67)):F0}");
    }

    private static int Match(IReadOnlyList<FaceDetection> faces, int n, BoxF hog, bool[] used)
    {
        var best = -1;
        var bestIou = MinMatchIou;
        for (var i = 0; i < n; i++)
        {
            if (used[i])
            {
                continue;
            }

            var iou = DlibBoxCalibration.Apply(faces[i]).IntersectionOverUnion(hog);
            if (iou > bestIou)
            {
                (best, bestIou) = (i, iou);
            }
        }

        return best;
    }
}
