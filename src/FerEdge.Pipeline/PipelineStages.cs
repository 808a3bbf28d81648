using FerEdge.Core.Emotions;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Inference;
using FerEdge.Pipeline.Adaptation;
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
    private const int LandmarkCount = 68;
    private const int WarmWidth = 320;
    private const int WarmHeight = 240;

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

    /// <summary>
    /// Runs every model once on a blank image and the shape the landmarker fits there, off the frame path: detection,
    /// the landmark cascade, appearance, the seven classifiers and the seven gradient models. ONNX Runtime's first run
    /// of a session (arena allocation, kernel set-up) and the JIT of that code then happen here instead of on the first
    /// frame. The outputs are discarded; the models keep no state between runs.
    /// </summary>
    public void Warm()
    {
        var gray = new GrayImage(WarmWidth, WarmHeight);
        Landmarker.Detect(gray);
        var shape = new float[2 * LandmarkCount];
        Landmarker.Fit(gray, new DlibRect(WarmWidth / 4, WarmHeight / 4, (WarmWidth * 3 / 4) - 1, (WarmHeight * 3 / 4) - 1), shape);
        var appearance = new float[Model.AppearanceLength];
        Model.Describe(gray, shape, appearance);
        var probabilities = new float[EmotionLabels.Classified.Length];
        Model.Score(shape, appearance, probabilities);
        var attribution = new float[LandmarkCount];
        var aligned = new float[2 * LandmarkCount];
        var reference = new float[2 * LandmarkCount];
        foreach (var emotion in EmotionLabels.Classified)
        {
            Model.Explain(shape, appearance, emotion, attribution, aligned, reference);
        }
    }

    /// <summary>A new perception stage (it keeps per-run tracking state, so each pipeline gets its own).</summary>
    public FacePerception NewPerception() => new(Landmarker, Model.TrackedLandmarks, Options.Perception);

    /// <summary>
    /// A new emotion stage (it keeps per-run decision state, so each pipeline gets its own), applying the person's
    /// profile from <paramref name="adaptation"/> when given.
    /// </summary>
    public EmotionStage NewEmotionStage(PersonalAdaptation? adaptation = null) => new(Model, Options.Emotion, adaptation);

    /// <inheritdoc/>
    public void Dispose()
    {
        Landmarker.Dispose();
        _models?.Dispose();
    }
}
