using System.Buffers;
using FerEdge.Core.Emotions;
using FerEdge.Core.Frames;
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
    private const int WarmWidth = 640;
    private const int WarmHeight = 480;

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

    /// <summary>The shipped classifiers and the landmarker, loaded (<see cref="Load"/>) and warmed (<see cref="Warm"/>).</summary>
    public static PipelineStages LoadWarmed(PipelineStagesOptions options)
    {
        var stages = Load(options);
        try
        {
            stages.Warm();
            return stages;
        }
        catch
        {
            stages.Dispose();
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
    /// Runs a made-up frame through every stage, off the frame path: perception as though a face filled its middle
    /// (detection, the fit with its crop re-detection and refinements, the tracker's keyframe and one tracked frame,
    /// <see cref="FacePerception.WarmUp"/>), the emotion stage's appearance, classifiers, decision and explanation
    /// with its summary, the payloads every sink is handed, and the gradient model of each of the seven emotions. ONNX
    /// Runtime's first run of each session (arena allocation, kernel set-up), the JIT of the code ReadyToRun leaves to
    /// it and first-touch buffers then cost the start instead of the first frame. The stages warmed are throwaway
    /// ones; the models keep no state between runs.
    /// </summary>
    public void Warm()
    {
        var frame = WarmFrame();
        var perception = NewPerception().WarmUp(frame);
        var emotion = NewEmotionStage();
        emotion.Describe(frame.Gray!, perception);
        var outcome = emotion.Process(perception);
        FerEdgePipeline.WritePayloads(outcome, "warm-up", new ArrayBufferWriter<byte>(1024), new ArrayBufferWriter<byte>(1024));

        var shape = perception.Shape;
        var appearance = perception.Appearance.ToArray();
        perception.ReleaseAppearance();
        var attribution = new float[LandmarkCount];
        var aligned = new float[2 * LandmarkCount];
        var reference = new float[2 * LandmarkCount];
        foreach (var e in EmotionLabels.Classified)
        {
            Model.Explain(shape, appearance, e, attribution, aligned, reference);
        }
    }

    // A frame with texture at every scale (so the tracker's gradients are not zero): smooth waves and a fixed noise.
    private static VideoFrame WarmFrame()
    {
        var frame = new VideoFrame();
        frame.EnsureSize(WarmWidth, WarmHeight);
        var color = frame.Color!.Pixels;
        var gray = frame.Gray!.Pixels;
        var noise = new Random(7);
        for (var y = 0; y < WarmHeight; y++)
        {
            for (var x = 0; x < WarmWidth; x++)
            {
                var v = 128 + (60 * MathF.Sin(x * 0.07f) * MathF.Cos(y * 0.05f)) + noise.Next(-20, 21);
                var b = (byte)Math.Clamp((int)v, 0, 255);
                var i = (y * WarmWidth) + x;
                gray[i] = b;
                color[3 * i] = color[(3 * i) + 1] = color[(3 * i) + 2] = b;
            }
        }

        return frame;
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
