using System.Diagnostics.Metrics;

namespace FerEdge.Pipeline.Diagnostics;

/// <summary>
/// The <c>FerEdge</c> meter: a run's counters and per-stage latency percentiles as
/// <see cref="System.Diagnostics.Metrics"/> instruments, readable with <c>dotnet-counters monitor -p PID --counters FerEdge</c>.
/// </summary>
/// <remarks>
/// Every instrument is observable: nothing is recorded on the frame path beyond the histograms the pipeline already
/// keeps, and the percentiles are computed only when a listener collects. Instruments: <c>feredge.frames.read</c>,
/// <c>feredge.frames.processed</c>, <c>feredge.frames.dropped</c>, <c>feredge.keyframes</c> (counters, {frame}), <c>feredge.source.errors</c>,
/// <c>feredge.sink.errors</c> (counters),
/// <c>feredge.keyframe.share</c> (gauge, 1) and <c>feredge.stage.latency.p50|p90|p99|max</c> (gauges, ms, tagged
/// <c>stage</c>). The meter's <see cref="Meter.Scope"/> is the <see cref="PipelineCounters"/> it reports.
/// </remarks>
public sealed class PipelineMeter : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FerEdge";

    private readonly Meter _meter;
    private readonly PipelineCounters _counters;

    /// <summary>Publishes <paramref name="counters"/> through a new <c>FerEdge</c> meter.</summary>
    public PipelineMeter(PipelineCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        _counters = counters;
        // The counters are the meter's scope, so a listener can tell this run's instruments from another pipeline's.
        _meter = new Meter(new MeterOptions(MeterName) { Version = "1.0", Scope = counters });
        _meter.CreateObservableCounter("feredge.frames.read", () => _counters.FramesRead, "{frame}", "Frames read from the source");
        _meter.CreateObservableCounter("feredge.frames.processed", () => _counters.FramesProcessed, "{frame}", "Frames that reached the sinks");
        _meter.CreateObservableCounter("feredge.frames.dropped", () => _counters.Dropped, "{frame}", "Frames dropped at any stage");
        _meter.CreateObservableCounter("feredge.source.errors", () => _counters.SourceErrors, "{item}", "Unreadable items skipped and live-source read failures");
        _meter.CreateObservableCounter("feredge.sink.errors", () => _counters.SinkErrors, "{call}", "Sink calls that failed");
        _meter.CreateObservableCounter("feredge.keyframes", () => _counters.Keyframes.Count, "{frame}", "Frames on which detection ran");
        _meter.CreateObservableGauge("feredge.keyframe.share", KeyframeShare, "1", "Keyframes over perceived frames");
        _meter.CreateObservableGauge("feredge.stage.latency.p50", () => Percentiles(50), "ms", "Median latency per stage");
        _meter.CreateObservableGauge("feredge.stage.latency.p90", () => Percentiles(90), "ms", "90th percentile latency per stage");
        _meter.CreateObservableGauge("feredge.stage.latency.p99", () => Percentiles(99), "ms", "99th percentile latency per stage");
        _meter.CreateObservableGauge("feredge.stage.latency.max", () => Percentiles(100), "ms", "Largest latency per stage");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private double KeyframeShare()
    {
        var perceived = _counters.Perception.Count;
        return perceived > 0 ? _counters.Keyframes.Count / (double)perceived : 0;
    }

    private Measurement<double>[] Percentiles(double percentile)
    {
        var stages = StageNames.All;
        var result = new Measurement<double>[stages.Length];
        for (var i = 0; i < stages.Length; i++)
        {
            var h = _counters.Stages[stages[i]];
            var value = percentile >= 100 ? h.MaxMilliseconds : h.Percentile(percentile);
            result[i] = new Measurement<double>(value, new KeyValuePair<string, object?>("stage", StageNames.Of(stages[i])));
        }

        return result;
    }
}
