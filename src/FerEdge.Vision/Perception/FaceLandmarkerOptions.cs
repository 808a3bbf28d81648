using FerEdge.Vision.Detection;
using FerEdge.Vision.Landmarks;

namespace FerEdge.Vision.Perception;

/// <summary>Where the perception models are and how the detector is tuned.</summary>
public sealed record FaceLandmarkerOptions
{
    /// <summary>Folder holding the BlazeFace ONNX files (tools/setup.sh puts them in models/third_party/blazeface).</summary>
    public string BlazeFaceDirectory { get; init; } = Path.Combine("models", "third_party", "blazeface");

    /// <summary>Which BlazeFace model detects faces.</summary>
    public BlazeFaceModel DetectorModel { get; init; } = BlazeFaceModel.Front128;

    /// <summary>Detector tuning (score threshold, NMS, threads).</summary>
    public BlazeFaceDetectorOptions Detector { get; init; } = new();

    /// <summary>Largest accepted <see cref="RefinementPasses"/>.</summary>
    public const int MaxRefinementPasses = 4;

    /// <summary>
    /// Refits after the first fit, each in the HOG-like box predicted from the previous shape
    /// (<see cref="LandmarkBoxRefinement"/>); 0 keeps the first fit in the calibrated detection box. Each pass costs one
    /// more cascade run (a few ms); a pass whose box equals the previous one ends the loop. Default 2, chosen with
    /// <c>fer-train frontend-calibrate</c> on the even frames of the shared videos (docs/frontend.md).
    /// </summary>
    public int RefinementPasses { get; init; } = 2;

    /// <summary>
    /// When above 0, each detection is refined by running the detector again on a crop of this many box sides around
    /// it, where a small face fills more of the detector's input and its box and keypoints come out closer
    /// (<see cref="FaceLandmarker.TryRedetectInCrop"/>). 0 disables the second look. Costs one more detector run per
    /// fitted face. Default 2, chosen with <c>fer-train frontend-calibrate</c> (docs/frontend.md): on small faces
    /// the full-frame detection's box can be off by half its size, and the second look cuts the landmark error
    /// several-fold.
    /// </summary>
    public float CropRedetectScale { get; init; } = 2f;

    /// <summary>dlib's 68-point shape predictor file.</summary>
    public string ShapePredictorPath { get; init; } = ShapePredictorFile.DefaultPath;

    /// <summary>
    /// Folder for the shape predictor's snapshot (<see cref="ShapePredictorFile.Load(string, string?)"/>), which
    /// starts the landmarker in tens of milliseconds instead of half a second or more; null or empty decodes the dlib
    /// file at every start.
    /// </summary>
    public string? CacheDirectory { get; init; }
}
