using System.Globalization;
using System.Text;
using System.Text.Json;
using FerEdge.Capture;
using FerEdge.Core.Emotions;
using FerEdge.Core.Frames;
using FerEdge.Core.Imaging;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Inference;
using FerEdge.Vision.Perception;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge evaluate --data DIR [--json PATH] [--models DIR] [--config FILE]</c>: the configured detection, landmarks and the shipped classifiers
/// on every image listed in DIR/labels.csv (<c>path,emotion[,subject]</c>, paths relative to DIR). Prints and writes
/// per-emotion AUC, balanced accuracy and F1 at the shipped thresholds, and the confusion matrix of the decided label.
/// Images without a face are counted (and decided as no face: they are left out of the metrics). Images whose shorter
/// side is under <see cref="SmallImageSide"/> pixels (tight dataset crops) are enlarged before detection.
/// </summary>
public static class EvaluateCommand
{
    private static readonly string[] Valued = ["data", "json", "models", "config"];
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("evaluate", args, Valued, []);
        var dir = Path.GetFullPath(a.Require("data"));
        var jsonPath = a.Get("json");
        FerEdgeSettings settings;
        try
        {
            settings = SettingsLoader.Load(a.Get("config"), new Dictionary<string, string?>());
        }
        catch (SettingsException e)
        {
            throw new CommandLineException("evaluate: " + e.Message, e);
        }

        var models = a.Get("models") ?? AppPaths.Under(settings.Models.Directory);
        var rows = ReadLabels(dir);

        // The configured front end and models, as `run` uses them.
        using var set = EmotionModelSet.Load(models, settings.Models.Quantized);
        using var landmarker = new FaceLandmarker(StageOptions.Landmarker(settings));
        var frame = new VideoFrame();
        var shape = new float[FaceLandmarker.ShapeLength];
        var scores = new float[set.Count];
        var actual = new List<Emotion>();
        var scored = new List<float[]>();
        var noFace = 0;
        var upscaled = 0;
        foreach (var (path, emotion) in rows)
        {
            using (var source = ImageFolderSource.SingleImage(path))
            {
                if (!source.TryRead(frame))
                {
                    throw new InvalidDataException($"image '{path}' could not be read");
                }
            }

            // The same front end as `run` (detection, second look, box refits), on the image enlarged first when it
            // is a small tight crop the detector and the landmark model cannot work at (CK+48 crops are 48x48).
            var gray = frame.Gray!;
            var factor = UpscaleFactor(gray.Width, gray.Height);
            if (factor > 1)
            {
                gray = ImageScaling.UpscaleBilinear(gray, factor);
                upscaled++;
            }

            if (landmarker.Detect(gray) == 0)
            {
                noFace++;
                continue;
            }

            landmarker.FitDetection(gray, landmarker.Faces[0], shape); // Detect lists the largest face first
            if (!set.Score(shape, scores))
            {
                noFace++;
                continue;
            }

            actual.Add(emotion);
            scored.Add((float[])scores.Clone());
        }

        var output = Summarise(set, rows.Count, noFace, actual, scored);
        output["upscaled"] = upscaled;
        Console.Write(Describe(output));
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(output, JsonOptions) + "\n");
        }

        return 0;
    }

    /// <summary>Images whose shorter side is under this many pixels are enlarged before detection.</summary>
    public const int SmallImageSide = 128;

    /// <summary>Shorter side, in pixels, a small image is enlarged to at least (by a whole factor, at most 16).</summary>
    public const int UpscaledSide = 192;

    /// <summary>The whole factor a <paramref name="width"/> x <paramref name="height"/> image is enlarged by (1: not at all).</summary>
    public static int UpscaleFactor(int width, int height)
    {
        var side = Math.Min(width, height);
        return side >= SmallImageSide ? 1 : Math.Clamp((UpscaledSide + side - 1) / side, 1, 16);
    }

    private static Dictionary<string, object> Summarise(EmotionModelSet set, int images, int noFace, List<Emotion> actual, List<float[]> scored)
    {
        var classified = EmotionLabels.Classified;
        var emotions = new Dictionary<string, object>();
        for (var k = 0; k < classified.Length; k++)
        {
            var positives = 0;
            foreach (var e in actual)
            {
                positives += e == classified[k] ? 1 : 0;
            }

            if (positives == 0)
            {
                continue; // absent from the data: no metric can be computed
            }

            var s = new double[scored.Count];
            var t = new bool[scored.Count];
            for (var i = 0; i < s.Length; i++)
            {
                s[i] = scored[i][k];
                t[i] = actual[i] == classified[k];
            }

            var (ba, f1) = Thresholded(s, t, set.Thresholds[k]);
            emotions[classified[k].ToLabel()] = new Dictionary<string, object> { ["auc"] = Auc(s, t), ["balanced_accuracy"] = ba, ["f1"] = f1, ["positives"] = positives };
        }

        var all = EmotionLabels.All;
        var matrix = new long[all.Length][];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = new long[all.Length];
        }

        for (var i = 0; i < actual.Count; i++)
        {
            matrix[(int)actual[i]][(int)set.Decide(scored[i])]++;
        }

        var labels = new string[all.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = all[i].ToLabel();
        }

        return new Dictionary<string, object>
        {
            ["images"] = images,
            ["no_face"] = noFace,
            ["emotions"] = emotions,
            ["confusion"] = new Dictionary<string, object> { ["labels"] = labels, ["matrix"] = matrix },
        };
    }

    private static string Describe(Dictionary<string, object> output)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"images {output["images"]}, no face {output["no_face"]}, enlarged before detection {output["upscaled"]}\n");
        sb.Append("emotion     auc     bal.acc  f1\n");
        foreach (var (label, value) in (Dictionary<string, object>)output["emotions"])
        {
            var m = (Dictionary<string, object>)value;
            sb.Append(CultureInfo.InvariantCulture, $"{label,-10} {(double)m["auc"],7:F4} {(double)m["balanced_accuracy"],7:F4} {(double)m["f1"],7:F4}\n");
        }

        var confusion = (Dictionary<string, object>)output["confusion"];
        var labels = (string[])confusion["labels"];
        var matrix = (long[][])confusion["matrix"];
        sb.Append("confusion (rows true, columns decided): ").Append(string.Join(' ', labels)).Append('\n');
        for (var i = 0; i < labels.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{labels[i],-10} ").Append(string.Join(' ', matrix[i])).Append('\n');
        }

        return sb.ToString();
    }

    private static List<(string Path, Emotion Emotion)> ReadLabels(string dir)
    {
        var file = Path.Combine(dir, "labels.csv");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"evaluate: labels file '{file}' not found (expected path,emotion[,subject] rows)", file);
        }

        var lines = File.ReadAllLines(file);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        int pathCol = Array.FindIndex(header, h => h.Trim() == "path"), emotionCol = Array.FindIndex(header, h => h.Trim() == "emotion");
        if (pathCol < 0 || emotionCol < 0)
        {
            throw new InvalidDataException($"evaluate: '{file}' needs a header naming the columns path and emotion");
        }

        var rows = new List<(string, Emotion)>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }

            var cells = lines[n].Split(',');
            if (cells.Length <= Math.Max(pathCol, emotionCol) || !EmotionLabels.TryParse(cells[emotionCol], out var emotion))
            {
                throw new InvalidDataException($"evaluate: '{file}' line {n + 1} is not path,emotion with a known emotion label");
            }

            rows.Add((Path.Combine(dir, cells[pathCol].Trim()), emotion));
        }

        return rows;
    }

    /// <summary>Rank-based AUC (ties count half); NaN when a class is absent.</summary>
    private static double Auc(double[] scores, bool[] targets)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => scores[x].CompareTo(scores[y]));
        double rankSum = 0;
        long positives = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]])
            {
                j++;
            }

            var rank = ((i + 1) + j) / 2.0; // mean 1-based rank of the tie group
            for (var k = i; k < j; k++)
            {
                if (targets[order[k]])
                {
                    rankSum += rank;
                    positives++;
                }
            }

            i = j;
        }

        var negatives = scores.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    private static (double BalancedAccuracy, double F1) Thresholded(double[] scores, bool[] targets, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var fire = scores[i] >= threshold;
            if (targets[i])
            {
                tp += fire ? 1 : 0;
                fn += fire ? 0 : 1;
            }
            else
            {
                fp += fire ? 1 : 0;
                tn += fire ? 0 : 1;
            }
        }

        var tpr = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
        var tnr = tn + fp == 0 ? double.NaN : (double)tn / (tn + fp);
        var f1 = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        return ((tpr + tnr) / 2, f1);
    }
}
