using System.Globalization;
using System.Text;

namespace FerEdge.Host.Profiling;

/// <summary>
/// Writes the readable profile: <c>profile.md</c> (machine, throughput, per-stage table, targets and where the time
/// goes) beside <c>latency.png</c> and <c>timeline.png</c> in one folder.
/// </summary>
public static class ProfileReport
{
    /// <summary>End-to-end p50 target on one core, ms (with appearance and the in-the-wild classifiers).</summary>
    public const double EndToEndP50TargetMs = 3;

    /// <summary>End-to-end p99 target on one core, ms.</summary>
    public const double EndToEndP99TargetMs = 10;

    /// <summary>Keyframe (detection + fit) p50 target, ms.</summary>
    public const double KeyframeTargetMs = 8;

    /// <summary>Cold start target (process start to first frame out) on the x64 development machine, ms.</summary>
    public const double ColdStartTargetMs = 1000;

    /// <summary>First-frame end-to-end latency target on the x64 development machine, ms.</summary>
    public const double FirstFrameTargetMs = 30;

    /// <summary>Writes the report and its plots into <paramref name="folder"/> (created); returns the Markdown path.</summary>
    public static string Write(string folder, ProfileResult profile, string command)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Directory.CreateDirectory(folder);
        ProfilePlots.Latency(Path.Combine(folder, "latency.png"), profile);
        ProfilePlots.Timeline(Path.Combine(folder, "timeline.png"), profile);
        var path = Path.Combine(folder, "profile.md");
        File.WriteAllText(path, Markdown(profile, command));
        return path;
    }

    /// <summary>The Markdown text of the report.</summary>
    public static string Markdown(ProfileResult profile, string command)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var c = CultureInfo.InvariantCulture;
        var m = profile.Machine;
        var sb = new StringBuilder();
        sb.AppendLine("# FerEdge latency profile").AppendLine();
        sb.AppendLine(c, $"- Date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(c, $"- Command: `{command}`");
        sb.AppendLine(c, $"- Machine: {m.Cpu}, {m.UsableCores} of {m.MachineCores} cores usable by the process, {m.OperatingSystem}, {m.Architecture}, {m.Runtime}");
        sb.AppendLine(c, $"- Load average at start: {m.LoadAverage} (the machine may be shared; high load inflates every figure)");
        sb.AppendLine(c, $"- Source: {profile.Source} ({(profile.Preloaded ? "preloaded into memory: decoding left out" : "decoded while running")}), fast mode");
        sb.AppendLine().AppendLine("## Summary").AppendLine();
        sb.AppendLine("| frames | seconds | frames/s | dropped | keyframe share | peak memory |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|");
        sb.AppendLine(c, $"| {profile.Frames} | {profile.Seconds:F3} | {profile.Fps:F1} | {profile.Dropped} | {profile.KeyframeShare:P1} | {profile.PeakMemoryMb:F0} MiB |");
        sb.AppendLine().AppendLine("## Start-up").AppendLine();
        sb.AppendLine("Cold start runs from the process's start (runtime start, model loading and preloading included) to the first frame ");
        sb.AppendLine("reaching the sinks; first-frame latency is that frame's end to end (capture to end of publishing). With `--warmup` both are of the unmeasured pass.");
        sb.AppendLine();
        sb.AppendLine("| cold start | first frame |");
        sb.AppendLine("|---:|---:|");
        sb.AppendLine(c, $"| {profile.ColdStartMs:F0} ms | {profile.FirstFrameMs:F1} ms |");
        sb.AppendLine().AppendLine("## Latency per stage (ms)").AppendLine();
        sb.AppendLine("Percentiles are over the frames a stage ran on (detection and landmarks: keyframes; tracking: tracked frames; ");
        sb.AppendLine("explanation: frames with an explanation); the mean per frame spreads a stage over every frame, so those add up to the busy time.");
        sb.AppendLine();
        sb.AppendLine("| stage | frames | p50 | p90 | p99 | max | mean per frame |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in profile.Stages)
        {
            var mean = double.IsFinite(s.MeanPerFrameMs) ? s.MeanPerFrameMs.ToString("F3", c) : "";
            sb.AppendLine(c, $"| {s.Name} | {s.Count} | {s.P50Ms:F2} | {s.P90Ms:F2} | {s.P99Ms:F2} | {s.MaxMs:F2} | {mean} |");
        }

        sb.AppendLine().AppendLine("## Targets").AppendLine();
        var e2e = profile.Stage("end_to_end");
        var key = profile.Stage("keyframe");
        sb.AppendLine("| target | measured | met |");
        sb.AppendLine("|---|---:|:---:|");
        sb.AppendLine(c, $"| end-to-end p50 <= {EndToEndP50TargetMs} ms | {e2e.P50Ms:F2} ms | {Mark(e2e.P50Ms <= EndToEndP50TargetMs)} |");
        sb.AppendLine(c, $"| end-to-end p99 <= {EndToEndP99TargetMs} ms | {e2e.P99Ms:F2} ms | {Mark(e2e.P99Ms <= EndToEndP99TargetMs)} |");
        sb.AppendLine(c, $"| keyframe (detection + landmarks) p50 <= {KeyframeTargetMs} ms | {key.P50Ms:F2} ms | {Mark(key.P50Ms <= KeyframeTargetMs)} |");
        sb.AppendLine(c, $"| cold start <= {ColdStartTargetMs} ms | {profile.ColdStartMs:F0} ms | {Mark(profile.ColdStartMs <= ColdStartTargetMs)} |");
        sb.AppendLine(c, $"| first frame <= {FirstFrameTargetMs} ms | {profile.FirstFrameMs:F1} ms | {Mark(profile.FirstFrameMs <= FirstFrameTargetMs)} |");
        sb.AppendLine().AppendLine("## Where the time goes").AppendLine();
        sb.AppendLine(WhereTimeGoes(profile));
        sb.AppendLine().AppendLine("![latency per stage](latency.png)").AppendLine();
        sb.AppendLine("![per-frame timeline, keyframes circled](timeline.png)");
        return sb.ToString();
    }

    private static string Mark(bool met) => met ? "yes" : "**no**";

    private static string WhereTimeGoes(ProfileResult profile)
    {
        var c = CultureInfo.InvariantCulture;
        var work = 0.0;
        foreach (var s in profile.Stages)
        {
            if (s.Name is not ("end_to_end" or "keyframe" or "tracked_frame") && double.IsFinite(s.MeanPerFrameMs))
            {
                work += s.MeanPerFrameMs;
            }
        }

        var e2eMean = profile.Stage("end_to_end").MeanPerFrameMs;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Stage work averages {work:F2} ms per frame; end to end averages {e2eMean:F2} ms. The difference ({Math.Max(0, e2eMean - work + profile.Stage("capture").MeanPerFrameMs):F2} ms) is");
        sb.AppendLine("time a frame waits between stages for its turn (stages run on their own threads, so a slow stage queues the next frame behind it) and thread hand-offs.");
        sb.AppendLine();
        sb.AppendLine("| stage | mean ms per frame | share of stage work |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var s in profile.Stages)
        {
            if (s.Name is "end_to_end" or "keyframe" or "tracked_frame" || !double.IsFinite(s.MeanPerFrameMs))
            {
                continue;
            }

            sb.AppendLine(c, $"| {s.Name} | {s.MeanPerFrameMs:F3} | {(work > 0 ? s.MeanPerFrameMs / work : 0):P1} |");
        }

        return sb.ToString();
    }
}
