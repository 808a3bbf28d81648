using System.Buffers;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using FerEdge.Core.Contract;
using FerEdge.Core.Frames;
using FerEdge.Pipeline.Diagnostics;
using FerEdge.Pipeline.Emotions;
using FerEdge.Pipeline.Frames;
using FerEdge.Pipeline.Output;
using FerEdge.Pipeline.Perception;
using FerEdge.Pipeline.Reactive;
using Microsoft.Extensions.Logging;

namespace FerEdge.Pipeline;

/// <summary>
/// The real-time pipeline: capture (<see cref="FrameCapture"/>), perception, inference and publishing, each on its
/// scheduler of <see cref="PipelineSchedulers"/>. Between stages only the newest item waits; older ones are dropped
/// and counted (<see cref="PipelineCounters"/>). In fast mode (recorded media only) capture holds at most as many frames
/// in flight as the process has cores, two at most, and each stage can hold them all, so no stage ever drops.
/// </summary>
/// <remarks>
/// One run per instance. The caller owns and disposes the source, stages, sinks and schedulers; the pipeline owns
/// its frame pool. Stage latencies are measured with the given <see cref="TimeProvider"/>'s timestamps; waits
/// (pacing, retry backoff) are scheduled on the capture scheduler, so virtual-time schedulers drive them.
/// </remarks>
public sealed class FerEdgePipeline : IDisposable
{
    // Fast mode's frames in flight: one per core the process may use, at most two (perception and inference overlap).
    // On one core a second frame in flight cannot progress beside the first; it only waits, and its wait is latency.
    private static readonly int FastCredits = Math.Clamp(Environment.ProcessorCount, 1, 2);
    private readonly IFrameSource _source;
    private readonly FacePerception _perception;
    private readonly EmotionStage _emotion;
    private readonly IReadOnlyList<IOutcomeSink> _sinks;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;
    private readonly FramePool _pool;
    private readonly FrameCredits _credits;
    private readonly PipelineSchedulers _schedulers;
    private readonly TimeProvider _time;
    private readonly bool _fast;
    private readonly ArrayBufferWriter<byte> _emotionBuffer = new(1024);
    private readonly ArrayBufferWriter<byte> _explanationBuffer = new(1024);
    private readonly int _stageCapacity;
    private readonly PipelineMeter _meter;
    private readonly Core.Diagnostics.LogThrottle _sinkErrorLog;
    private string? _lastLogged;

    /// <summary>Creates a pipeline over the given stages and sinks.</summary>
    /// <param name="source">The frames; a live source always runs in real time.</param>
    /// <param name="perception">Detection, landmarks and tracking.</param>
    /// <param name="emotion">Classifiers, decision and explanations.</param>
    /// <param name="sinks">Receive every processed frame.</param>
    /// <param name="options">Pacing and bounds.</param>
    /// <param name="schedulers">Where each stage runs.</param>
    /// <param name="time">Timestamps for the stage latencies.</param>
    /// <param name="logger">Run and emotion-change messages.</param>
    public FerEdgePipeline(
        IFrameSource source,
        FacePerception perception,
        EmotionStage emotion,
        IReadOnlyList<IOutcomeSink> sinks,
        PipelineOptions options,
        PipelineSchedulers schedulers,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(perception);
        ArgumentNullException.ThrowIfNull(emotion);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _source = source;
        _perception = perception;
        _emotion = emotion;
        _sinks = sinks;
        _options = options;
        _logger = logger;
        _schedulers = schedulers;
        _time = time;
        _fast = options.Fast && !source.IsLive;
        _pool = new FramePool(options.FramePoolSize);
        _credits = new FrameCredits(_fast ? FastCredits : null);

        // Fast mode: a stage may hold every frame in flight, so none is ever pushed out. Real time: newest only.
        _stageCapacity = _fast ? FastCredits : 1;
        Counters = new PipelineCounters(options.TimelineCapacity);
        _meter = new PipelineMeter(Counters);
        _sinkErrorLog = new Core.Diagnostics.LogThrottle(options.SourceErrorLogInterval, time);
    }

    /// <summary>Counts and latencies, live; also published through the <c>FerEdge</c> meter while the pipeline lives.</summary>
    public PipelineCounters Counters { get; }

    /// <summary>The frame pool (its rents and returns balance when a run has ended).</summary>
    public FramePool Pool => _pool;

    /// <summary>Runs until the source ends, <see cref="PipelineOptions.MaxFrames"/> is reached or the token is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PipelineLog.Started(_logger, _source.Description, _fast ? "fast" : "real time");
        var capture = new FrameCapture(_source, _pool, _credits, _options, !_fast, Counters, _schedulers.Capture, _time, _logger);
        var subscription = new SingleAssignmentDisposable();
        subscription.Disposable = capture.Frames(cancellationToken)
            .ObserveLatestOn(_schedulers.Vision, Counters.VisionDrops, Discard, _stageCapacity)
            .Select(Perceive)
            .ObserveLatestOn(_schedulers.Inference, Counters.InferenceDrops, DiscardPerception, _stageCapacity)
            .Select(Decide)
            .ObserveLatestOn(_schedulers.Publish, Counters.PublishDrops, _ => _credits.Release(), _stageCapacity)
            .Subscribe(
                Publish,
                error =>
                {
                    PipelineLog.StageFailed(_logger, error);
                    done.TrySetException(error);
                },
                () => done.TrySetResult());
        return done.Task.ContinueWith(
            t =>
            {
                subscription.Dispose();
                return t;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private void Discard(PooledFrame frame)
    {
        frame.Return();
        _credits.Release();
    }

    private void DiscardPerception(PerceptionResult perception)
    {
        perception.ReleaseAppearance();
        _credits.Release();
    }

    private PerceptionResult Perceive(PooledFrame pooled)
    {
        try
        {
            var t0 = _time.GetTimestamp();
            var result = _perception.Process(pooled.Frame, pooled.CapturedAt);
            var featuresMs = _emotion.Describe(pooled.Frame.Gray!, result);
            var ms = _time.GetElapsedTime(t0).TotalMilliseconds;
            result.Timing = result.Timing with { CaptureMs = pooled.ReadMs, FeaturesMs = featuresMs };
            Counters.Perception.Record(ms);
            (result.Keyframe ? Counters.Keyframes : Counters.Tracked).Record(ms);
            return result;
        }
        finally
        {
            pooled.Return();
        }
    }

    private FrameOutcome Decide(PerceptionResult perception)
    {
        var t0 = _time.GetTimestamp();
        FrameOutcome outcome;
        try
        {
            outcome = _emotion.Process(perception);
        }
        finally
        {
            perception.ReleaseAppearance();
        }

        Counters.Inference.Record(_time.GetElapsedTime(t0).TotalMilliseconds);
        return outcome;
    }

    private void Publish(FrameOutcome outcome)
    {
        var t0 = _time.GetTimestamp();
        try
        {
            WritePayloads(outcome, _options.DeviceId, _emotionBuffer, _explanationBuffer);

            foreach (var sink in _sinks)
            {
                // A failing sink must not end the run nor keep the frame from the other sinks. Sinks handle their
                // own expected failures (a full disk, a lost broker); this is the net under the unexpected ones.
                try
                {
                    sink.Publish(outcome, _emotionBuffer.WrittenMemory, _explanationBuffer.WrittenMemory);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Counters.SinkError();
                    if (_sinkErrorLog.TryEnter(out var suppressed))
                    {
                        PipelineLog.SinkFailed(_logger, sink.GetType().Name, e.Message, Counters.SinkErrors, suppressed);
                    }
                }
            }

            LogChange(outcome);
            var end = _time.GetTimestamp();
            Counters.FrameProcessed(end);
            var publishMs = (float)_time.GetElapsedTime(t0, end).TotalMilliseconds;
            var endToEndMs = (float)_time.GetElapsedTime(outcome.Perception.CapturedAt, end).TotalMilliseconds;
            Counters.Publish.Record(publishMs);
            Counters.EndToEnd.Record(endToEndMs);
            Counters.Record(outcome.Timing with { PublishMs = publishMs, EndToEndMs = endToEndMs });
            if (Counters.FirstFrame is null)
            {
                Counters.FirstFrameDone(new FirstFrame(_time.GetUtcNow(), endToEndMs));
            }
        }
        finally
        {
            _credits.Release();
        }
    }

    /// <summary>
    /// Writes the frame's emotion payload into <paramref name="emotion"/> and its explanation payload, when it has one,
    /// into <paramref name="explanation"/> (both emptied first): what every sink is handed.
    /// </summary>
    internal static void WritePayloads(FrameOutcome outcome, string deviceId, ArrayBufferWriter<byte> emotion, ArrayBufferWriter<byte> explanation)
    {
        emotion.ResetWrittenCount();
        var p = outcome.Perception;
        FramePayloads.WriteEmotion(
            emotion, deviceId, new EmotionMessage(p.Time, p.Frame, p.FaceCount, p.Box, p.Tracked, outcome.Emotion, outcome.Confidence, outcome.Scores, outcome.Person));
        explanation.ResetWrittenCount();
        if (outcome.Explanation is { } x)
        {
            FramePayloads.WriteExplanation(explanation, deviceId, p.Time, p.Frame, outcome.Confidence, x);
        }
    }

    private void LogChange(FrameOutcome outcome)
    {
        var label = outcome.Emotion is { } e ? Core.Emotions.EmotionLabels.ToLabel(e) : "no face";
        if (label == _lastLogged)
        {
            return;
        }

        _lastLogged = label;
        var reason = outcome.Explanation is { } x ? ": " + x.Reason : string.Empty;
        PipelineLog.EmotionChanged(_logger, outcome.Perception.Frame, outcome.Perception.Time, label, outcome.Confidence, reason);
    }
}
