using FerEdge.Host.Configuration;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Perception;
using FerEdge.Vision.Detection;
using FerEdge.Vision.Perception;

namespace FerEdge.Host.Commands;

/// <summary>
/// The pipeline stages' options built from validated settings, in one place, so that <c>run</c>, <c>profile</c> and
/// <c>evaluate</c> measure and run the same front end and decision.
/// </summary>
internal static class StageOptions
{
    /// <summary>Detector and landmark model: files, detector model and threshold.</summary>
    public static FaceLandmarkerOptions Landmarker(FerEdgeSettings settings) => new()
    {
        BlazeFaceDirectory = AppPaths.Under(settings.Models.BlazeFaceDirectory),
        DetectorModel = settings.Detection.Model == "back" ? BlazeFaceModel.Back256 : BlazeFaceModel.Front128,
        Detector = new BlazeFaceDetectorOptions { ScoreThreshold = settings.Detection.ScoreThreshold, IntraOpThreads = settings.Detection.Threads },
        ShapePredictorPath = settings.Models.ShapePredictor,
    };

    /// <summary>Keyframes, tracking and the smallest face.</summary>
    public static PerceptionOptions Perception(FerEdgeSettings settings) => new()
    {
        Tracking = settings.Tracking.Enabled,
        MinFaceSize = settings.Detection.MinFaceSize,
        Tracker = settings.Tracking.ToTrackerOptions(),
        Redetect = new() { KeyframeInterval = settings.Tracking.KeyframeInterval, MaxLostShare = settings.Tracking.MaxLostShare },
    };

    /// <summary>Decision (calibration, smoothing, hysteresis) and the explanation rate.</summary>
    public static EmotionStageOptions Emotion(FerEdgeSettings settings) => new()
    {
        Decision = new() { SmoothingSeconds = settings.Decision.SmoothingSeconds, SwitchMargin = settings.Decision.SwitchMargin },
        ExplanationsPerSecond = settings.Decision.ExplanationsPerSecond,
    };
}
