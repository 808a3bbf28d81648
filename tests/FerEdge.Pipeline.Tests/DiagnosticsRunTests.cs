using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text.Json;
using FerEdge.Capture;
using FerEdge.Core.Contract;
using FerEdge.Pipeline.Diagnostics;
using FerEdge.Testing;

namespace FerEdge.Pipeline.Tests;

/// <summary>Stage timing on a real run of single_face.mp4 (fast mode, tracking on, virtual-time schedulers).</summary>
public sealed class DiagnosticsRunTests
{
    [Fact]
    public async Task RunAsync_SingleFaceVideo_EveryFrameTimedWithTheStagesThatRan()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var run = new VirtualRun(source, new PipelineOptions { Fast = true, DeviceId = "test", TimelineCapacity = 100 });
        await run.Start(TestContext.Current.CancellationToken);
        var pipeline = run.Pipeline;

        var c = pipeline.Counters;
        var timeline = c.Timeline.Snapshot().ToArray();
        Assert.Equal(72, timeline.Length);
        var keyframes = 0;
        for (var i = 0; i < timeline.Length; i++)
        {
            var t = timeline[i];
            Assert.Equal(i, t.Frame);
            Assert.True(t.CaptureMs > 0 && t.ClassifiersMs > 0 && t.PublishMs > 0, $"frame {i}: {t}");
            if (t.Keyframe)
            {
                keyframes++;
                Assert.True(t.DetectionMs > 0 && t.LandmarksMs > 0, $"keyframe {i} without detection/landmark time: {t}");
            }
            else
            {
                Assert.True(t.TrackingMs > 0 && t.DetectionMs == 0 && t.LandmarksMs == 0, $"tracked frame {i}: {t}");
            }

            // One frame's stages run one after another between its capture timestamp and the end of publishing.
            var work = t.DetectionMs + t.LandmarksMs + t.TrackingMs + t.ClassifiersMs + t.ExplanationMs + t.PublishMs;
            Assert.True(t.EndToEndMs >= work - 0.01f, $"frame {i}: end to end {t.EndToEndMs} ms < its stages' {work} ms");
        }

        Assert.Equal(c.Keyframes.Count, keyframes);
        Assert.Equal(keyframes, c.Stages[PipelineStage.Detection].Count);
        // Tracking runs on every tracked frame and on a keyframe that follows a failed track on the same frame.
        Assert.Equal(timeline.Count(t => t.TrackingMs > 0), c.Stages[PipelineStage.Tracking].Count);
        Assert.InRange(c.Stages[PipelineStage.Tracking].Count, 72 - keyframes, 72);
        Assert.Equal(72, c.Stages[PipelineStage.EndToEnd].Count);
        Assert.InRange(keyframes, 2, 36);
        Assert.True(c.Stages[PipelineStage.Explanation].Count >= 1, "the first decision is explained");
    }

    [Fact]
    public async Task Meter_AfterARun_InstrumentsReportTheCounters()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var run = new VirtualRun(source, new PipelineOptions { Fast = true, DeviceId = "test", MaxFrames = 30 });
        await run.Start(TestContext.Current.CancellationToken);
        var pipeline = run.Pipeline;

        var c = pipeline.Counters;
        var longs = new Dictionary<string, long>(StringComparer.Ordinal);
        var p50 = new Dictionary<string, double>(StringComparer.Ordinal);
        string? unit = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other tests run pipelines in parallel: the meter's scope tells this run's instruments apart.
            if (instrument.Meter.Name == PipelineMeter.MeterName && ReferenceEquals(instrument.Meter.Scope, c))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => longs[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "feredge.stage.latency.p50" && tags.Length == 1 && tags[0].Value is string stage)
            {
                unit = instrument.Unit;
                p50[stage] = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(30, longs["feredge.frames.processed"]);
        Assert.Equal(30, longs["feredge.frames.read"]);
        Assert.Equal(0, longs["feredge.frames.dropped"]);
        Assert.Equal(c.Keyframes.Count, longs["feredge.keyframes"]);
        Assert.Equal("ms", unit);
        foreach (var stage in StageNames.All)
        {
            Assert.Equal(c.Stages[stage].Percentile(50), p50[StageNames.Of(stage)]);
        }

        Assert.True(p50["end_to_end"] > 0 && p50["tracking"] > 0, "a run with a face tracks and has an end-to-end latency");

        var buffer = new ArrayBufferWriter<byte>();
        MetricsPayload.Write(buffer, "test", c.ToMetrics(TimeSpan.FromSeconds(1), 50, 100));
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        var stages = doc.RootElement.GetProperty("stages");
        foreach (var name in new[] { "capture", "detection", "landmarks", "classifiers", "explanation", "end_to_end", "tracking" })
        {
            Assert.True(stages.GetProperty(name).GetProperty("p99_ms").GetDouble() >= 0, name);
        }

        Assert.Equal(c.Stages[PipelineStage.Detection].Count, stages.GetProperty("detection").GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task ToMetrics_AfterARun_CarriesTheFirstFramesTimeAndLatency()
    {
        using var source = FrameSources.Open(TestPaths.Data("videos", "single_face.mp4"));
        using var run = new VirtualRun(source, new PipelineOptions { Fast = true, DeviceId = "test", MaxFrames = 10, TimelineCapacity = 10 });
        Assert.Null(run.Pipeline.Counters.FirstFrame);
        await run.Start(TestContext.Current.CancellationToken);

        var c = run.Pipeline.Counters;
        var first = Assert.IsType<FirstFrame>(c.FirstFrame);
        Assert.Equal(c.Timeline.Snapshot()[0].EndToEndMs, first.LatencyMs, 3);
        Assert.True(first.LatencyMs > 0);

        // A process that started 800 ms before its first frame.
        var metrics = c.ToMetrics(TimeSpan.FromSeconds(1), 50, 100, first.At.AddMilliseconds(-800));
        Assert.Equal(800, metrics.ColdStartMs!.Value, 6);
        Assert.Equal(first.LatencyMs, metrics.FirstFrameMs);
        Assert.Null(c.ToMetrics(TimeSpan.FromSeconds(1), 50, 100).ColdStartMs);

        var buffer = new ArrayBufferWriter<byte>();
        MetricsPayload.Write(buffer, "test", metrics);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal(800, doc.RootElement.GetProperty("cold_start_ms").GetDouble());
        Assert.True(doc.RootElement.GetProperty("first_frame_ms").GetDouble() > 0);
    }
}
