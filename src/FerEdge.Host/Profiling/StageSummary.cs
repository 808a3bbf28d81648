using FerEdge.Core.Diagnostics;

namespace FerEdge.Host.Profiling;

/// <summary>
/// One stage's latency over a profile, in milliseconds: percentiles from its histogram (upper bucket edges, 10 us
/// resolution below 10 ms) and the mean per processed frame from the timeline (its share of the frame budget).
/// </summary>
public sealed record StageSummary(string Name, long Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanPerFrameMs)
{
    /// <summary>Summarises <paramref name="histogram"/>; <paramref name="meanPerFrameMs"/> comes from the timeline.</summary>
    public static StageSummary From(string name, LatencyHistogram histogram, double meanPerFrameMs)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return new StageSummary(
            name,
            histogram.Count,
            histogram.Percentile(50),
            histogram.Percentile(90),
            histogram.Percentile(99),
            histogram.MaxMilliseconds,
            meanPerFrameMs);
    }
}
