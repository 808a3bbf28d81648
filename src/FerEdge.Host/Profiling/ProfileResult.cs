using System.Text.Json;
using FerEdge.Pipeline;
using FerEdge.Pipeline.Diagnostics;

namespace FerEdge.Host.Profiling;

/// <summary>The outcome of <c>fer-edge profile</c>: throughput, drops, keyframe share, memory, per-stage latency and the per-frame timeline.</summary>
public sealed class ProfileResult
{
    /// <summary>The source profiled (as given).</summary>
    public required string Source { get; init; }

    /// <summary>True when frames were decoded into memory first (decoding left out).</summary>
    public required bool Preloaded { get; init; }

    /// <summary>Frames that reached the end of the pipeline.</summary>
    public required long Frames { get; init; }

    /// <summary>Wall-clock seconds of the pipeline run (model loading and preloading excluded).</summary>
    public required double Seconds { get; init; }

    /// <summary>Frames per second over <see cref="Seconds"/>.</summary>
    public double Fps => Seconds > 0 ? Frames / Seconds : 0;

    /// <summary>Frames dropped at any stage (0 expected in fast mode).</summary>
    public required long Dropped { get; init; }

    /// <summary>Keyframes over perceived frames.</summary>
    public required double KeyframeShare { get; init; }

    /// <summary>Peak working set of the process, MiB.</summary>
    public required double PeakMemoryMb { get; init; }

    /// <summary>
    /// Milliseconds from the process's start to the first frame of its first pipeline reaching the sinks (with
    /// <c>--warmup</c>, the unmeasured pass's first frame): runtime start, model loading, preloading included.
    /// </summary>
    public required double ColdStartMs { get; init; }

    /// <summary>End-to-end latency of the process's first frame, ms (JIT and first inference runs included).</summary>
    public required double FirstFrameMs { get; init; }

    /// <summary>Per-stage latency, end-to-end first.</summary>
    public required IReadOnlyList<StageSummary> Stages { get; init; }

    /// <summary>Per-frame timings in publishing order.</summary>
    public required FrameTiming[] Timeline { get; init; }

    /// <summary>The machine the profile ran on.</summary>
    public required MachineInfo Machine { get; init; }

    /// <summary>The stage named <paramref name="name"/>.</summary>
    public StageSummary Stage(string name)
    {
        foreach (var s in Stages)
        {
            if (s.Name == name)
            {
                return s;
            }
        }

        throw new KeyNotFoundException($"no stage '{name}' in the profile");
    }

    /// <summary>Summarises a finished run of a pipeline.</summary>
    /// <param name="source">The source profiled.</param>
    /// <param name="preloaded">Whether the frames were decoded first.</param>
    /// <param name="counters">The measured run's counters.</param>
    /// <param name="elapsed">The measured run's wall time.</param>
    /// <param name="peakMemoryMb">Peak working set, MiB.</param>
    /// <param name="machine">The machine.</param>
    /// <param name="firstFrame">The process's first frame (of the warm-up pass when there was one).</param>
    /// <param name="processStartedAt">When the process started.</param>
    public static ProfileResult From(
        string source, bool preloaded, PipelineCounters counters, TimeSpan elapsed, double peakMemoryMb, MachineInfo machine, FirstFrame? firstFrame, DateTimeOffset processStartedAt)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var timeline = counters.Timeline.Snapshot().ToArray();
        var stages = new List<StageSummary>();
        foreach (var stage in StageNames.All)
        {
            var sum = 0.0;
            foreach (var t in timeline)
            {
                sum += Value(t, stage);
            }

            stages.Add(StageSummary.From(StageNames.Of(stage), counters.Stages[stage], timeline.Length > 0 ? sum / timeline.Length : 0));
        }

        // Move end-to-end to the front, then whole-perception views for the keyframe target.
        var endToEnd = stages[^1];
        stages.RemoveAt(stages.Count - 1);
        stages.Insert(0, endToEnd);
        stages.Add(StageSummary.From("keyframe", counters.Keyframes, double.NaN));
        stages.Add(StageSummary.From("tracked_frame", counters.Tracked, double.NaN));
        var perceived = counters.Perception.Count;
        return new ProfileResult
        {
            Source = source,
            Preloaded = preloaded,
            Frames = counters.FramesProcessed,
            Seconds = elapsed.TotalSeconds,
            Dropped = counters.Dropped,
            KeyframeShare = perceived > 0 ? counters.Keyframes.Count / (double)perceived : 0,
            PeakMemoryMb = peakMemoryMb,
            ColdStartMs = firstFrame?.ColdStartMs(processStartedAt) ?? 0,
            FirstFrameMs = firstFrame?.LatencyMs ?? 0,
            Stages = stages,
            Timeline = timeline,
            Machine = machine,
        };
    }

    /// <summary>The duration of <paramref name="stage"/> in a frame's record, ms.</summary>
    public static double Value(in FrameTiming t, PipelineStage stage) => stage switch
    {
        PipelineStage.Capture => t.CaptureMs,
        PipelineStage.Detection => t.DetectionMs,
        PipelineStage.Landmarks => t.LandmarksMs,
        PipelineStage.Tracking => t.TrackingMs,
        PipelineStage.Features => t.FeaturesMs,
        PipelineStage.Classifiers => t.ClassifiersMs,
        PipelineStage.Explanation => t.ExplanationMs,
        PipelineStage.Publish => t.PublishMs,
        PipelineStage.EndToEnd => t.EndToEndMs,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown stage"),
    };

    /// <summary>
    /// Writes the JSON contract: frames, fps, dropped, keyframe_share, peak_memory_mb, cold_start_ms, first_frame_ms,
    /// stages{name:{p50_ms,...}}.
    /// </summary>
    public void WriteJson(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("source", Source);
        w.WriteBoolean("preloaded", Preloaded);
        w.WriteNumber("frames", Frames);
        w.WriteNumber("seconds", Math.Round(Seconds, 4));
        w.WriteNumber("fps", Math.Round(Fps, 2));
        w.WriteNumber("dropped", Dropped);
        w.WriteNumber("keyframe_share", Math.Round(KeyframeShare, 4));
        w.WriteNumber("peak_memory_mb", Math.Round(PeakMemoryMb, 1));
        w.WriteNumber("cold_start_ms", Math.Round(ColdStartMs, 1));
        w.WriteNumber("first_frame_ms", Math.Round(FirstFrameMs, 2));
        w.WriteStartObject("stages");
        foreach (var s in Stages)
        {
            w.WriteStartObject(s.Name);
            w.WriteNumber("count", s.Count);
            w.WriteNumber("p50_ms", Math.Round(s.P50Ms, 3));
            w.WriteNumber("p90_ms", Math.Round(s.P90Ms, 3));
            w.WriteNumber("p99_ms", Math.Round(s.P99Ms, 3));
            w.WriteNumber("max_ms", Math.Round(s.MaxMs, 3));
            if (double.IsFinite(s.MeanPerFrameMs))
            {
                w.WriteNumber("mean_per_frame_ms", Math.Round(s.MeanPerFrameMs, 4));
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("machine");
        w.WriteString("cpu", Machine.Cpu);
        w.WriteNumber("usable_cores", Machine.UsableCores);
        w.WriteNumber("machine_cores", Machine.MachineCores);
        w.WriteString("os", Machine.OperatingSystem);
        w.WriteString("runtime", Machine.Runtime);
        w.WriteString("load_average", Machine.LoadAverage);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
