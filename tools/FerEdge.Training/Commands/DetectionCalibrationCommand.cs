using System.Diagnostics;
using System.Globalization;
using System.Text;
using FerEdge.Core.Detection;
using FerEdge.Core.Geometry;
using FerEdge.Training.FrontEnd;
using FerEdge.Vision.Detection;
using MathNet.Numerics.LinearAlgebra;
using OpenCvSharp;

namespace FerEdge.Training.Commands;

/// <summary>
/// <c>fer-train detect-calibrate</c>: pairs BlazeFace (front model) detections with dlib HOG boxes on identical gray
/// frames, fits <see cref="DlibBoxCalibration"/> by least squares on one part (faces-in-the-wild even indices and
/// single_face.mp4) and reports the error on the rest (faces-in-the-wild odd indices, face_noface.mov,
/// short_hamilton_clip.mp4). Prints the coefficients as C# arrays.
/// </summary>
internal static class DetectionCalibrationCommand
{
    private const string ShapeModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    private sealed record Item(string Png, bool Fit);

    private sealed record Pair(FaceDetection Face, BoxF Hog, bool Fit);

    public static int Run(CommandOptions commandLine)
    {
        var options = DetectionCommandLine.Read(commandLine);
        commandLine.RejectUnknown();
        var data = Path.Combine(options.Shared, "data");
        var work = Path.Combine(options.Root, "artifacts", "detection", "calibration");
        Directory.CreateDirectory(work);
        var items = WriteGrayFrames(data, work);
        var hog = RunOracle(options.Root, work, items);
        var pairs = PairUp(items, hog, options.ModelPath(BlazeFaceModel.Front128));
        var fit = pairs.Where(p => p.Fit).ToList();
        var test = pairs.Where(p => !p.Fit).ToList();
        Console.Error.WriteLine($"detect-calibrate: {fit.Count} fitting pairs, {test.Count} test pairs");

        var coefficients = new float[3][];
        var intercept = new float[3][];
        for (var t = 0; t < 3; t++)
        {
            coefficients[t] = Solve(fit, t, DlibBoxCalibration.FeatureCount);
            intercept[t] = Solve(fit, t, 1);
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Calibration measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {fit.Count} fitting pairs (faces-in-the-wild even indices, single_face.mp4), {test.Count} held-out pairs (faces-in-the-wild odd indices, face_noface.mov, short_hamilton_clip.mp4).");
        report.AppendLine("Command: `dotnet run --project tools/FerEdge.Training -c Release -- detect-calibrate` (from the repository root).");
        report.AppendLine();
        report.AppendLine("| mapping (held-out pairs) | mean IoU | median IoU | IoU >= 0.7 | centre error / HOG side (mean) | side error / HOG side (mean) |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        report.AppendLine(Evaluate("BlazeFace box as is", test, p => p.Face.Box));
        report.AppendLine(Evaluate("constant offset and scale", test, p => DlibBoxCalibration.Apply(p.Face, intercept[0], intercept[1], intercept[2])));
        report.AppendLine(Evaluate("linear in keypoints (this fit)", test, p => DlibBoxCalibration.Apply(p.Face, coefficients[0], coefficients[1], coefficients[2])));
        report.AppendLine(Evaluate("linear centre, constant side", test, p => DlibBoxCalibration.Apply(p.Face, coefficients[0], coefficients[1], intercept[2])));
        report.AppendLine(Evaluate("linear in keypoints (shipped constants)", test, p => DlibBoxCalibration.Apply(p.Face)));
        report.AppendLine();
        report.AppendLine("```csharp");
        string[] names = ["CenterXCoefficients", "CenterYCoefficients", "SideCoefficients"];
        for (var t = 0; t < 3; t++)
        {
            var values = string.Join(", ", coefficients[t].Select(c => c.ToString("0.######", CultureInfo.InvariantCulture) + "f"));
            report.AppendLine(CultureInfo.InvariantCulture, $"private static readonly float[] {names[t]} = [{values}];");
        }

        report.AppendLine("```");
        return options.Publish(report);
    }

    private static List<Item> WriteGrayFrames(string data, string work)
    {
        var items = new List<Item>();
        var wild = DetectionDatasets.Labelled(data, "faces-in-the-wild");
        using var gray = new Mat();
        for (var i = 0; i < wild.Length; i++)
        {
            var png = Path.Combine(work, "wild", Path.GetFileNameWithoutExtension(wild[i]) + ".png");
            if (!File.Exists(png))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(png)!);
                using var image = Cv2.ImRead(wild[i], ImreadModes.Grayscale);
                Cv2.ImWrite(png, image);
            }

            items.Add(new Item(png, i % 2 == 0));
        }

        foreach (var (video, fit) in new[] { ("single_face.mp4", true), ("face_noface.mov", false), ("short_hamilton_clip.mp4", false) })
        {
            var folder = Path.Combine(work, Path.GetFileNameWithoutExtension(video));
            Directory.CreateDirectory(folder);
            var index = 0;
            DetectionDatasets.Video(Path.Combine(data, "videos", video), frame =>
            {
                var png = Path.Combine(folder, index.ToString("D5", CultureInfo.InvariantCulture) + ".png");
                if (!File.Exists(png))
                {
                    Cv2.CvtColor(frame, gray, ColorConversionCodes.BGR2GRAY);
                    Cv2.ImWrite(png, gray);
                }

                items.Add(new Item(png, fit));
                index++;
            });
        }

        return items;
    }

    private static Dictionary<string, List<BoxF>> RunOracle(string root, string work, List<Item> items)
    {
        var oracle = Path.Combine(root, "tools", "oracles", "build", "dlib_landmarks");
        if (!File.Exists(oracle))
        {
            throw new FileNotFoundException($"dlib oracle '{oracle}' not found; run tools/setup.sh.", oracle);
        }

        var list = Path.Combine(work, "list.txt");
        var output = Path.Combine(work, "hog.txt");
        var listText = string.Join('\n', items.Select(i => i.Png)) + "\n";
        if (!File.Exists(output) || !File.Exists(list) || File.ReadAllText(list) != listText)
        {
            File.WriteAllText(list, listText);
            Console.Error.WriteLine($"detect-calibrate: running dlib's HOG detector on {items.Count} frames");
            var info = new ProcessStartInfo(oracle) { RedirectStandardOutput = true };
            info.ArgumentList.Add("detect");
            info.ArgumentList.Add(ShapeModel);
            info.ArgumentList.Add(list);
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {oracle}");
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{oracle} exited with {process.ExitCode}");
            }

            File.WriteAllText(output, text);
        }

        var boxes = new Dictionary<string, List<BoxF>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(output))
        {
            var f = line.Split(' ', 6);
            int I(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
            var rect = new DlibRect(I(1), I(2), I(3), I(4));
            if (!boxes.TryGetValue(f[0], out var list2))
            {
                boxes[f[0]] = list2 = [];
            }

            list2.Add(new BoxF(rect.Left, rect.Top, rect.Width, rect.Height));
        }

        return boxes;
    }

    private static List<Pair> PairUp(List<Item> items, Dictionary<string, List<BoxF>> hog, string modelPath)
    {
        using var detector = new BlazeFaceDetector(modelPath, BlazeFaceModel.Front128);
        var faces = new List<FaceDetection>();
        var pairs = new List<Pair>();
        foreach (var item in items)
        {
            if (!hog.TryGetValue(item.Png, out var boxes))
            {
                continue;
            }

            using var image = Cv2.ImRead(item.Png, ImreadModes.Grayscale);
            detector.Detect(image.AsSpan<byte>(), image.Width, image.Height, (int)image.Step(), PixelLayout.Gray8, faces);
            foreach (var box in boxes)
            {
                var best = -1;
                var bestIou = 0.3f;
                for (var i = 0; i < faces.Count; i++)
                {
                    var iou = faces[i].Box.IntersectionOverUnion(box);
                    if (iou > bestIou)
                    {
                        (best, bestIou) = (i, iou);
                    }
                }

                if (best >= 0)
                {
                    pairs.Add(new Pair(faces[best], box, item.Fit));
                }
            }
        }

        return pairs;
    }

    /// <summary>Least-squares coefficients of target <paramref name="target"/> on the first <paramref name="used"/> features.</summary>
    private static float[] Solve(List<Pair> pairs, int target, int used)
    {
        var x = Matrix<double>.Build.Dense(pairs.Count, used);
        var y = Vector<double>.Build.Dense(pairs.Count);
        Span<float> f = stackalloc float[DlibBoxCalibration.FeatureCount];
        for (var i = 0; i < pairs.Count; i++)
        {
            var p = pairs[i];
            DlibBoxCalibration.Features(p.Face, f);
            for (var j = 0; j < used; j++)
            {
                x[i, j] = f[j];
            }

            var s = (p.Face.Box.Width + p.Face.Box.Height) / 2.0;
            y[i] = target switch
            {
                0 => (p.Hog.CenterX - p.Face.Box.CenterX) / s,
                1 => (p.Hog.CenterY - p.Face.Box.CenterY) / s,
                _ => ((p.Hog.Width + p.Hog.Height) / 2.0) / s,
            };
        }

        var solution = x.QR().Solve(y);
        var result = new float[DlibBoxCalibration.FeatureCount];
        for (var j = 0; j < used; j++)
        {
            result[j] = (float)solution[j];
        }

        return result;
    }

    private static string Evaluate(string name, List<Pair> pairs, Func<Pair, BoxF> map)
    {
        var ious = new List<double>();
        double centre = 0, side = 0;
        foreach (var p in pairs)
        {
            var box = map(p);
            ious.Add(box.IntersectionOverUnion(p.Hog));
            var hogSide = (p.Hog.Width + p.Hog.Height) / 2.0;
            centre += Math.Sqrt(Math.Pow(box.CenterX - p.Hog.CenterX, 2) + Math.Pow(box.CenterY - p.Hog.CenterY, 2)) / hogSide;
            side += Math.Abs(((box.Width + box.Height) / 2.0) - hogSide) / hogSide;
        }

        ious.Sort();
        var n = Math.Max(1, pairs.Count);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {ious.DefaultIfEmpty().Average():F3} | {(ious.Count > 0 ? ious[ious.Count / 2] : 0):F3} | {100.0 * ious.Count(v => v >= 0.7) / n:F1} % | {100 * centre / n:F1} % | {100 * side / n:F1} % |");
    }
}
