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
    /// more cascade run (a few ms). Default 0 (docs/frontend.md has the measurements behind it).
    /// </summary>
    public int RefinementPasses { get; init; }

    /// <summary>dlib's 68-point shape predictor file.</summary>
    public string ShapePredictorPath { get; init; } = ShapePredictorFile.DefaultPath;
}
