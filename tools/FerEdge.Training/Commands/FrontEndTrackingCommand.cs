using System.Diagnostics;
using System.Globalization;
using System.Text;
using FerEdge.Core.Geometry;
using FerEdge.Core.Imaging;
using FerEdge.Core.Landmarks;
using FerEdge.Core.Tracking;
using FerEdge.Training.FrontEnd;
using FerEdge.Vision.Detection;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Commands;

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

    public static int Run(CommandOptions commandLine)
    {
        var options = DetectionCommandLine.Read(commandLine);
        var (subsets, interval, tracker) = ReadTrackingOptions(commandLine);
        commandLine.RejectUnknown();
        var data = Path.Combine(options.Shared, "data");
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions
        {
            BlazeFaceDirectory = options.Models,
            Detector = new BlazeFaceDetectorOptions { IntraOpThreads = options.Threads, ScoreThreshold = options.Score },
        });
        var policy = new RedetectPolicy(new RedetectPolicyOptions { KeyframeInterval = interval });

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {DetectionCommandLine.CpuName()} ({Environment.ProcessorCount} cores, shared with other builds: times are wall-clock medians), .NET {Environment.Version}, one thread; keyframe interval {interval}, window {tracker.LucasKanade.WindowWidth}x{tracker.LucasKanade.WindowHeight}, {tracker.LucasKanade.MaxLevel} levels, {tracker.LucasKanade.MaxIterations} iterations, pyramids over {(tracker.TrackInRegion ? "a region around the points" : "the whole frame")}, other policy and tracker settings at their defaults.");
        report.AppendLine(options.Command("tracking-report"));
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

        return options.Publish(report);
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
                var shape = new float[Face68.ShapeLength];
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
        var shape = new float[Face68.ShapeLength];
        var points = new Point2[Face68.PointCount];
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

    private static (List<int[]> Subsets, int Interval, LandmarkSubsetTrackerOptions Tracker) ReadTrackingOptions(CommandOptions commandLine)
    {
        var subsets = commandLine.All("subset").Select(ParseSubset).ToList();
        if (subsets.Count == 0)
        {
            subsets.AddRange([LandmarkSubsets.All(), LandmarkSubsets.Points34(), LandmarkSubsets.Points17()]);
        }

        var interval = commandLine.Count("interval", new RedetectPolicyOptions().KeyframeInterval, 1, int.MaxValue);
        var tracker = new LandmarkSubsetTrackerOptions();
        var lk = tracker.LucasKanade;
        var side = commandLine.Count("window", lk.WindowWidth, 3, int.MaxValue);
        lk = lk with
        {
            WindowWidth = side,
            WindowHeight = commandLine.Optional("window") is null ? lk.WindowHeight : side,
            MaxLevel = commandLine.Count("levels", lk.MaxLevel, 0, int.MaxValue),
            MaxIterations = commandLine.Count("iterations", lk.MaxIterations, 1, int.MaxValue),
        };
        tracker = tracker with { LucasKanade = lk, TrackInRegion = tracker.TrackInRegion && !commandLine.Flag("whole-frame") };
        try
        {
            tracker.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"tracker settings: {e.Message}", e);
        }

        return (subsets, interval, tracker);
    }

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
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out indices[i]) || indices[i] is < 0 or >= Face68.PointCount)
            {
                throw new UsageException($"--subset wants 68, 34, 17 or comma-separated landmark indices 0..67, got '{parts[i]}'");
            }
        }

        return indices;
    }
}
