using FerEdge.Core.Contract;
using FerEdge.Core.Diagnostics;
using FerEdge.Pipeline.Diagnostics;
using FerEdge.Pipeline.Reactive;

namespace FerEdge.Pipeline;

/// <summary>Live counts and latencies of a pipeline run. Thread-safe to read while the run goes on.</summary>
public sealed class PipelineCounters
{
    private long _read;
    private long _processed;
    private long _captureDrops;
    private long _sourceErrors;
    private long _sinkErrors;
    private long _lastProcessedTimestamp;
    private string? _sourceProblem;
    private FirstFrame? _firstFrame;

    /// <summary>Creates empty counters; the timeline keeps the first <paramref name="timelineCapacity"/> frames' timings.</summary>
    public PipelineCounters(int timelineCapacity = 0)
    {
        Timeline = new FrameTimeline(timelineCapacity);
    }

    /// <summary>Frames read from the source.</summary>
    public long FramesRead => Interlocked.Read(ref _read);

    /// <summary>Frames that reached the sinks.</summary>
    public long FramesProcessed => Interlocked.Read(ref _processed);

    /// <summary>Frames read while every buffer was busy (real-time mode), never processed.</summary>
    public long CaptureDrops => Interlocked.Read(ref _captureDrops);

    /// <summary>Source read errors (corrupt frames, camera failures) logged and skipped or retried.</summary>
    public long SourceErrors => Interlocked.Read(ref _sourceErrors);

    /// <summary>
    /// <see cref="TimeProvider.GetTimestamp"/> of the pipeline's time when the last frame reached the sinks; 0 before
    /// the first.
    /// </summary>
    public long LastProcessedTimestamp => Interlocked.Read(ref _lastProcessedTimestamp);

    /// <summary>When the first frame reached the sinks and its latency; null before the first.</summary>
    public FirstFrame? FirstFrame => Volatile.Read(ref _firstFrame);

    /// <summary>
    /// Why a live source gives no frames now (its last read failure; the capture is retrying), or null while it
    /// delivers.
    /// </summary>
    public string? SourceProblem => Volatile.Read(ref _sourceProblem);

    /// <summary>Sink calls that threw (the frame still counts as processed; the other sinks still got it).</summary>
    public long SinkErrors => Interlocked.Read(ref _sinkErrors);

    /// <summary>Frames dropped before perception because a newer one arrived.</summary>
    public DropCounter VisionDrops { get; } = new();

    /// <summary>Perception results dropped before inference.</summary>
    public DropCounter InferenceDrops { get; } = new();

    /// <summary>Outcomes dropped before the sinks.</summary>
    public DropCounter PublishDrops { get; } = new();

    /// <summary>All drops.</summary>
    public long Dropped => CaptureDrops + VisionDrops.Count + InferenceDrops.Count + PublishDrops.Count;

    /// <summary>Perception time per frame (detection and fit, or tracking).</summary>
    public LatencyHistogram Perception { get; } = new();

    /// <summary>Perception time on keyframes only.</summary>
    public LatencyHistogram Keyframes { get; } = new();

    /// <summary>Perception time on tracked frames only.</summary>
    public LatencyHistogram Tracked { get; } = new();

    /// <summary>Classifiers, decision and (when due) explanation.</summary>
    public LatencyHistogram Inference { get; } = new();

    /// <summary>Serialisation and sinks.</summary>
    public LatencyHistogram Publish { get; } = new();

    /// <summary>From capture to the end of publishing.</summary>
    public LatencyHistogram EndToEnd { get; } = new();

    /// <summary>Latency per fine stage (detection, landmarks, tracking, classifiers, ...), over the frames it ran on.</summary>
    public StageLatencies Stages { get; } = new();

    /// <summary>Per-frame timings of the first frames (see <see cref="PipelineOptions.TimelineCapacity"/>).</summary>
    public FrameTimeline Timeline { get; }

    /// <summary>
    /// A metrics-topic snapshot: frames per second over <paramref name="elapsed"/>, with the process's CPU and memory
    /// as measured by the caller, and the cold start from <paramref name="processStartedAt"/> (when given) to the
    /// first frame. Stages in wire order: end to end, perception, keyframe, tracking (perception on tracked frames),
    /// inference and publish, then every fine stage but those three.
    /// </summary>
    public MetricsMessage ToMetrics(TimeSpan elapsed, double cpuPercent, double memoryMegabytes, DateTimeOffset? processStartedAt = null)
    {
        var stages = new List<KeyValuePair<string, LatencyHistogram>>
        {
            new("end_to_end", EndToEnd),
            new("perception", Perception),
            new("keyframe", Keyframes),
            new("tracking", Tracked),
            new("inference", Inference),
            new("publish", Publish),
        };
        foreach (var stage in StageNames.All)
        {
            if (stage is not (PipelineStage.Publish or PipelineStage.EndToEnd or PipelineStage.Tracking))
            {
                stages.Add(new(StageNames.Of(stage), Stages[stage]));
            }
        }

        var frames = FramesProcessed;
        return new MetricsMessage(
            frames,
            elapsed.TotalSeconds > 0 ? frames / elapsed.TotalSeconds : 0,
            Dropped,
            Perception.Count > 0 ? Keyframes.Count / (double)Perception.Count : 0,
            cpuPercent,
            memoryMegabytes,
            stages,
            FramesRead,
            SourceErrors,
            SinkErrors)
        {
            ColdStartMs = FirstFrame is { } first && processStartedAt is { } started ? first.ColdStartMs(started) : null,
            FirstFrameMs = FirstFrame?.LatencyMs,
        };
    }

    /// <summary>Records one published frame's stage timings (allocation-free).</summary>
    internal void Record(in FrameTiming timing)
    {
        Stages.Record(timing);
        Timeline.Add(timing);
    }

    internal void FrameRead() => Interlocked.Increment(ref _read);

    internal void FrameProcessed(long timestamp)
    {
        Interlocked.Increment(ref _processed);
        Interlocked.Exchange(ref _lastProcessedTimestamp, timestamp);
    }

    /// <summary>Keeps the first frame's record; later calls change nothing.</summary>
    internal void FirstFrameDone(FirstFrame first) => Interlocked.CompareExchange(ref _firstFrame, first, null);

    internal void SourceFailing(string? problem) => Volatile.Write(ref _sourceProblem, problem);

    internal void CaptureDropped() => Interlocked.Increment(ref _captureDrops);

    internal void SourceError() => Interlocked.Increment(ref _sourceErrors);

    internal void SinkError() => Interlocked.Increment(ref _sinkErrors);
}
