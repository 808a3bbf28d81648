using System.Globalization;
using System.Text;
using FerEdge.Core.Landmarks;
using FerEdge.Training.FrontEnd;
using FerEdge.Vision.Detection;
using FerEdge.Vision.Perception;
using MathNet.Numerics.LinearAlgebra;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train frontend-calibrate</c>: fits <see cref="LandmarkBoxRefinement"/> (landmarks to dlib's HOG box) by
/// ridge regression on faces-in-the-wild, then measures the landmark error of each refinement choice (second look at
/// a crop, number of refits) on the shared videos, which the fit never sees: even frames to choose, odd frames to
/// check the choice. Prints the table and the coefficients as C# arrays.
/// </summary>
internal static class FrontEndCalibrationCommand
{

    // Ridge penalty on the sum of squared residuals; the features are O(1), so this barely biases the fit while
    // taming the near-collinear point coordinates (their centroid is zero by construction).
    private const double Ridge = 1.0;

    public static int Run(CommandOptions commandLine)
    {
        var options = DetectionCommandLine.Read(commandLine);
        commandLine.RejectUnknown();
        var data = Path.Combine(options.Shared, "data");
        var wild = FrontEndData.Wild(options.Root, data);
        var videos = FrontEndData.Videos(data).Select(v => FrontEndData.Video(options.Root, v)).ToList();
        using var landmarker = new FaceLandmarker(new FaceLandmarkerOptions
        {
            BlazeFaceDirectory = options.Models,
            Detector = new BlazeFaceDetectorOptions { IntraOpThreads = options.Threads, ScoreThreshold = options.Score },
        });

        // Fixed-point fit: dlib's own shapes in dlib's own boxes, so a shape that already matches dlib's maps to the
        // HOG box it came from. One-step fit: FerEdge's first shape (calibrated box) mapped to the HOG box.
        var dlibPairs = wild.Images.SelectMany(i => i.Dlib.Select(f => (f.Shape, f.BoxF))).ToList();
        var firstPairs = FirstPassPairs(wild, landmarker);
        Console.Error.WriteLine($"frontend-calibrate: {dlibPairs.Count} dlib pairs, {firstPairs.Count} first-fit pairs from faces-in-the-wild");
        var fixedPoint = Solve(dlibPairs);
        var oneStep = Solve(firstPairs);

        FrontEndVariant[] variants =
        [
            new("calibrated box only", 0),
            new("fixed-point map, 1 refit", 1, fixedPoint),
            new("fixed-point map, 2 refits", 2, fixedPoint),
            new("one-step map, 1 refit", 1, oneStep),
            new("crop x1.5 second look", 0, null, 1.5f),
            new("crop x2 second look", 0, null, 2f),
            new("crop x2.5 second look", 0, null, 2.5f),
            new("crop x3 second look", 0, null, 3f),
            new("crop x2, fixed-point map, 1 refit", 1, fixedPoint, 2f),
            new("crop x2, fixed-point map, 2 refits", 2, fixedPoint, 2f),
            new("crop x2, one-step map, 1 refit", 1, oneStep, 2f),
            new("crop x2.5, fixed-point map, 1 refit", 1, fixedPoint, 2.5f),
            new("crop x2.5, fixed-point map, 2 refits", 2, fixedPoint, 2.5f),
        ];

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Refinement fitted {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on faces-in-the-wild ({dlibPairs.Count} dlib faces, {firstPairs.Count} matched first fits); measured on the shared videos.");
        report.AppendLine("Command: `dotnet run --project tools/FerEdge.Training -c Release -- frontend-calibrate` (from the repository root).");
        report.AppendLine();
        report.AppendLine(FrontEndAccuracy.Header);
        // Settings are chosen on the even frames of the videos; the odd frames show whether the choice holds.
        var even = variants.Select(_ => new FrontEndAccuracy()).ToArray();
        var odd = variants.Select(_ => new FrontEndAccuracy()).ToArray();
        foreach (var video in videos)
        {
            for (var parity = 0; parity < 2; parity++)
            {
                var half = new FrontEndSet(video.Name, video.Images.Where((_, i) => i % 2 == parity).ToList());
                var results = FrontEndEvaluation.Run(half, landmarker, variants);
                for (var v = 0; v < variants.Length; v++)
                {
                    (parity == 0 ? even : odd)[v].Add(results[v]);
                    if (results[v].DlibFaces > 0)
                    {
                        report.AppendLine(results[v].Row($"{video.Name} ({(parity == 0 ? "even" : "odd")} frames)", variants[v].Name));
                    }
                }
            }
        }

        for (var v = 0; v < variants.Length; v++)
        {
            report.AppendLine(even[v].Row("**all videos, even frames (selection)**", variants[v].Name));
        }

        for (var v = 0; v < variants.Length; v++)
        {
            report.AppendLine(odd[v].Row("**all videos, odd frames (check)**", variants[v].Name));
        }

        report.AppendLine();
        AppendCoefficients(report, "fixed-point", fixedPoint);
        AppendCoefficients(report, "one-step", oneStep);
        return options.Publish(report);
    }

    private static List<(float[] Shape, Core.Geometry.BoxF Hog)> FirstPassPairs(FrontEndSet wild, FaceLandmarker landmarker)
    {
        var pairs = new List<(float[], Core.Geometry.BoxF)>();
        var first = new FrontEndVariant("first", 0);
        foreach (var image in wild.Images)
        {
            if (image.Dlib.Count == 0)
            {
                continue;
            }

            var gray = FrontEndData.LoadGray(image.Png);
            var n = landmarker.Detect(gray);
            foreach (var dlib in image.Dlib)
            {
                for (var i = 0; i < n; i++)
                {
                    if (Core.Detection.DlibBoxCalibration.Apply(landmarker.Faces[i]).IntersectionOverUnion(dlib.BoxF) > FrontEndEvaluation.MinMatchIou)
                    {
                        var shape = new float[Face68.ShapeLength];
                        FrontEndEvaluation.Fit(landmarker, gray, landmarker.Faces[i], first, shape);
                        pairs.Add((shape, dlib.BoxF));
                        break;
                    }
                }
            }
        }

        return pairs;
    }

    /// <summary>Ridge coefficients for the three targets (centre x, centre y, side, in landmark-frame units).</summary>
    private static float[][] Solve(List<(float[] Shape, Core.Geometry.BoxF Hog)> pairs)
    {
        var count = LandmarkBoxRefinement.FeatureCount;
        var x = Matrix<double>.Build.Dense(pairs.Count, count);
        var y = Matrix<double>.Build.Dense(pairs.Count, 3);
        var f = new float[count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var (cx, cy, r) = LandmarkBoxRefinement.Features(pairs[i].Shape, f);
            for (var j = 0; j < count; j++)
            {
                x[i, j] = f[j];
            }

            var hog = pairs[i].Hog;
            y[i, 0] = (hog.CenterX - cx) / r;
            y[i, 1] = (hog.CenterY - cy) / r;
            y[i, 2] = ((hog.Width + hog.Height) / 2.0) / r;
        }

        var gram = x.TransposeThisAndMultiply(x) + (Matrix<double>.Build.DenseIdentity(count) * Ridge);
        var solution = gram.Cholesky().Solve(x.TransposeThisAndMultiply(y));
        var result = new float[3][];
        for (var t = 0; t < 3; t++)
        {
            result[t] = new float[count];
            for (var j = 0; j < count; j++)
            {
                result[t][j] = (float)solution[j, t];
            }
        }

        return result;
    }

    private static void AppendCoefficients(StringBuilder report, string name, float[][] c)
    {
        report.AppendLine(CultureInfo.InvariantCulture, $"{name} map coefficients:");
        report.AppendLine("```csharp");
        string[] names = ["CenterXCoefficients", "CenterYCoefficients", "SideCoefficients"];
        for (var t = 0; t < 3; t++)
        {
            var values = string.Join(", ", c[t].Select(v => v.ToString("0.######", CultureInfo.InvariantCulture) + "f"));
            report.AppendLine(CultureInfo.InvariantCulture, $"private static ReadOnlySpan<float> {names[t]} => [{values}];");
        }

        report.AppendLine("```");
    }
}
