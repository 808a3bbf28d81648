using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Vision.Detection;
using FerEdge.Vision.Landmarks;

namespace FerEdge.Vision.Perception;

/// <summary>
/// The keyframe half of perception: BlazeFace finds faces, each detection is mapped to the box convention dlib's
/// landmark model was trained with (<see cref="DlibBoxCalibration"/>), and the managed cascade fits 68 points.
/// </summary>
/// <remarks>
/// Not thread-safe: one instance per vision thread. It owns and disposes the detector it creates.
/// </remarks>
public sealed class FaceLandmarker : IDisposable
{
    private readonly BlazeFaceDetector _detector;
    private readonly ShapePredictor _predictor;
    private readonly List<FaceDetection> _faces = new(8);
    private readonly List<FaceDetection> _cropFaces = new(8);
    private readonly float _cropScale;
    private readonly int _refinementPasses;

    /// <summary>Opens the models named by <paramref name="options"/>; missing or foreign files throw naming the file.</summary>
    public FaceLandmarker(FaceLandmarkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RefinementPasses is < 0 or > FaceLandmarkerOptions.MaxRefinementPasses)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RefinementPasses, $"RefinementPasses must lie in 0..{FaceLandmarkerOptions.MaxRefinementPasses}.");
        }

        if (!(options.CropRedetectScale == 0f || options.CropRedetectScale is >= 1f and <= 8f))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CropRedetectScale, "CropRedetectScale must be 0 (off) or lie in 1..8.");
        }

        _refinementPasses = options.RefinementPasses;
        _cropScale = options.CropRedetectScale;
        ModelLoad = ShapePredictorFile.Load(options.ShapePredictorPath, options.CacheDirectory);
        var detectorPath = Path.Combine(options.BlazeFaceDirectory, BlazeFaceDetector.DefaultFileName(options.DetectorModel));
        _detector = new BlazeFaceDetector(detectorPath, options.DetectorModel, options.Detector);
        _predictor = new ShapePredictor(ModelLoad.Model);
    }

    /// <summary>How the landmark model was loaded: from its snapshot, or from the dlib file and with what result for the snapshot.</summary>
    public ShapePredictorLoad ModelLoad { get; }

    /// <summary>The faces found by the last detection, largest first. Valid until the next call.</summary>
    public IReadOnlyList<FaceDetection> Faces => _faces;

    /// <summary>Finds faces in a colour frame; returns how many (see <see cref="Faces"/>).</summary>
    public int Detect(ColorImage frame)
    {
        _detector.Detect(frame, _faces);
        SortLargestFirst(_faces);
        return _faces.Count;
    }

    /// <summary>Finds faces in a gray frame; returns how many (see <see cref="Faces"/>).</summary>
    public int Detect(GrayImage frame)
    {
        _detector.Detect(frame, _faces);
        SortLargestFirst(_faces);
        return _faces.Count;
    }

    /// <summary>The box, in dlib's convention, that the landmark model expects for a detection.</summary>
    public static DlibRect ModelBox(in FaceDetection face) => DlibBoxCalibration.ToDlibRect(face);

    /// <summary>Fits 68 landmarks in <paramref name="box"/> into <paramref name="shape"/> (136 values, pixels).</summary>
    public void Fit(GrayImage gray, DlibRect box, Span<float> shape) => _predictor.Predict(gray, box, shape);

    /// <summary>
    /// Runs the detector again on a square crop of <paramref name="cropScale"/> times the detection's box side around
    /// its centre (clipped to the frame), where a small face fills more of the detector's input, and returns the
    /// crop's detection that overlaps <paramref name="face"/> most, in frame pixels. False when the crop finds no
    /// face overlapping it. Allocation-free; the crop is read in place through the frame's stride.
    /// </summary>
    public bool TryRedetectInCrop(GrayImage gray, in FaceDetection face, float cropScale, out FaceDetection refined)
    {
        ArgumentNullException.ThrowIfNull(gray);
        refined = face;
        var side = cropScale * MathF.Max(face.Box.Width, face.Box.Height);
        var x0 = Math.Clamp((int)MathF.Floor(face.Box.CenterX - (side / 2f)), 0, gray.Width - 1);
        var y0 = Math.Clamp((int)MathF.Floor(face.Box.CenterY - (side / 2f)), 0, gray.Height - 1);
        var x1 = Math.Clamp((int)MathF.Ceiling(face.Box.CenterX + (side / 2f)), x0 + 1, gray.Width);
        var y1 = Math.Clamp((int)MathF.Ceiling(face.Box.CenterY + (side / 2f)), y0 + 1, gray.Height);
        var pixels = gray.Pixels[((y0 * gray.Width) + x0)..];
        var n = _detector.Detect(pixels, x1 - x0, y1 - y0, gray.Width, PixelLayout.Gray8, _cropFaces);
        var best = -1;
        var bestIou = 0f;
        for (var i = 0; i < n; i++)
        {
            var moved = Translate(_cropFaces[i], x0, y0);
            var iou = moved.Box.IntersectionOverUnion(face.Box);
            if (iou > bestIou)
            {
                (best, bestIou, refined) = (i, iou, moved);
            }
        }

        return best >= 0;
    }

    /// <summary>
    /// Fits 68 landmarks for a detection into <paramref name="shape"/> (136 values, pixels): when
    /// <see cref="FaceLandmarkerOptions.CropRedetectScale"/> is set, the detection is first replaced by the detector's
    /// second look at a crop around it (<see cref="TryRedetectInCrop"/>); then a first fit in the calibrated box (<see cref="ModelBox"/>), then <see cref="FaceLandmarkerOptions.RefinementPasses"/> refits,
    /// each in the box <see cref="LandmarkBoxRefinement"/> predicts from the previous shape. Returns the box of the
    /// final fit. Allocation-free.
    /// </summary>
    public DlibRect FitDetection(GrayImage gray, in FaceDetection face, Span<float> shape)
    {
        var detection = _cropScale > 0f && TryRedetectInCrop(gray, face, _cropScale, out var closer) ? closer : face;
        var box = ModelBox(detection);
        _predictor.Predict(gray, box, shape);
        for (var pass = 0; pass < _refinementPasses; pass++)
        {
            var refined = LandmarkBoxRefinement.ModelBox(shape);
            if (refined.IsEmpty || refined == box)
            {
                break;
            }

            box = refined;
            _predictor.Predict(gray, box, shape);
        }

        return box;
    }

    /// <inheritdoc />
    public void Dispose() => _detector.Dispose();

    private static FaceDetection Translate(in FaceDetection f, float dx, float dy)
    {
        static Point2 Move(Point2 p, float dx, float dy) => new(p.X + dx, p.Y + dy);
        return new FaceDetection(
            f.Box with { X = f.Box.X + dx, Y = f.Box.Y + dy },
            f.Score,
            Move(f.RightEye, dx, dy),
            Move(f.LeftEye, dx, dy),
            Move(f.NoseTip, dx, dy),
            Move(f.Mouth, dx, dy),
            Move(f.RightEar, dx, dy),
            Move(f.LeftEar, dx, dy));
    }

    private static void SortLargestFirst(List<FaceDetection> faces)
    {
        // Insertion sort: a handful of faces, and no comparer allocation per frame.
        for (var i = 1; i < faces.Count; i++)
        {
            var f = faces[i];
            var j = i - 1;
            while (j >= 0 && faces[j].Box.Area < f.Box.Area)
            {
                faces[j + 1] = faces[j];
                j--;
            }

            faces[j + 1] = f;
        }
    }
}
