using FerEdge.Inference;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Perception;
using FerEdge.Vision.Perception;

namespace FerEdge.Pipeline;

/// <summary>
/// The one place that builds the front end (<see cref="FaceLandmarker"/> and <see cref="FacePerception"/>) and the
/// emotion stage (<see cref="EmotionStage"/> and its model) from <see cref="PipelineStagesOptions"/>, so that
/// <c>run</c>, <c>profile</c>, <c>evaluate</c> and the tests run the same stages with the same settings. Owns the
/// landmarker and, when it loaded them, the classifiers; not thread-safe (build stages from one thread).
/// </summary>
public sealed class PipelineStages : IDisposable
{
    private readonly EmotionModelSet? _models;

    private PipelineStages(PipelineStagesOptions options, IEmotionModel model, EmotionModelSet? models)
    {
        options.Validate();
        Options = options;
        _models = models;
        Model = model;
        Landmarker = new FaceLandmarker(options.Landmarker);
    }

    /// <summary>The options the stages are built with.</summary>
    public PipelineStagesOptions Options { get; }

    /// <summary>Detector and landmark model, shared by every perception stage built here.</summary>
    public FaceLandmarker Landmarker { get; }

    /// <summary>The emotion model the emotion stages score with.</summary>
    public IEmotionModel Model { get; }

    /// <summary>The shipped classifiers when <see cref="Load"/> loaded them; null with a model from the caller.</summary>
    public EmotionModelSet? Models => _models;

    /// <summary>The shipped classifiers from <see cref="PipelineStagesOptions.ModelsDirectory"/>, and the landmarker.</summary>
    public static PipelineStages Load(PipelineStagesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var models = EmotionModelSet.Load(options.ModelsDirectory, options.QuantizedModels);
        try
        {
            return new PipelineStages(options, new EmotionModelAdapter(models), models);
        }
        catch
        {
            models.Dispose();
            throw;
        }
    }

    /// <summary>The landmarker and stages around a model the caller owns (a test's fake, for one).</summary>
    public static PipelineStages Create(PipelineStagesOptions options, IEmotionModel model)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        return new PipelineStages(options, model, null);
    }

    /// <summary>A new perception stage (it keeps per-run tracking state, so each pipeline gets its own).</summary>
    public FacePerception NewPerception() => new(Landmarker, Model.TrackedLandmarks, Options.Perception);

    /// <summary>A new emotion stage (it keeps per-run decision state, so each pipeline gets its own).</summary>
    public EmotionStage NewEmotionStage() => new(Model, Options.Emotion);

    /// <inheritdoc/>
    public void Dispose()
    {
        Landmarker.Dispose();
        _models?.Dispose();
    }
}
