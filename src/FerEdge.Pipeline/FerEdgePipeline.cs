using System.Buffers;
using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
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
/// The real-time pipeline: capture, perception, inference and publishing, each on its own scheduler. Between
/// stages only the newest item waits; older ones are dropped and counted (<see cref="PipelineCounters"/>). In fast
/// mode the capture loop holds at most two frames in flight and each stage can hold two, so no stage ever drops.
/// </summary>
/// <remarks>
/// One run per instance. The caller owns and disposes the source, stages and sinks; the pipeline owns its
/// schedulers and frame pool.
/// </remarks>
public sealed class FerEdgePipeline : IDisposable
{
    private const int FastCredits = 2;
    private readonly IFrameSource _source;
    private readonly FacePerception _perception;
    private readonly EmotionStage _emotion;
    private readonly IReadOnlyList<IOutcomeSink> _sinks;
    private readonly PipelineOptions _options;
    private readonly ILogger _logger;
    private readonly FramePool _pool;
    private readonly SemaphoreSlim _credits;
    private readonly EventLoopScheduler _captureScheduler = new(s => new Thread(s) { Name = "feredge-capture", IsBackground = true });
    private readonly EventLoopScheduler _visionScheduler = new(s => new Thread(s) { Name = "feredge-vision", IsBackground = true });
    private readonly EventLoopScheduler _inferenceScheduler = new(s => new Thread(s) { Name = "feredge-inference", IsBackground = true });
    private readonly EventLoopScheduler _publishScheduler = new(s => new Thread(s) { Name = "feredge-publish", IsBackground = true });
    private readonly ArrayBufferWriter<byte> _emotionBuffer = new(1024);
    private readonly ArrayBufferWriter<byte> _explanationBuffer = new(1024);
    private readonly int _stageCapacity;
    private readonly PipelineMeter _meter;
    private string? _lastLogged;

    /// <summary>Creates a pipeline over the given stages and sinks.</summary>
    public FerEdgePipeline(
        IFrameSource source,
        FacePerception perception,
        EmotionStage emotion,
        IReadOnlyList<IOutcomeSink> sinks,
        PipelineOptions options,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(perception);
        ArgumentNullException.ThrowIfNull(emotion);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _source = source;
        _perception = perception;
        _emotion = emotion;
        _sinks = sinks;
        _options = options;
        _logger = logger;
        _pool = new FramePool(options.FramePoolSize);
        _credits = new SemaphoreSlim(options.Fast ? FastCredits : int.MaxValue);

        // Fast mode: a stage may hold every frame in flight, so none is ever pushed out. Real time: newest only.
        _stageCapacity = options.Fast ? FastCredits : 1;
        Counters = new PipelineCounters(options.TimelineCapacity);
        _meter = new PipelineMeter(Counters);
    }

    /// <summary>Counts and latencies, live; also published through the <c>FerEdge</c> meter while the pipeline lives.</summary>
    public PipelineCounters Counters { get; }

    /// <summary>The frame pool (its rents and returns balance when a run has ended).</summary>
    public FramePool Pool => _pool;

    /// <summary>Runs until the source ends, <see cref="PipelineOptions.MaxFrames"/> is reached or the token is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PipelineLog.Started(_logger, _source.Description, _options.Fast ? "fast" : "real time");
        var subscription = new SingleAssignmentDisposable();
        subscription.Disposable = Frames(cancellationToken)
            .ObserveLatestOn(_visionScheduler, Counters.VisionDrops, Discard, _stageCapacity)
            .Select(Perceive)
            .ObserveLatestOn(_inferenceScheduler, Counters.InferenceDrops, _ => ReleaseCredit(), _stageCapacity)
            .Select(Decide)
            .ObserveLatestOn(_publishScheduler, Counters.PublishDrops, _ => ReleaseCredit(), _stageCapacity)
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
    public void Dispose()
    {
        _captureScheduler.Dispose();
        _visionScheduler.Dispose();
        _inferenceScheduler.Dispose();
        _publishScheduler.Dispose();
        _credits.Dispose();
        _meter.Dispose();
    }

    private IObservable<PooledFrame> Frames(CancellationToken cancellationToken) =>
        Observable.Create<PooledFrame>(observer =>
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var loop = _captureScheduler.Schedule(() => CaptureLoop(observer, stop.Token));
            return new CompositeDisposable(Disposable.Create(stop.Cancel), loop, stop);
        });

    private void CaptureLoop(IObserver<PooledFrame> observer, CancellationToken token)
    {
        var scratch = new VideoFrame();
        var start = Stopwatch.GetTimestamp();
        var retryDelay = _options.RetryMinDelay;
        double? firstTime = null;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (_options.MaxFrames > 0 && Counters.FramesRead >= _options.MaxFrames)
                {
                    PipelineLog.MaxFramesReached(_logger, _options.MaxFrames);
                    break;
                }

                _credits.Wait(token);
                var rented = _pool.TryRent(out var pooled);
                var target = rented ? pooled.Frame : scratch;
                bool read;
                var readStart = Stopwatch.GetTimestamp();
                try
                {
                    read = _source.TryRead(target);
                    retryDelay = _options.RetryMinDelay;
                }
                catch (FrameSourceException e)
                {
                    Counters.SourceError();
                    Release(rented ? pooled : null);
                    if (IsLive(_source))
                    {
                        PipelineLog.SourceRetry(_logger, _source.Description, e.Message, (long)retryDelay.TotalMilliseconds);
                        token.WaitHandle.WaitOne(retryDelay);
                        retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.RetryMaxDelay.Ticks));
                        continue;
                    }

                    PipelineLog.CorruptFrame(_logger, Counters.FramesRead, _source.Description, e.Message);
                    continue;
                }

                if (!read)
                {
                    Release(rented ? pooled : null);
                    PipelineLog.EndOfSource(_logger, _source.Description, Counters.FramesRead);
                    break;
                }

                Counters.FrameRead();
                if (!rented)
                {
                    Counters.CaptureDropped();
                    ReleaseCredit();
                    continue;
                }

                if (!_options.Fast && _source.FramesPerSecond > 0)
                {
                    // Real-time pacing of files: wait until the frame's media time.
                    firstTime ??= target.Time;
                    var due = TimeSpan.FromSeconds(target.Time - firstTime.Value) - Stopwatch.GetElapsedTime(start);
                    if (due > TimeSpan.Zero)
                    {
                        token.WaitHandle.WaitOne(due);
                    }
                }

                pooled.CapturedAt = Stopwatch.GetTimestamp();
                pooled.ReadMs = StageClock.Ms(readStart, pooled.CapturedAt);
                observer.OnNext(pooled);
            }

            observer.OnCompleted();
        }
        catch (OperationCanceledException)
        {
            observer.OnCompleted();
        }
        catch (Exception e) when (e is FrameSourceException or IOException)
        {
            PipelineLog.SourceFailed(_logger, _source.Description, e.Message);
            observer.OnError(e);
        }
    }

    // Cameras retry with backoff; a file's bad frame is skipped.
    private static bool IsLive(IFrameSource source) =>
        source.Description.StartsWith("camera:", StringComparison.Ordinal) || source.Description.StartsWith("/dev/video", StringComparison.Ordinal);

    private void Release(PooledFrame? frame)
    {
        frame?.Return();
        ReleaseCredit();
    }

    private void Discard(PooledFrame frame)
    {
        frame.Return();
        ReleaseCredit();
    }

    private void ReleaseCredit()
    {
        if (_options.Fast)
        {
            _credits.Release();
        }
    }

    private PerceptionResult Perceive(PooledFrame pooled)
    {
        try
        {
            var t0 = Stopwatch.GetTimestamp();
            var result = _perception.Process(pooled.Frame, pooled.CapturedAt);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            result.Timing = result.Timing with { CaptureMs = pooled.ReadMs };
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
        var t0 = Stopwatch.GetTimestamp();
        var outcome = _emotion.Process(perception);
        Counters.Inference.Record(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        return outcome;
    }

    private void Publish(FrameOutcome outcome)
    {
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            _emotionBuffer.ResetWrittenCount();
            Payloads.WriteEmotion(_emotionBuffer, outcome, _options.DeviceId);
            _explanationBuffer.ResetWrittenCount();
            if (outcome.Explanation is not null)
            {
                Payloads.WriteExplanation(_explanationBuffer, outcome, _options.DeviceId);
            }

            foreach (var sink in _sinks)
            {
                sink.Publish(outcome, _emotionBuffer.WrittenMemory, _explanationBuffer.WrittenMemory);
            }

            LogChange(outcome);
            Counters.FrameProcessed();
            var end = Stopwatch.GetTimestamp();
            var publishMs = StageClock.Ms(t0, end);
            var endToEndMs = StageClock.Ms(outcome.Perception.CapturedAt, end);
            Counters.Publish.Record(publishMs);
            Counters.EndToEnd.Record(endToEndMs);
            Counters.Record(outcome.Timing with { PublishMs = publishMs, EndToEndMs = endToEndMs });
        }
        finally
        {
            ReleaseCredit();
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
