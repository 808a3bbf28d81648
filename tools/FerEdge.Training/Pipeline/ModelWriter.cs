using System.Text.Json;
using FerEdge.Core.Emotions;
using FerEdge.Training.Export;
using FerEdge.Training.Models;

namespace FerEdge.Training.Pipeline;

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
            var features = calibration.Features(m.Layout);
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
