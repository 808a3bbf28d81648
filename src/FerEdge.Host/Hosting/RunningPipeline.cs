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
    /// <summary>
    /// Publishes the metrics payload: the pipeline's counters, CPU share and memory since the start, and the cold start
    /// from the process's start to the first frame.
    /// </summary>
    public void PublishMetrics(MqttPublisher publisher, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var elapsed = Clock.Elapsed;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime.TotalSeconds / Math.Max(elapsed.TotalSeconds, 1e-9) * 100;
        var lost = Sinks.OfType<JsonLinesSink>().Sum(s => s.LinesLost);
        var metrics = Pipeline.Counters.ToMetrics(elapsed, cpu, process.WorkingSet64 / (1024.0 * 1024.0), new DateTimeOffset(process.StartTime));
        MetricsPayload.Write(buffer, deviceId, metrics with { JsonLinesLost = lost });
        publisher.Enqueue(MqttTopics.Metrics, buffer.WrittenMemory.ToArray());
    }
}
