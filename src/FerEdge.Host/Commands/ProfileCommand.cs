using System.Diagnostics;
using System.Globalization;
using FerEdge.Capture;
using FerEdge.Core.Frames;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Host.Profiling;
using FerEdge.Pipeline;
using FerEdge.Pipeline.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge profile --source S [--frames N] [--json PATH] [--report DIR] [--preload] [--warmup] [--config PATH]</c>: runs the
/// pipeline in fast mode over a file with the configured models and no network sinks (publishing is payload
/// serialisation only), then prints per-stage latency, throughput, drops, keyframe share and peak memory, writes the
/// JSON contract when asked, and writes a Markdown report with plots (default folder <c>artifacts/profile</c>).
/// <c>--preload</c> decodes the frames into memory first so decoding is left out of the measurement; <c>--warmup</c>
/// runs the same frames once unmeasured first, so the measurement is of JIT-optimised, steady-state code.
/// </summary>
public static class ProfileCommand
{
    private static readonly string[] Valued = ["source", "frames", "json", "report", "config"];
    private static readonly string[] Flags = ["preload", "warmup"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("profile", args, Valued, Flags);
        var spec = a.Require("source");
        if (FrameSources.IsLive(spec))
        {
            throw new CommandLineException("profile: --source must be a video file or image folder (fast mode needs a file)");
        }

        var frames = a.GetInt("frames", 1, int.MaxValue) ?? 0;
        FerEdgeOptions settings;
        try
        {
            settings = SettingsLoader.Load(a.Get("config"), new Dictionary<string, string?> { ["Source"] = spec });
        }
        catch (SettingsException e)
        {
            throw new CommandLineException("profile: " + e.Message, e);
        }

        var machine = MachineInfo.Current();
        var result = Profile(settings, spec, frames, a.Has("preload"), a.Has("warmup"), machine);
        Print(result);
        if (a.Get("json") is { } json)
        {
            result.WriteJson(json);
            Console.WriteLine($"json: {json}");
        }

        var folder = a.Get("report") ?? AppPaths.Under("artifacts", "profile");
        var report = ProfileReport.Write(folder, result, "fer-edge profile " + string.Join(' ', args));
        Console.WriteLine($"report: {report}");
        return 0;
    }

    private static ProfileResult Profile(FerEdgeOptions settings, string spec, int frames, bool preload, bool warmup, MachineInfo machine)
    {
        // As run does: the first frame measured is the first after the stages' warm-up, not their first run.
        using var stages = PipelineStages.LoadWarmed(settings.Stages);
        using var schedulers = PipelineSchedulers.CreateThreads();
        FerEdgePipeline NewPipeline(IFrameSource source, int capacity) => new(
            source,
            stages.NewPerception(),
            stages.NewEmotionStage(),
            [],
            settings.Pipeline with { Fast = true, MaxFrames = frames, DeviceId = "profile", TimelineCapacity = capacity },
            schedulers,
            TimeProvider.System,
            NullLogger.Instance);

        PreloadedFrameSource? preloaded = null;
        if (preload)
        {
            using var file = FrameSources.Open(spec);
            preloaded = PreloadedFrameSource.Load(file, frames);
        }

        // The preloaded frames are replayed for each pass; a file is opened afresh. The caller of Open disposes.
        IFrameSource Open()
        {
            if (preloaded is null)
            {
                return FrameSources.Open(spec);
            }

            preloaded.Rewind();
            return preloaded;
        }

        FirstFrame? firstFrame = null;
        if (warmup)
        {
            // One unmeasured pass over the same frames, so the measured pass runs JIT-optimised code (steady state).
            using var warmSource = Open();
            using var warm = NewPipeline(warmSource, 0);
            warm.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
            firstFrame = warm.Counters.FirstFrame;
        }

        using var source = Open();
        var capacity = frames > 0 ? frames : preloaded is not null ? preloaded.Count : 100_000;
        using var pipeline = NewPipeline(source, capacity);
        var clock = Stopwatch.StartNew();
        pipeline.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        return ProfileResult.From(
            spec,
            preload,
            pipeline.Counters,
            clock.Elapsed,
            process.PeakWorkingSet64 / (1024.0 * 1024.0),
            machine,
            firstFrame ?? pipeline.Counters.FirstFrame,
            new DateTimeOffset(process.StartTime));
    }

    private static void Print(ProfileResult r)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"frames {r.Frames}  fps {r.Fps:F1}  dropped {r.Dropped}  keyframe share {r.KeyframeShare:P1}  peak memory {r.PeakMemoryMb:F0} MiB  ({(r.Preloaded ? "preloaded" : "decoding")})"));
        Console.WriteLine(string.Create(c, $"cold start {r.ColdStartMs:F0} ms (process start to first frame)  first frame {r.FirstFrameMs:F1} ms"));
        Console.WriteLine(string.Create(c, $"{"stage",-14}{"frames",8}{"p50 ms",10}{"p90 ms",10}{"p99 ms",10}{"max ms",10}"));
        foreach (var s in r.Stages)
        {
            Console.WriteLine(string.Create(c, $"{s.Name,-14}{s.Count,8}{s.P50Ms,10:F3}{s.P90Ms,10:F3}{s.P99Ms,10:F3}{s.MaxMs,10:F3}"));
        }
    }
}
