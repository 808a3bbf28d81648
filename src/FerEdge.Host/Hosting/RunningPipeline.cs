using System.Buffers;
using System.Diagnostics;
using FerEdge.Core.Contract;
using FerEdge.Messaging;
using FerEdge.Pipeline;
using FerEdge.Pipeline.Output;

namespace FerEdge.Host.Hosting;

/// <summary>A pipeline that runs, with its sinks, its stage schedulers and the time since it started.</summary>
public sealed record RunningPipeline(FerEdgePipeline Pipeline, IReadOnlyList<IOutcomeSink> Sinks, PipelineSchedulers Schedulers, Stopwatch Clock)
{
    /// <summary>Publishes the metrics payload: the pipeline's counters, CPU share and memory since the start.</summary>
    public void PublishMetrics(MqttPublisher publisher, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var elapsed = Clock.Elapsed;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime.TotalSeconds / Math.Max(elapsed.TotalSeconds, 1e-9) * 100;
        var lost = Sinks.OfType<JsonLinesSink>().Sum(s => s.LinesLost);
        MetricsPayload.Write(buffer, deviceId, Pipeline.Counters.ToMetrics(elapsed, cpu, process.WorkingSet64 / (1024.0 * 1024.0)) with { JsonLinesLost = lost });
        publisher.Enqueue(MqttTopics.Metrics, buffer.WrittenMemory.ToArray());
    }
}
