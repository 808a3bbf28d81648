using System.Text.Json;
using FerEdge.Core.Evaluation;
using FerEdge.Core.Emotions;
using FerEdge.Inference;
using FerEdge.Training.Export;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Wild;

/// <summary>
/// Writes the chosen variant's classifiers into the model folder: per emotion the FP32, INT8 QDQ and gradient ONNX
/// files, checked in ONNX Runtime on the held-out data (the INT8 scores are what the runtime decides on, so the held-out
/// figures of the report are measured on them), <c>manifest.json</c> (schema 3) and <c>REPORT.md</c> with its plots.
/// </summary>
public static class WildExport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Exports, checks and reports.</summary>
    public static void Write(string folder, WildRun run, WildModel chosen, IReadOnlyList<WildModel?> variants, TimeSpan elapsed, string command, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(log);
        Directory.CreateDirectory(folder);
        var classified = EmotionLabels.Classified;
        for (var k = 0; k < classified.Length; k++)
        {
            var label = classified[k].ToLabel();
            var network = chosen.Networks[k];
            OnnxExporter.Write(Path.Combine(folder, label + ".onnx"), OnnxExporter.ScoreModel(network));
            OnnxExporter.Write(Path.Combine(folder, label + ".int8.onnx"), OnnxExporter.QuantizedScoreModel(network, chosen.Calibration));
            OnnxExporter.Write(Path.Combine(folder, label + ".grad.onnx"), OnnxExporter.GradientModel(network));
        }

        var check = Check(folder, run, chosen);
        log($"ONNX Runtime: FP32 vs trainer max score difference {check.Fp32Difference:E1}; INT8 FER+ valid decided-label accuracy {check.FerValid.Accuracy:F4}, "
            + $"held-out faces-in-the-wild mean AUC {check.Wild.MeanAuc:F4}");
        WriteManifest(folder, run, chosen, check);
        WildReport.Write(folder, run, chosen, variants, check, elapsed, command);
    }

    /// <summary>Held-out results of the shipped INT8 files, and the largest FP32-file vs trainer difference.</summary>
    public sealed record OnnxResult(DatasetResult Wild, DatasetResult FerValid, DatasetResult FerValidFp32, double[] Fp32Differences)
    {
        /// <summary>The largest FP32-file vs trainer score difference over the emotions.</summary>
        public double Fp32Difference => Fp32Differences.Max();
    }

    private static OnnxResult Check(string folder, WildRun run, WildModel model)
    {
        var classified = EmotionLabels.Classified.ToArray();
        var columns = run.InputColumns(model.Landmarks, model.WithAppearance);
        var int8 = new EmotionClassifier[classified.Length];
        var fp32 = new EmotionClassifier[classified.Length];
        try
        {
            for (var k = 0; k < classified.Length; k++)
            {
                int8[k] = new EmotionClassifier(Path.Combine(folder, classified[k].ToLabel() + ".int8.onnx"));
                fp32[k] = new EmotionClassifier(Path.Combine(folder, classified[k].ToLabel() + ".onnx"));
            }

            var differences = new double[classified.Length];
            DatasetResult Score(string name, PoolRole role, bool useFp32)
            {
                var rows = run.Pool.RowsOf(role);
                var probabilities = new double[rows.Length * classified.Length];
                var hasFace = new bool[rows.Length];
                var x = new float[columns.Length];
                for (var i = 0; i < rows.Length; i++)
                {
                    if (!run.Pool.HasFace(rows[i]))
                    {
                        continue;
                    }

                    hasFace[i] = true;
                    var input = run.Input(rows[i], columns);
                    for (var j = 0; j < x.Length; j++)
                    {
                        x[j] = (float)input[j];
                    }

                    for (var k = 0; k < classified.Length; k++)
                    {
                        var score = useFp32 ? fp32[k].Score(x) : int8[k].Score(x);
                        probabilities[(i * classified.Length) + k] = score;
                        if (useFp32 && i % 8 == 0)
                        {
                            differences[k] = Math.Max(differences[k], Math.Abs(score - model.Networks[k].Score(input)));
                        }
                    }
                }

                return DatasetResult.Measure(name, probabilities, hasFace, rows.Select(r => run.Pool.Labels[r]).ToArray(), model.Thresholds);
            }

            var wild = Score("faces-in-the-wild (held-out people), INT8", PoolRole.WildHeldOut, useFp32: false);
            var fer = Score("FER+ valid, INT8", PoolRole.FerValid, useFp32: false);
            var ferFp32 = Score("FER+ valid, FP32", PoolRole.FerValid, useFp32: true);
            return new OnnxResult(wild, fer, ferFp32, differences);
        }
        finally
        {
            foreach (var c in int8.Concat(fp32))
            {
                c?.Dispose();
            }
        }
    }

    private static void WriteManifest(string folder, WildRun run, WildModel model, OnnxResult check)
    {
        var classified = EmotionLabels.Classified;
        var classifiers = new List<Dictionary<string, object>>();
        for (var k = 0; k < classified.Length; k++)
        {
            var label = classified[k].ToLabel();
            classifiers.Add(new Dictionary<string, object>
            {
                ["emotion"] = label,
                ["landmarks"] = model.Landmarks,
                ["alignment_landmarks"] = run.AlignmentLandmarks,
                ["frames"] = 1,
                ["input"] = new Dictionary<string, object>
                {
                    ["name"] = OnnxExporter.InputName,
                    ["length"] = model.InputLength,
                    ["layout"] = model.WithAppearance
                        ? "x,y of each landmark in 'landmarks' order aligned to reference_shape on 'alignment_landmarks', then the appearance descriptor of each landmark in the same order"
                        : "x,y of each landmark in 'landmarks' order aligned to reference_shape on 'alignment_landmarks'",
                },
                ["score"] = "calibrated probability (Platt scaling on out-of-fold scores, folded into the output layer)",
                ["threshold"] = model.Thresholds[k],
                ["baseline"] = Array.ConvertAll(model.Baseline, v => (float)v),
                ["files"] = new Dictionary<string, object>
                {
                    ["int8"] = FileEntry(folder, label + ".int8.onnx"),
                    ["fp32"] = FileEntry(folder, label + ".onnx"),
                    ["gradient"] = FileEntry(folder, label + ".grad.onnx"),
                },
                ["metrics"] = new Dictionary<string, object?>
                {
                    ["onnx_fp32_max_score_difference"] = check.Fp32Differences[k],
                    ["onnx_fp32_balanced_accuracy"] = check.FerValidFp32.Emotions[k].BalancedAccuracy,
                    ["onnx_int8_balanced_accuracy"] = check.FerValid.Emotions[k].BalancedAccuracy,
                    ["ferplus_valid_auc"] = Finite(check.FerValid.Emotions[k].Auc),
                    ["faces_in_the_wild_heldout_auc"] = Finite(check.Wild.Emotions[k].Auc),
                    ["ckplus_cv_balanced_accuracy"] = Finite(model.CkPlus.Emotions[k].BalancedAccuracy),
                },
                ["network"] = new Dictionary<string, object>
                {
                    ["random_units"] = run.Options.Units,
                    ["activation"] = "tanh",
                    ["direct_link"] = true,
                    ["ridge_penalty"] = model.Penalties[k],
                    ["platt"] = new[] { model.Platt[k].A, model.Platt[k].B },
                    ["seed"] = run.Options.Seed,
                },
            });
        }

        var manifest = new Dictionary<string, object?>
        {
            ["schema"] = 3,
            ["source"] = "ckplus48 (all) + faces-in-the-wild (training half of people) + FER+ train (crowd votes as soft targets)",
            ["labels"] = EmotionLabels.All.ToArray().Select(e => e.ToLabel()).ToArray(),
            ["reference_shape"] = run.Reference,
            ["union_landmarks"] = model.Tracked,
            ["appearance"] = model.WithAppearance
                ? new Dictionary<string, object>
                {
                    ["descriptor"] = "hog",
                    ["cell_size"] = run.Appearance.CellSize,
                    ["cells"] = run.Appearance.Cells,
                    ["bins"] = run.Appearance.Bins,
                    ["interocular_pixels"] = run.Appearance.InterocularPixels,
                    ["alignment_landmarks"] = run.AlignmentLandmarks,
                }
                : null,
            ["decision"] = "largest of the seven probabilities and neutral = max(0, 1 - their sum)",
            ["held_out"] = new Dictionary<string, object?>
            {
                ["command"] = "fer-edge evaluate --data ../shared/data/ferplus --split valid; fer-edge evaluate --data ../shared/data/faces-in-the-wild --split heldout",
                ["ferplus_valid"] = Summary(check.FerValid),
                ["faces_in_the_wild_heldout"] = Summary(check.Wild),
            },
            ["classifiers"] = classifiers,
        };
        File.WriteAllText(Path.Combine(folder, ModelManifest.FileName), JsonSerializer.Serialize(manifest, JsonOptions) + "\n");
    }

    private static Dictionary<string, object?> Summary(DatasetResult r) => new()
    {
        ["images"] = r.Images,
        ["no_face"] = r.NoFace,
        ["accuracy"] = Finite(r.Accuracy),
        ["mean_auc"] = Finite(r.MeanAuc),
        ["expected_calibration_error"] = Finite(r.ExpectedCalibrationError),
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static Dictionary<string, object> FileEntry(string folder, string name) => new()
    {
        ["path"] = name,
        ["sha256"] = ModelWriter.Sha256(Path.Combine(folder, name)),
    };
}
