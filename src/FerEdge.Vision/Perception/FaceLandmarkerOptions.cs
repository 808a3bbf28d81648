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

    /// <summary>dlib's 68-point shape predictor file.</summary>
    public string ShapePredictorPath { get; init; } = ShapePredictorFile.DefaultPath;
}
