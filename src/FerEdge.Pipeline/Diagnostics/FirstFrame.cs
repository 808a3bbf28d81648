namespace FerEdge.Pipeline.Diagnostics;

/// <summary>
/// When the first frame of a run reached the sinks, and how long it took: the start-up figures (cold start is
/// <see cref="At"/> minus the process's start, first-frame latency is <see cref="LatencyMs"/>).
/// </summary>
/// <param name="At">The pipeline's wall-clock time (<see cref="TimeProvider.GetUtcNow"/>) once the first frame had been handed to every sink.</param>
/// <param name="LatencyMs">The first frame's end-to-end latency, ms: from its capture to the end of publishing.</param>
public sealed record FirstFrame(DateTimeOffset At, double LatencyMs)
{
    /// <summary>Milliseconds from <paramref name="processStartedAt"/> to <see cref="At"/>: the run's cold start.</summary>
    public double ColdStartMs(DateTimeOffset processStartedAt) => (At - processStartedAt).TotalMilliseconds;
}
