using System.Globalization;
using System.Text;
using FerEdge.Training.FrontEnd;
using FerEdge.Vision.Detection;
using FerEdge.Vision.Perception;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train frontend-report</c>: per shared video, dlib's full pipeline (HOG detector + shape predictor, the C++
/// oracle) against FerEdge's front end on the same gray PNG frames: frames, frames where dlib finds a face, the share
/// of dlib's faces FerEdge finds, and the landmark error (mean, median, p90, in % of the inter-ocular distance) for
/// the calibrated detection box alone (before), with the detector's second look at a crop, and with the second look
/// and the landmark-box refits (after: the shipped <see cref="FaceLandmarkerOptions"/> defaults).
/// </summary>
internal static class FrontEndReportCommand
{

    public static int Run(CommandOptions commandLine)
    {
        var options = DetectionCommandLine.Read(commandLine);
        var detailsPath = commandLine.Optional("details");
        commandLine.RejectUnknown();
        using var details = detailsPath is null ? null : new StreamWriter(detailsPath);
        var data = Path.Combine(options.Shared, "data");
        var videos = FrontEndData.Videos(data).Select(v => FrontEndData.Video(options.Root, v)).ToList();
        var landmarkerOptions = new FaceLandmarkerOptions
        {
            BlazeFaceDirectory = options.Models,
            Detector = new BlazeFaceDetectorOptions { IntraOpThreads = options.Threads, ScoreThreshold = options.Score },
        };
        using var landmarker = new FaceLandmarker(landmarkerOptions);
        FrontEndVariant[] variants =
        [
            new("calibrated box (before)", 0),
            new($"second look (crop x{landmarkerOptions.CropRedetectScale}), calibrated box", 0, null, landmarkerOptions.CropRedetectScale),
            new($"second look (crop x{landmarkerOptions.CropRedetectScale}) + {landmarkerOptions.RefinementPasses} landmark-box refits (after, shipped)", landmarkerOptions.RefinementPasses, null, landmarkerOptions.CropRedetectScale),
        ];

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {DetectionCommandLine.CpuName()} ({Environment.ProcessorCount} cores), .NET {Environment.Version}; BlazeFace front model at score {options.Score}; faces matched when the calibrated box overlaps dlib's HOG box with IoU > {FrontEndEvaluation.MinMatchIou}.");
        report.AppendLine(options.Command("frontend-report"));
        report.AppendLine();
        report.AppendLine(FrontEndAccuracy.Header);
        var totals = variants.Select(_ => new FrontEndAccuracy()).ToArray();
        foreach (var video in videos)
        {
            var results = FrontEndEvaluation.Run(video, landmarker, variants, details);
            for (var v = 0; v < variants.Length; v++)
            {
                totals[v].Add(results[v]);
                report.AppendLine(results[v].Row(video.Name, variants[v].Name));
            }

            Console.Error.WriteLine($"frontend-report: {video.Name}: {results[1].MatchedFaces}/{results[1].DlibFaces} faces, mean {100 * results[1].Mean:F2} %");
        }

        for (var v = 0; v < variants.Length; v++)
        {
            report.AppendLine(totals[v].Row("**all videos**", variants[v].Name));
        }

        return options.Publish(report);
    }
}
