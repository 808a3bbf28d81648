using System.Diagnostics;
using System.Globalization;
using System.Text;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Tracking;
using FerEdge.Vision.Detection;
using FerEdge.Vision.Perception;

namespace FerEdge.Training;

/// <summary>
/// <c>fer-train tracking-report</c>: on each shared video and landmark subset, a keyframe (detection + full fit of
/// the largest face) starts <see cref="LandmarkSubsetTracker"/>, which tracks the subset until its
/// <see cref="RedetectPolicy"/> asks for the next keyframe. On tracked frames it measures the subset's error against
/// a full fit (detection + fit) of the same face on that frame (the nearest of the frame's fits), normalised by that
/// fit's inter-ocular distance, and the wall-clock time per tracked frame against the time per keyframe (Stopwatch,
/// single thread).
/// </summary>
internal static class FrontEndTrackingCommand
{
    private const string Usage = "usage: fer-train tracking-report [--subset 68|34|17|i,j,...] [--interval N] [--window N] [--levels N] [--iterations N] [--whole-frame] [--shared DIR] [--models DIR] [--out FILE]";

    public static int Run(string[] args)
    {
        var (subsets, interval, tracker, rest) = ParseOwnOptions(args);
        var options = DetectionCommandLine.Parse(rest, Usage);
        var data = Path.Combine(options.Shared, "data");
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions
        {
            BlazeFaceDirectory = options.Models,
            Detector = new BlazeFaceDetectorOptions { IntraOpThreads = options.Threads, ScoreThreshold = options.Score },
        });
        var policy = new RedetectPolicy(new RedetectPolicyOptions { KeyframeInterval = interval });

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {DetectionCommandLine.CpuName()} ({Environment.ProcessorCount} cores, shared with other builds: times are wall-clock medians), .NET {Environment.Version}, one thread; keyframe interval {interval}, window {tracker.LucasKanade.WindowWidth}x{tracker.LucasKanade.WindowHeight}, {tracker.LucasKanade.MaxLevel} levels, {tracker.LucasKanade.MaxIterations} iterations, pyramids over {(tracker.TrackInRegion ? "a region around the points" : "the whole frame")}, other policy and tracker settings at their defaults.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run --project tools/FerEdge.Training -c Release -- tracking-report{(args.Length > 0 ? " " + string.Join(' ', args) : string.Empty)}` (from the repository root).");
        report.AppendLine();
        report.AppendLine("| video | subset | frames | keyframes | tracked | keyframe share | error mean % | median % | p90 % | max % | mean % 1 frame after keyframe | mean % 5+ frames after | ms/keyframe (median) | ms/tracked frame (median) | redetect reasons |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var video in FrontEndData.Videos(data))
        {
            var set = FrontEndData.Video(options.Root, video);
            var frames = set.Images.Select(i => FrontEndData.LoadGray(i.Png)).ToList();
            var reference = FullFits(landmarker, frames);
            foreach (var subset in subsets)
            {
                var run = Track(landmarker, frames, reference, subset, tracker, policy);
                report.AppendLine(run.Row(set.Name, subset.Length));
                Console.Error.WriteLine($"tracking-report: {set.Name} {subset.Length} points done");
            }
        }

        var text = report.ToString();
        Console.Write(text);
        if (options.Out is { } outPath)
        {
            File.WriteAllText(outPath, text);
        }

        return 0;
    }

    /// <summary>The full fit of every detected face on every frame (empty where no face is detected).</summary>
    private static List<float[]>[] FullFits(FaceLandmarker landmarker, List<GrayImage> frames)
    {
        var fits = new List<float[]>[frames.Count];
        for (var k = 0; k < frames.Count; k++)
        {
            fits[k] = [];
            var n = landmarker.Detect(frames[k]);
            for (var i = 0; i < n; i++)
            {
                var shape = new float[FaceLandmarker.ShapeLength];
                landmarker.FitDetection(frames[k], landmarker.Faces[i], shape);
                fits[k].Add(shape);
            }
        }

        return fits;
    }

    private static FrontEndTrackingRun Track(FaceLandmarker landmarker, List<GrayImage> frames, List<float[]>[] reference, int[] subset, LandmarkSubsetTrackerOptions options, RedetectPolicy policy)
    {
        var run = new FrontEndTrackingRun { Frames = frames.Count };
        var tracker = new LandmarkSubsetTracker(subset, options, policy);
        var shape = new float[FaceLandmarker.ShapeLength];
        var points = new Point2[LandmarkSubsets.PointCount];
        var tracked = new float[2 * subset.Length];
        var needKeyframe = true;
        for (var k = 0; k < frames.Count; k++)
        {
            var start = Stopwatch.GetTimestamp();
            if (needKeyframe)
            {
                if (landmarker.Detect(frames[k]) == 0)
                {
                    continue;
                }

                landmarker.FitDetection(frames[k], landmarker.Faces[0], shape);
                for (var i = 0; i < points.Length; i++)
                {
                    points[i] = new Point2(shape[2 * i], shape[(2 * i) + 1]);
                }

                tracker.SetKeyframe(frames[k], points);
                run.KeyframeMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                needKeyframe = false;
                continue;
            }

            var result = tracker.Track(frames[k]);
            run.TrackedMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            run.Reasons[result.Redetect] = run.Reasons.GetValueOrDefault(result.Redetect) + 1;
            needKeyframe = result.NextFrameIsKeyframe;
            if (reference[k].Count > 0)
            {
                var p = tracker.Points;
                for (var i = 0; i < p.Length; i++)
                {
                    tracked[2 * i] = p[i].X;
                    tracked[(2 * i) + 1] = p[i].Y;
                }

                // The tracked face is compared with the full fit of the same face: the nearest of the frame's fits.
                var error = double.PositiveInfinity;
                foreach (var full in reference[k])
                {
                    error = Math.Min(error, LandmarkError.NormalisedSubset(full, subset, tracked));
                }

                run.Errors.Add(error);
                (result.FramesSinceKeyframe == 1 ? run.FirstFrameErrors : result.FramesSinceKeyframe >= 5 ? run.LateErrors : null)?.Add(error);
            }
        }

        return run;
    }

    private static (List<int[]> Subsets, int Interval, LandmarkSubsetTrackerOptions Tracker, string[] Others) ParseOwnOptions(string[] args)
    {
        var subsets = new List<int[]>();
        var interval = new RedetectPolicyOptions().KeyframeInterval;
        var tracker = new LandmarkSubsetTrackerOptions();
        var lk = tracker.LucasKanade;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--whole-frame")
            {
                tracker = tracker with { TrackInRegion = false };
                continue;
            }

            if (args[i] is not ("--subset" or "--interval" or "--window" or "--levels" or "--iterations"))
            {
                rest.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value; {Usage}");
            }

            var name = args[i];
            var value = args[++i];
            switch (name)
            {
                case "--interval":
                    interval = ParseCount(name, value, 1);
                    break;
                case "--window":
                    var side = ParseCount(name, value, 3);
                    lk = lk with { WindowWidth = side, WindowHeight = side };
                    break;
                case "--levels":
                    lk = lk with { MaxLevel = ParseCount(name, value, 0) };
                    break;
                case "--iterations":
                    lk = lk with { MaxIterations = ParseCount(name, value, 1) };
                    break;
                default:
                    subsets.Add(ParseSubset(value));
                    break;
            }
        }

        if (subsets.Count == 0)
        {
            subsets.AddRange([LandmarkSubsets.All(), LandmarkSubsets.Points34(), LandmarkSubsets.Points17()]);
        }

        tracker = tracker with { LucasKanade = lk };
        try
        {
            tracker.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"tracker settings: {e.Message}", e);
        }

        return (subsets, interval, tracker, rest.ToArray());
    }

    private static int ParseCount(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{name} wants a whole number >= {min}, got '{value}'");

    private static int[] ParseSubset(string value)
    {
        if (!value.Contains(',', StringComparison.Ordinal) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size))
        {
            return LandmarkSubsets.OfSize(size);
        }

        var parts = value.Split(',');
        var indices = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out indices[i]) || indices[i] is < 0 or >= LandmarkSubsets.PointCount)
            {
                throw new ArgumentException($"--subset wants 68, 34, 17 or comma-separated landmark indices 0..67, got '{parts[i]}'");
            }
        }

        return indices;
    }
}
