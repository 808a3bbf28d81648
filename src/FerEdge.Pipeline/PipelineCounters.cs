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

    /// <summary>Records one published frame's stage timings (allocation-free).</summary>
    internal void Record(in FrameTiming timing)
    {
        Stages.Record(timing);
        Timeline.Add(timing);
    }

    internal void FrameRead() => Interlocked.Increment(ref _read);

    internal void FrameProcessed() => Interlocked.Increment(ref _processed);

    internal void CaptureDropped() => Interlocked.Increment(ref _captureDrops);

    internal void SourceError() => Interlocked.Increment(ref _sourceErrors);
}
