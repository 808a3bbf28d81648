using System.Buffers;
using System.Diagnostics;
using FerEdge.Core.Emotions;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Pipeline.Adaptation;
using FerEdge.Pipeline.Diagnostics;
using FerEdge.Pipeline.Perception;

namespace FerEdge.Pipeline.Emotions;

/// <summary>
/// Scores the followed face, decides the emotion, and explains it at a bounded rate and on every change of the
/// decided emotion. No face resets the decision and gives a no-face outcome. An explanation that is only due by the
/// rate waits one frame when it falls on a keyframe, so the costliest frame (detection and landmark fit) does not
/// also carry Integrated Gradients; a change of the decided emotion is explained at once.
/// <para>
/// With a <see cref="PersonalAdaptation"/>, every frame scores with the current person's neutral shift and applies
/// their readout (from the snapshot swapped in by the command handler, read once per frame), and the population
/// probabilities are recorded for corrections.
/// </para>
/// </summary>
/// <remarks>Not thread-safe: runs on the inference scheduler.</remarks>
public sealed class EmotionStage
{
    private readonly IEmotionModel _model;
    private readonly EmotionStageOptions _options;
    private readonly EmotionDecider _decider;
    private readonly float[] _raw = new float[7];
    private readonly float[] _attribution = new float[Face68.PointCount];
    private readonly float[] _aligned = new float[Face68.ShapeLength];
    private readonly float[] _reference = new float[Face68.ShapeLength];
    private readonly PersonalAdaptation? _adaptation;
    private readonly float[] _inputs;
    private Emotion? _lastDecided;
    private double _lastExplainedAt = double.NegativeInfinity;
    private bool _deferredFromKeyframe;

    /// <summary>Creates the stage over <paramref name="model"/>.</summary>
    /// <param name="model">The classifiers.</param>
    /// <param name="options">Decision and explanation settings.</param>
    /// <param name="adaptation">The person's profile to apply, or null for the population model alone.</param>
    public EmotionStage(IEmotionModel model, EmotionStageOptions options, PersonalAdaptation? adaptation = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _adaptation = adaptation;
        _inputs = adaptation is null ? [] : new float[model.InputLength];
        _options = options;
        _decider = new EmotionDecider(options.Decision);
    }

    /// <summary>Explanations produced so far.</summary>
    public long Explanations { get; private set; }

    /// <summary>
    /// Computes the appearance the classifiers read for a perceived face from <paramref name="gray"/>, the frame it was
    /// found in, into a rented buffer attached to <paramref name="perception"/> (returned by
    /// <see cref="PerceptionResult.ReleaseAppearance"/>); nothing without a face or when the classifiers read positions
    /// only. Runs on the perception thread, while the frame is in memory. Returns the time it took, ms.
    /// </summary>
    public float Describe(GrayImage gray, PerceptionResult perception)
    {
        ArgumentNullException.ThrowIfNull(gray);
        ArgumentNullException.ThrowIfNull(perception);
        var length = _model.AppearanceLength;
        if (length == 0 || perception.Box is null || perception.Shape.Length != Face68.ShapeLength)
        {
            return 0;
        }

        var t0 = StageClock.Now();
        var buffer = ArrayPool<float>.Shared.Rent(length);
        if (!_model.Describe(gray, perception.Shape, buffer.AsSpan(0, length)))
        {
            buffer.AsSpan(0, length).Clear();
        }

        perception.AttachAppearance(buffer, length);
        return StageClock.Ms(t0, StageClock.Now());
    }

    /// <summary>Decides one frame.</summary>
    public FrameOutcome Process(PerceptionResult perception)
    {
        ArgumentNullException.ThrowIfNull(perception);
        if (perception.Box is null || perception.Shape.Length != Face68.ShapeLength)
        {
            _decider.Reset();
            _lastDecided = null;
            _adaptation?.NoFace();
            return new FrameOutcome { Perception = perception, DecidedAt = Stopwatch.GetTimestamp(), Timing = perception.Timing, Person = _adaptation?.Current.Person };
        }

        var t0 = StageClock.Now();
        var profile = _adaptation?.Current;

        // A shift made for other classifiers is ignored rather than thrown on the frame path.
        var shift = profile is not null && profile.Shift.Length == _model.InputLength ? profile.Shift : [];
        _model.Score(perception.Shape, perception.Appearance, _raw, shift);
        if (_adaptation is { } adaptation)
        {
            adaptation.Record(perception.Time, _raw);
            if (adaptation.Calibrating && _inputs.Length > 0 && _model.Inputs(perception.Shape, perception.Appearance, _inputs))
            {
                adaptation.AddCalibration(_inputs, _model.Align(perception.Shape, _aligned) ? _aligned : []);
            }

            profile!.Readout?.Apply(_raw);
        }

        var decided = _decider.Update(_raw, perception.Time);
        var t1 = StageClock.Now();
        var explanationMs = 0f;
        ExplanationSummary? explanation = null;
        var due = _options.ExplanationsPerSecond > 0 && perception.Time - _lastExplainedAt >= 1.0 / _options.ExplanationsPerSecond;
        if (due && decided == _lastDecided && perception.Keyframe && !_deferredFromKeyframe)
        {
            due = false;
            _deferredFromKeyframe = true;
        }

        if (decided != _lastDecided || due)
        {
            _deferredFromKeyframe = false;
            var explained = decided == Emotion.Neutral ? Strongest(_decider.Scores) : decided;
            _model.Explain(perception.Shape, perception.Appearance, explained, _attribution, _aligned, _reference, shift);
            if (profile is not null && profile.Reference.Length == _reference.Length)
            {
                // The cues of the reason are measured from this person's own rest.
                profile.Reference.CopyTo(_reference, 0);
            }

            var summary = ExplanationSummarizer.Summarize(explained, _attribution, _aligned, _reference);
            explanation = decided == Emotion.Neutral
                ? summary with { Emotion = Emotion.Neutral, FacsAgreement = null, Reason = ExplanationSummarizer.Reason(Emotion.Neutral, summary.RegionShares.ToArray(), _aligned, _reference) }
                : summary;
            _lastExplainedAt = perception.Time;
            Explanations++;
            explanationMs = StageClock.Ms(t1, StageClock.Now());
        }

        _lastDecided = decided;
        return new FrameOutcome
        {
            Perception = perception,
            Emotion = decided,
            Confidence = _decider.Confidence,
            Scores = _decider.Scores.ToArray(),
            Explanation = explanation,
            DecidedAt = Stopwatch.GetTimestamp(),
            Timing = perception.Timing with { ClassifiersMs = StageClock.Ms(t0, t1), ExplanationMs = explanationMs },
            Person = profile?.Person,
        };
    }

    private static Emotion Strongest(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return EmotionLabels.Classified[best];
    }
}
