using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Perception;
using FerEdge.Vision.Perception;

namespace FerEdge.Pipeline;

/// <summary>
/// Everything <see cref="PipelineStages"/> needs to build the front end and the emotion stage: the detector and
/// landmark model, keyframes and tracking, the classifiers and the decision. The defaults are what ships.
/// </summary>
public sealed record PipelineStagesOptions
{
    /// <summary>Detector and landmark model: files, BlazeFace model, detector tuning.</summary>
    public FaceLandmarkerOptions Landmarker { get; init; } = new();

    /// <summary>Keyframes, tracking between them and the smallest face followed.</summary>
    public PerceptionOptions Perception { get; init; } = new();

    /// <summary>Decision (smoothing, hysteresis) and the explanation rate.</summary>
    public EmotionStageOptions Emotion { get; init; } = new();

    /// <summary>Folder of the emotion classifiers and their manifest.json.</summary>
    public string ModelsDirectory { get; init; } = "models";

    /// <summary>The INT8 classifiers (true) or the FP32 ones.</summary>
    public bool QuantizedModels { get; init; } = true;

    /// <summary>Throws naming the first invalid value.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Landmarker);
        Landmarker.Detector.Validate();
        Perception.Validate();
        Emotion.Validate();
    }
}
