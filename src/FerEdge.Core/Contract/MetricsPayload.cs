using System.Buffers;
using System.Text.Json;
using FerEdge.Core.Diagnostics;

namespace FerEdge.Core.Contract;

/// <summary>
/// The metrics topic's payload: per-stage latency percentiles, throughput, drops, CPU and memory, and the start-up
/// figures (<c>cold_start_ms</c>, <c>first_frame_ms</c>: null until the first frame).
/// </summary>
public static class MetricsPayload
{
    /// <summary>Writes <paramref name="metrics"/> into <paramref name="buffer"/>.</summary>
    public static void Write(IBufferWriter<byte> buffer, string deviceId, MetricsMessage metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteNumber("schema", MqttPayloads.Schema);
        w.WriteString("device", deviceId);
        w.WriteNumber("frames", metrics.Frames);
        w.WriteNumber("fps", Math.Round(metrics.FramesPerSecond, 2));
        w.WriteNumber("dropped", metrics.Dropped);
        w.WriteNumber("keyframe_share", Math.Round(metrics.KeyframeShare, 4));
        w.WriteNumber("cpu_percent", Math.Round(metrics.CpuPercent, 1));
        w.WriteNumber("memory_mb", Math.Round(metrics.MemoryMegabytes, 1));
        w.WriteNumber("frames_read", metrics.FramesRead);
        w.WriteNumber("source_errors", metrics.SourceErrors);
        w.WriteNumber("sink_errors", metrics.SinkErrors);
        w.WriteNumber("jsonl_lost", metrics.JsonLinesLost);
        Milliseconds(w, "cold_start_ms", metrics.ColdStartMs);
        Milliseconds(w, "first_frame_ms", metrics.FirstFrameMs);
        w.WriteStartObject("stages");
        foreach (var (name, latency) in metrics.Stages)
        {
            Stage(w, name, latency);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Milliseconds(Utf8JsonWriter w, string name, double? ms)
    {
        if (ms is { } value)
        {
            w.WriteNumber(name, Math.Round(value, 1));
        }
        else
        {
            w.WriteNull(name);
        }
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
