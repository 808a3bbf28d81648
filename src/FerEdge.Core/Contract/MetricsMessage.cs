using FerEdge.Core.Diagnostics;

namespace FerEdge.Core.Contract;

/// <summary>What the metrics topic says: throughput, drops, CPU, memory and per-stage latency.</summary>
/// <param name="Frames">Frames processed so far.</param>
/// <param name="FramesPerSecond">Processed frames per second of wall time.</param>
/// <param name="Dropped">Frames dropped so far.</param>
/// <param name="KeyframeShare">Share of perceived frames that were keyframes, 0..1.</param>
/// <param name="CpuPercent">Process CPU time over wall time, percent of one core.</param>
/// <param name="MemoryMegabytes">Working set.</param>
/// <param name="Stages">Latency per stage, by its wire name, in the order written.</param>
/// <param name="FramesRead">Frames read from the source so far (processed + dropped, once the pipeline is drained).</param>
/// <param name="SourceErrors">Unreadable items skipped and live-source read failures so far.</param>
/// <param name="SinkErrors">Sink calls that failed so far.</param>
/// <param name="JsonLinesLost">JSON lines that could not be written so far.</param>
public sealed record MetricsMessage(
    long Frames,
    double FramesPerSecond,
    long Dropped,
    double KeyframeShare,
    double CpuPercent,
    double MemoryMegabytes,
    IReadOnlyList<KeyValuePair<string, LatencyHistogram>> Stages,
    long FramesRead = 0,
    long SourceErrors = 0,
    long SinkErrors = 0,
    long JsonLinesLost = 0)
{
    /// <summary>Milliseconds from the process's start to its first frame reaching the sinks; null before the first frame.</summary>
    public double? ColdStartMs { get; init; }

    /// <summary>The first frame's end-to-end latency (capture to end of publishing), ms; null before the first frame.</summary>
    public double? FirstFrameMs { get; init; }
}
