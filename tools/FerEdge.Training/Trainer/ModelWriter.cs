using System.Security.Cryptography;
using System.Text.Json;
using FerEdge.Core.Emotions;
using FerEdge.Training.Export;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>
/// Writes trained emotion models as a model folder: per emotion <c>{label}.int8.onnx</c> (the shipped INT8 QDQ
/// model), <c>{label}.onnx</c> (FP32) and <c>{label}.grad.onnx</c> (gradient model), plus <c>manifest.json</c> with the
/// canonical reference shape, each classifier's landmark subset, window, threshold, files and cross-validated
/// metrics. Static; not safe to call concurrently on one folder.
/// </summary>
public static class ModelWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Writes every model and the manifest into <paramref name="folder"/> (created if needed); returns the manifest path.</summary>
    public static string Write(string folder, IReadOnlyList<EmotionModel> models, LandmarkDataset calibration, string source,
        WeightQuantization weights = WeightQuantization.PerChannel)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(calibration);
        Directory.CreateDirectory(folder);
        var classifiers = new List<Dictionary<string, object>>();
        foreach (var m in models)
        {
            var label = m.Emotion.ToLabel();
            var features = m.Features(calibration);
            OnnxExporter.Write(Path.Combine(folder, label + ".onnx"), OnnxExporter.ScoreModel(m.Network));
            OnnxExporter.Write(Path.Combine(folder, label + ".int8.onnx"), OnnxExporter.QuantizedScoreModel(m.Network, features, weights));
            OnnxExporter.Write(Path.Combine(folder, label + ".grad.onnx"), OnnxExporter.GradientModel(m.Network));
            classifiers.Add(new Dictionary<string, object>
            {
                ["emotion"] = label,
                ["landmarks"] = m.Layout.Indices.ToArray(),
                ["frames"] = m.Layout.Frames,
                ["threshold"] = m.Threshold,
                ["model"] = label + ".int8.onnx",
                ["int8_weights"] = weights == WeightQuantization.PerTensor ? "per_tensor" : "per_channel",
                ["model_fp32"] = label + ".onnx",
                ["gradient_model"] = label + ".grad.onnx",
                ["network"] = Describe(m.Options),
                ["cv"] = new Dictionary<string, double>
                {
                    ["auc"] = m.CrossValidated.Auc,
                    ["balanced_accuracy"] = m.CrossValidated.BalancedAccuracy,
                    ["f1"] = m.CrossValidated.F1,
                    ["balanced_accuracy_all_landmarks"] = m.CrossValidatedAllLandmarks.BalancedAccuracy,
                },
                ["facs_iou"] = m.FacsIoU,
                ["ig_ranking"] = m.Ranking.LandmarksByImportance.ToArray(),
            });
        }

        var manifest = new Dictionary<string, object>
        {
            ["schema"] = 1,
            ["source"] = source,
            ["labels"] = EmotionLabels.All.ToArray().Select(e => e.ToLabel()).ToArray(),
            ["reference_shape"] = calibration.Reference.ToArray(),
            ["classifiers"] = classifiers,
        };
        var path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, JsonOptions));
        return path;
    }

    /// <summary>Exports the FP32, INT8 QDQ and gradient ONNX files of every shipped model (no manifest).</summary>
    public static void Write(string folder, IReadOnlyList<EmotionReport> reports, LandmarkDataset calibration, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(calibration);
        _ = source;
        Directory.CreateDirectory(folder);
        foreach (var r in reports)
        {
            var m = r.Model;
            var label = m.Emotion.ToLabel();
            OnnxExporter.Write(Path.Combine(folder, label + ".onnx"), OnnxExporter.ScoreModel(m.Network));
            OnnxExporter.Write(Path.Combine(folder, label + ".int8.onnx"),
                OnnxExporter.QuantizedScoreModel(m.Network, m.Features(calibration), WeightQuantization.PerChannel));
            OnnxExporter.Write(Path.Combine(folder, label + ".grad.onnx"), OnnxExporter.GradientModel(m.Network));
        }
    }

    /// <summary>
    /// Writes <c>manifest.json</c> (schema 2) for files written by <see cref="Write(string, IReadOnlyList{EmotionReport}, LandmarkDataset, string)"/>:
    /// the reference face, the union of landmark subsets, and per emotion the files with sha256, input layout,
    /// landmark subset, threshold, neutral baseline (the reference aligned onto itself), network and metrics.
    /// </summary>
    public static string WriteManifest(string folder, IReadOnlyList<EmotionReport> reports, LandmarkDataset calibration, string source)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(calibration);
        var union = new SortedSet<int>();
        var classifiers = new List<Dictionary<string, object>>();
        foreach (var r in reports)
        {
            var m = r.Model;
            var label = m.Emotion.ToLabel();
            union.UnionWith(m.Layout.Indices.ToArray());
            union.UnionWith(m.Alignment);
            classifiers.Add(new Dictionary<string, object>
            {
                ["emotion"] = label,
                ["family"] = r.Family,
                ["landmarks"] = m.Layout.Indices.ToArray(),
                ["frames"] = m.Layout.Frames,
                ["input"] = new Dictionary<string, object>
                {
                    ["name"] = OnnxExporter.InputName,
                    ["length"] = m.Layout.Length,
                    ["layout"] = "x,y of each landmark in 'landmarks' order, aligned to reference_shape by a least-squares similarity fit on 'alignment_landmarks'",
                },
                ["alignment_landmarks"] = m.Alignment,
                ["threshold"] = m.Threshold,
                ["baseline"] = Array.ConvertAll(m.Baseline(calibration), v => (float)v),
                ["files"] = new Dictionary<string, object>
                {
                    ["int8"] = FileEntry(folder, label + ".int8.onnx"),
                    ["fp32"] = FileEntry(folder, label + ".onnx"),
                    ["gradient"] = FileEntry(folder, label + ".grad.onnx"),
                },
                ["network"] = r.Family == Baseline.Mlp ? new Dictionary<string, object> { ["mlp_hidden"] = Baseline.Options.HiddenUnits, ["epochs"] = Baseline.Options.Epochs } : Describe(m.Options),
                ["metrics"] = new Dictionary<string, object>
                {
                    ["ckplus_cv"] = Metrics(m.CrossValidated),
                    ["ckplus_cv_all_landmarks_balanced_accuracy"] = m.CrossValidatedAllLandmarks.BalancedAccuracy,
                    ["mlp_cv_all_landmarks"] = Metrics(r.MlpAll),
                    ["mlp_cv_pruned"] = Metrics(r.MlpPruned),
                    ["faces_in_the_wild"] = Metrics(r.Wild),
                    ["onnx_fp32_balanced_accuracy"] = r.Fp32BalancedAccuracy,
                    ["onnx_int8_balanced_accuracy"] = r.Int8BalancedAccuracy,
                    ["onnx_fp32_max_score_difference"] = r.Fp32MaxDifference,
                    ["facs_iou"] = m.FacsIoU,
                    ["facs_iou_positive_evidence"] = m.FacsIoUEvidence,
                    ["facs_iou_all_landmarks"] = m.FacsIoUAllLandmarks,
                },
                ["ig_ranking"] = m.Ranking.LandmarksByImportance.ToArray(),
            });
        }

        var manifest = new Dictionary<string, object>
        {
            ["schema"] = 2,
            ["source"] = source,
            ["labels"] = EmotionLabels.All.ToArray().Select(e => e.ToLabel()).ToArray(),
            ["reference_shape"] = calibration.Reference.ToArray(),
            ["union_landmarks"] = union.ToArray(),
            ["classifiers"] = classifiers,
        };
        var path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, JsonOptions) + "\n");
        return path;
    }

    /// <summary>Lower-case hex sha256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static Dictionary<string, object> FileEntry(string folder, string name) => new()
    {
        ["path"] = name,
        ["sha256"] = Sha256(Path.Combine(folder, name)),
    };

    // NaN (an emotion absent from a data set) is not valid JSON: written as null.
    private static Dictionary<string, object?> Metrics(Evaluation.BinaryEvaluation e) => new()
    {
        ["auc"] = Finite(e.Auc),
        ["balanced_accuracy"] = Finite(e.BalancedAccuracy),
        ["f1"] = Finite(e.F1),
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static Dictionary<string, object> Describe(RandomizedNetworkOptions o) => new()
    {
        ["layers"] = o.Layers,
        ["units"] = o.Units,
        ["lambda"] = o.Lambda,
        ["activation"] = o.Activation.ToString().ToLowerInvariant(),
        ["readout"] = o.Readout == ReadoutSource.AllLayers ? "all_layers" : "last_layer",
        ["direct_link"] = o.DirectLink,
        ["seed"] = o.Seed,
    };
}
