using FerEdge.Capture;
using FerEdge.Core.Frames;
using FerEdge.Core.Geometry;
using FerEdge.Core.Landmarks;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Vision.Perception;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge landmarks --source S --csv PATH [--boxes CSV] [--detector front|back]</c>: face detection and the full
/// 68-point fit on every frame (no tracking), or fits from given boxes. One CSV row per fitted face, largest face first
/// (<c>face</c> is its 0-based rank in the frame); frames with no face have no row.
/// </summary>
public static class LandmarksCommand
{
    private static readonly string[] Valued = ["source", "csv", "boxes", "detector"];

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("landmarks", args, Valued, []);
        var sourceSpec = a.Require("source");
        var csvPath = a.Require("csv");
        var defaults = new FaceLandmarkerOptions();
        var detector = defaults.DetectorModel;
        if (a.Get("detector") is { } name && !ConfigurationKeys.TryDetectorModel(name, out detector))
        {
            throw new CommandLineException($"landmarks: option --detector must be front or back, got '{name}'");
        }

        var boxes = a.Get("boxes") is { } boxesPath ? BoxesFile.Read(boxesPath) : null;

        var options = defaults with
        {
            BlazeFaceDirectory = AppPaths.Under(defaults.BlazeFaceDirectory),
            DetectorModel = detector,
        };
        using var landmarker = new FaceLandmarker(options);
        using var source = FrameSources.Open(sourceSpec);
        using var csv = new LandmarksCsvWriter(csvPath);
        var frame = new VideoFrame();
        var shape = new float[Face68.ShapeLength];
        long frames = 0, faces = 0, empty = 0;
        while (source.TryRead(frame))
        {
            frames++;
            var before = faces;
            if (boxes is not null)
            {
                if (boxes.TryGetValue(frame.Index, out var list))
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        Fit(landmarker, frame, list[i], i, shape, csv);
                        faces++;
                    }
                }
            }
            else
            {
                var n = landmarker.Detect(frame.Color!);
                for (var i = 0; i < n; i++)
                {
                    // Second look at a crop and box refits; the row's box is the one of the final fit.
                    var box = landmarker.FitDetection(frame.Gray!, landmarker.Faces[i], shape);
                    csv.Write(frame.Index, i, box, shape);
                    faces++;
                }
            }

            if (faces == before)
            {
                empty++;
            }
        }

        csv.Complete();
        Console.Error.WriteLine($"landmarks: {frames} frames, {faces} faces, {empty} frames without a face -> {csvPath}");
        return 0;
    }

    private static void Fit(FaceLandmarker landmarker, VideoFrame frame, DlibRect box, int face, float[] shape, LandmarksCsvWriter csv)
    {
        landmarker.Fit(frame.Gray!, box, shape);
        csv.Write(frame.Index, face, box, shape);
    }
}
