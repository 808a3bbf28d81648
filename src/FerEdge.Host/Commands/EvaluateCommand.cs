using System.Globalization;
using System.Text;
using System.Text.Json;
using FerEdge.Capture;
using FerEdge.Core.Emotions;
using FerEdge.Core.Evaluation;
using FerEdge.Core.Landmarks;
using FerEdge.Host.Cli;
using FerEdge.Host.Configuration;
using FerEdge.Pipeline;
using FerEdge.Vision.Perception;

namespace FerEdge.Host.Commands;

/// <summary>
/// <c>fer-edge evaluate --data DIR [--split NAME] [--adapt K] [--json PATH] [--models DIR] [--config FILE]</c>: the configured
/// detection and landmarks and the shipped classifiers on every image listed in DIR/labels.csv (paths relative to
/// DIR), through the still-image front end the training tool uses (<see cref="StillImageFrontEnd"/>). Prints and writes
/// per-emotion AUC, balanced accuracy and F1 at the shipped thresholds, the decided-label confusion matrix, accuracy
/// (an image without a face counts as wrong) and the expected calibration error of the decided label's probability.
/// <c>--split NAME</c> keeps the rows whose <c>split</c> column is NAME; a file without that column is split by person
/// (<see cref="PersonSplit"/>: <c>heldout</c> or <c>train</c>), as the training tool splits it.
/// <c>--adapt K</c> measures personal adaptation instead (<see cref="AdaptationEvaluation"/>).
/// </summary>
public static class EvaluateCommand
{
    private static readonly string[] Valued = ["data", "json", "models", "config", "split", "adapt"];
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var a = ParsedArguments.Parse("evaluate", args, Valued, []);
        var dir = Path.GetFullPath(a.Require("data"));
        var jsonPath = a.Get("json");
        var split = a.Get("split");
        FerEdgeOptions settings;
        try
        {
            settings = SettingsLoader.Load(a.Get("config"), new Dictionary<string, string?>());
        }
        catch (SettingsException e)
        {
            throw new CommandLineException("evaluate: " + e.Message, e);
        }

        var stagesOptions = a.Get("models") is { } models ? settings.Stages with { ModelsDirectory = models } : settings.Stages;
        IReadOnlyList<LabelledImage> rows = LabelsFile.Read(dir);
        if (split is not null)
        {
            var kept = rows.Where(r => PersonSplit.Of(r) == split).ToList();
            if (kept.Count == 0)
            {
                var known = string.Join(", ", rows.Select(PersonSplit.Of).Distinct().Order());
                throw new CommandLineException($"evaluate: no row of '{Path.Combine(dir, LabelsFile.FileName)}' is in split '{split}' (splits: {known})");
            }

            rows = kept;
        }

        var adapt = a.GetInt("adapt", 1, 100);
        if (adapt is not null && rows.All(r => string.IsNullOrEmpty(r.Subject)))
        {
            throw new CommandLineException($"evaluate: --adapt needs people: '{Path.Combine(dir, LabelsFile.FileName)}' has no subject column");
        }

        // The configured front end and models, as `run` uses them.
        using var stages = PipelineStages.Load(stagesOptions);
        var set = stages.Models!;
        var frontEnd = new StillImageFrontEnd(stages.Landmarker);
        var shape = new float[Face68.ShapeLength];
        var appearance = new float[set.AppearanceLength];
        var scores = new float[set.Count];
        var probabilities = new double[rows.Count * set.Count];
        var hasFace = new bool[rows.Count];
        var faces = adapt is null ? null : new (float[] Shape, float[] Appearance)?[rows.Count];
        var labels = new Emotion[rows.Count];
        int upscaled = 0, cropBoxed = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            labels[i] = rows[i].Emotion;
            var gray = StillImages.Load(rows[i].Path);
            var found = frontEnd.Fit(gray, shape, out var used);
            upscaled += ReferenceEquals(used, gray) ? 0 : 1;
            cropBoxed += found == StillImageFace.CropBox ? 1 : 0;
            if (found == StillImageFace.None || !set.Describe(used, shape, appearance) || !set.Score(shape, appearance, scores))
            {
                continue;
            }

            hasFace[i] = true;
            if (faces is not null)
            {
                faces[i] = ([.. shape], [.. appearance]);
            }

            set.ToProbabilities(scores);
            for (var k = 0; k < scores.Length; k++)
            {
                probabilities[(i * scores.Length) + k] = scores[k];
            }
        }

        if (adapt is { } adaptK)
        {
            var keys = rows.Select(r => Path.GetRelativePath(dir, r.Path)).ToArray();
            var report = AdaptationEvaluation.Run(set, rows, keys, faces!, adaptK);
            Console.Write(report.Describe());
            if (jsonPath is not null)
            {
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(report.ToJson(), JsonOptions) + "\n");
            }

            return 0;
        }

        var thresholds = new double[set.Count];
        for (var k = 0; k < thresholds.Length; k++)
        {
            thresholds[k] = set.Thresholds[k];
        }

        var result = DatasetResult.Measure(Path.GetFileName(dir) + (split is null ? string.Empty : $" ({split})"), probabilities, hasFace, labels, thresholds);
        Console.Write(Describe(result, upscaled, cropBoxed, set.Manifest.Calibrated));
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(ToJson(result, upscaled, cropBoxed), JsonOptions) + "\n");
        }

        return 0;
    }

    private static Dictionary<string, object?> ToJson(DatasetResult r, int upscaled, int cropBoxed)
    {
        var emotions = new Dictionary<string, object?>();
        foreach (var e in r.Emotions)
        {
            if (e.Positives == 0)
            {
                continue; // absent from the data: no metric can be computed
            }

            emotions[e.Emotion.ToLabel()] = new Dictionary<string, object?>
            {
                ["auc"] = Finite(e.Auc),
                ["balanced_accuracy"] = Finite(e.BalancedAccuracy),
                ["f1"] = Finite(e.F1),
                ["positives"] = e.Positives,
            };
        }

        var labels = EmotionLabels.All.ToArray().Select(e => e.ToLabel()).ToArray();
        return new Dictionary<string, object?>
        {
            ["images"] = r.Images,
            ["no_face"] = r.NoFace,
            ["upscaled"] = upscaled,
            ["crop_box"] = cropBoxed,
            ["accuracy"] = Finite(r.Accuracy),
            ["accuracy_of_faces_found"] = Finite(r.AccuracyOfFaces),
            ["expected_calibration_error"] = Finite(r.ExpectedCalibrationError),
            ["emotions"] = emotions,
            ["confusion"] = new Dictionary<string, object> { ["labels"] = labels, ["columns"] = labels.Append("no_face").ToArray(), ["matrix"] = r.Confusion },
        };
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Describe(DatasetResult r, int upscaled, int cropBoxed, bool calibrated)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{r.Name}: images {r.Images}, no face {r.NoFace}, enlarged before detection {upscaled}, fitted in the crop box {cropBoxed}\n");
        sb.Append(inv, $"decided-label accuracy {r.Accuracy:F4} (no face counted wrong; of faces found {r.AccuracyOfFaces:F4})");
        sb.Append(calibrated ? FormattableString.Invariant($", expected calibration error {r.ExpectedCalibrationError:F4}\n") : "\n");
        sb.Append("emotion     auc     bal.acc  f1      positives\n");
        foreach (var e in r.Emotions.Where(e => e.Positives > 0))
        {
            sb.Append(inv, $"{e.Emotion.ToLabel(),-10} {e.Auc,7:F4} {e.BalancedAccuracy,7:F4} {e.F1,7:F4} {e.Positives,6}\n");
        }

        var labels = EmotionLabels.All.ToArray().Select(e => e.ToLabel()).ToArray();
        sb.Append("confusion (rows labelled, columns decided): ").Append(string.Join(' ', labels)).Append(" no_face\n");
        for (var i = 0; i < labels.Length; i++)
        {
            if (r.Confusion[i].Sum() > 0)
            {
                sb.Append(inv, $"{labels[i],-10} ").Append(string.Join(' ', r.Confusion[i])).Append('\n');
            }
        }

        return sb.ToString();
    }
}
