using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using FerEdge.Core.Diagnostics;
using FerEdge.Pipeline.Diagnostics;

namespace FerEdge.Pipeline.Output;

/// <summary>The metrics topic's payload: per-stage latency percentiles, throughput, drops, CPU and memory.</summary>
public static class MetricsPayload
{
    /// <summary>Writes a metrics snapshot of <paramref name="counters"/>; fps is over <paramref name="elapsed"/>.</summary>
    public static void Write(IBufferWriter<byte> buffer, PipelineCounters counters, string deviceId, TimeSpan elapsed, double cpuPercent)
    {
        ArgumentNullException.ThrowIfNull(counters);
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteNumber("schema", Payloads.Schema);
        w.WriteString("device", deviceId);
        w.WriteNumber("frames", counters.FramesProcessed);
        w.WriteNumber("fps", elapsed.TotalSeconds > 0 ? Math.Round(counters.FramesProcessed / elapsed.TotalSeconds, 2) : 0);
        w.WriteNumber("dropped", counters.Dropped);
        w.WriteNumber("keyframe_share", counters.Perception.Count > 0 ? Math.Round(counters.Keyframes.Count / (double)counters.Perception.Count, 4) : 0);
        w.WriteNumber("cpu_percent", Math.Round(cpuPercent, 1));
        using (var p = Process.GetCurrentProcess())
        {
            w.WriteNumber("memory_mb", Math.Round(p.WorkingSet64 / (1024.0 * 1024.0), 1));
        }

        w.WriteStartObject("stages");
        Stage(w, "end_to_end", counters.EndToEnd);
        Stage(w, "perception", counters.Perception);
        Stage(w, "keyframe", counters.Keyframes);
        Stage(w, "tracking", counters.Tracked);
        Stage(w, "inference", counters.Inference);
        Stage(w, "publish", counters.Publish);
        foreach (var stage in StageNames.All)
        {
            // Publish and end-to-end are written above; "tracking" above is perception time on tracked frames.
            if (stage is not (PipelineStage.Publish or PipelineStage.EndToEnd or PipelineStage.Tracking))
            {
                Stage(w, StageNames.Of(stage), counters.Stages[stage]);
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Stage(Utf8JsonWriter w, string name, LatencyHistogram h)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", h.Count);
        w.WriteNumber("p50_ms", Math.Round(h.Percentile(50), 3));
        w.WriteNumber("p90_ms", Math.Round(h.Percentile(90), 3));
        w.WriteNumber("p99_ms", Math.Round(h.Percentile(99), 3));
        w.WriteNumber("max_ms", Math.Round(h.MaxMilliseconds, 3));
        w.WriteEndObject();
    }
}
