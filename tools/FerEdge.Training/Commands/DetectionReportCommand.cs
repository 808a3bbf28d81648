using System.Diagnostics;
using System.Globalization;
using System.Text;
using FerEdge.Core.Detection;
using FerEdge.Training.FrontEnd;
using FerEdge.Vision.Detection;
using OpenCvSharp;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train detect-report</c>: runs each BlazeFace configuration over every shared video frame and image and
/// prints a markdown table of detection rates, false detections and per-frame latency.
/// </summary>
internal static class DetectionReportCommand
{

    private enum Config
    {
        Front,
        Back,
        Cascade,
    }

    public static int Run(CommandOptions commandLine)
    {
        var options = DetectionCommandLine.Read(commandLine);
        commandLine.RejectUnknown();
        var sources = DetectionDatasets.All(Path.Combine(options.Shared, "data"));
        var low = new BlazeFaceDetectorOptions { IntraOpThreads = options.Threads, ScoreThreshold = options.Score };
        using var front = new BlazeFaceDetector(options.ModelPath(BlazeFaceModel.Front128), BlazeFaceModel.Front128, low);
        using var back = new BlazeFaceDetector(options.ModelPath(BlazeFaceModel.Back256), BlazeFaceModel.Back256, low);
        using var backTuned = new BlazeFaceDetector(options.ModelPath(BlazeFaceModel.Back256), BlazeFaceModel.Back256, low with { ScoreThreshold = null });
        var strict = Math.Max(options.Score, BlazeFaceDetectorOptions.RecommendedScoreThreshold(BlazeFaceModel.Back256));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {DetectionCommandLine.CpuName()} ({Environment.ProcessorCount} cores), .NET {Environment.Version}, {options.Threads} intra-op thread(s), detector score threshold {options.Score}; the cascade runs the back model (threshold {strict}) only when the front model finds nothing.");
        report.AppendLine(options.Command("detect-report"));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"| model | data | frames | with face | with face (score >= {strict}) | faces/frame | ms mean | ms p50 | ms p99 |");
        report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        var faces = new List<FaceDetection>(8);
        foreach (var config in Enum.GetValues<Config>())
        {
            var all = new List<double>();
            foreach (var source in sources)
            {
                var times = new List<double>();
                var counts = new Counts();
                source.ForEach(frame =>
                {
                    var start = Stopwatch.GetTimestamp();
                    var n = Detect(config, front, back, backTuned, frame, faces);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    counts.Add(n, n > 0 ? faces[0].Score : 0f, strict);
                });
                all.AddRange(times);
                report.AppendLine(Row(config.ToString(), source.Name, counts, times));
                Console.Error.WriteLine($"detect-report: {config} {source.Name}: {counts.WithFace}/{counts.Frames}");
            }

            report.AppendLine(Row(config.ToString(), "**all frames (latency)**", null, all));
        }

        return options.Publish(report);
    }

    private static int Detect(Config config, BlazeFaceDetector front, BlazeFaceDetector back, BlazeFaceDetector backTuned, Mat frame, List<FaceDetection> faces)
    {
        var layout = frame.Channels() == 1 ? PixelLayout.Gray8 : PixelLayout.Bgr24;
        var pixels = frame.AsSpan<byte>();
        var stride = (int)frame.Step();
        return config switch
        {
            Config.Front => front.Detect(pixels, frame.Width, frame.Height, stride, layout, faces),
            Config.Back => back.Detect(pixels, frame.Width, frame.Height, stride, layout, faces),
            _ => front.Detect(pixels, frame.Width, frame.Height, stride, layout, faces) > 0
                ? faces.Count
                : backTuned.Detect(pixels, frame.Width, frame.Height, stride, layout, faces),
        };
    }

    private static string Row(string model, string data, Counts? counts, List<double> times)
    {
        times.Sort();
        var mean = times.Count > 0 ? times.Average() : 0;
        var frames = counts?.Frames ?? times.Count;
        string Share(int n) => string.Create(CultureInfo.InvariantCulture, $"{n} ({100.0 * n / Math.Max(1, frames):F1} %)");
        var withFace = counts is null ? string.Empty : Share(counts.WithFace);
        var strict = counts is null ? string.Empty : Share(counts.WithStrictFace);
        var perFrame = counts is null ? string.Empty : (counts.Faces / (double)Math.Max(1, frames)).ToString("F2", CultureInfo.InvariantCulture);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {model} | {data} | {frames} | {withFace} | {strict} | {perFrame} | {mean:F2} | {Percentile(times, 0.5):F2} | {Percentile(times, 0.99):F2} |");
    }

    private sealed class Counts
    {
        public int Frames { get; private set; }

        public int WithFace { get; private set; }

        public int WithStrictFace { get; private set; }

        public int Faces { get; private set; }

        public void Add(int faces, float bestScore, float strict)
        {
            Frames++;
            Faces += faces;
            WithFace += faces > 0 ? 1 : 0;
            WithStrictFace += faces > 0 && bestScore >= strict ? 1 : 0;
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
