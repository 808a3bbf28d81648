using System.Globalization;
using System.Text;
using FerEdge.Core.Evaluation;
using FerEdge.Core.Emotions;
using FerEdge.Training.Report;
using ScottPlot;

namespace FerEdge.Training.Wild;

/// <summary>Writes <c>REPORT.md</c> and its plots for a <c>fer-train train</c> run.</summary>
public static class WildReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the report of <paramref name="chosen"/> beside the measured variants.</summary>
    public static void Write(string folder, WildRun run, WildModel chosen, IReadOnlyList<WildModel?> variants, WildExport.OnnxResult onnx, TimeSpan elapsed, string command)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(onnx);
        // The report is written with invariant number formats whatever the machine's culture.
        CultureInfo.CurrentCulture = Inv;
        var plots = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plots);
        foreach (var old in Directory.GetFiles(plots, "*.png"))
        {
            File.Delete(old);
        }

        var sb = new StringBuilder();
        var classified = EmotionLabels.Classified;
        sb.AppendLine("# Model report").AppendLine();
        sb.AppendLine(($"Written by `{command.Trim()}` (`dotnet tools/FerEdge.Training/bin/Release/net10.0/fer-train.dll`) on {DateTime.UtcNow:yyyy-MM-dd} "
            + $"({Environment.ProcessorCount} cores, {Cpu()}, {Environment.OSVersion}); {elapsed.TotalMinutes:F1} min with the feature cache "
            + "(about 3 more minutes to build it on a fresh checkout). Seeds fixed: the same data give the same files on the same machine.")).AppendLine();

        sb.AppendLine("## What ships").AppendLine();
        sb.AppendLine(($"Seven binary classifiers (anger, contempt, disgust, fear, happy, sadness, surprise), each a random vector functional-link network: "
            + $"{run.Options.Units} random tanh units beside the direct inputs, a ridge readout (penalty per emotion by out-of-fold AUC: {string.Join(", ", chosen.Penalties)}) trained on every labelled image, "
            + $"Platt scaling folded into the output so the score is a calibrated probability; INT8 QDQ ONNX for scoring, an FP32 gradient model for explanations."));
        sb.AppendLine(($"Inputs: **{(chosen.WithAppearance ? "landmark positions plus appearance at each landmark" : "landmark positions only")}** on "
            + $"{chosen.Landmarks.Length} landmarks ({chosen.Tracked.Length} tracked with the alignment set), {chosen.InputLength} values per face."));
        if (chosen.WithAppearance)
        {
            sb.AppendLine(($"Appearance: the face is brought by a similarity fit on the rigid landmarks (nose, eye corners) to a canonical face with the eye centres "
                + $"{run.Appearance.InterocularPixels} px apart; around each landmark a {run.Appearance.PatchSize} px patch gives a HOG of {run.Appearance.Cells}x{run.Appearance.Cells} cells "
                + $"of {run.Appearance.Bins} orientation bins ({run.Appearance.DescriptorLength} values, L2-Hys). Every value belongs to one landmark, so Integrated Gradients still "
                + "rank landmarks and a pruned landmark takes its patch with it."));
        }

        sb.AppendLine("The decided label is the largest of the seven probabilities and neutral = max(0, 1 - their sum); the confidence shown to a caregiver is that "
            + "label's share. Thresholds (balanced accuracy on out-of-fold training scores) are used only for the per-emotion balanced accuracy and F1 below.").AppendLine();
        sb.AppendLine("Kept landmarks: " + string.Join(", ", chosen.Landmarks) + "; tracked: " + string.Join(", ", chosen.Tracked) + ".").AppendLine();

        sb.AppendLine("## Data").AppendLine();
        sb.AppendLine("| data set | images | no usable face | fitted in the crop box | use |");
        sb.AppendLine("|---|---|---|---|---|");
        var uses = new[] { "all trained on; subject-grouped CV", "people split by a stable hash of the name: training half trained on, the other half held out", "train trained on (votes as soft targets), valid held out" };
        for (var t = 0; t < run.Pool.Tables.Count; t++)
        {
            var table = run.Pool.Tables[t];
            sb.AppendLine(($"| {table.Name} | {table.Count} | {table.NoFace} | {table.CropBoxed} | {uses[t]} |"));
        }

        sb.AppendLine().AppendLine($"Training rows: {run.Pool.RowsOf(PoolRole.Train).Length} (CK+48 weighted {run.Options.CkWeight}); {run.Options.Folds} folds grouped by "
            + "CK+ subject, faces-in-the-wild person and FER+ image. A crop of 48x48 is enlarged to 192x192; where the detector finds no face in it, it is fitted "
            + "in the fixed crop box (a tight crop is a face by construction). An image without a usable face counts as wrong in the decided-label accuracy.").AppendLine();

        sb.AppendLine("## Targets (data never trained on; shipped INT8 files in ONNX Runtime)").AppendLine();
        sb.AppendLine("| target | required | measured | met |");
        sb.AppendLine("|---|---|---|---|");
        Target(sb, "FER+ valid decided-label accuracy (no face = wrong)", 0.72, onnx.FerValid.Accuracy);
        Target(sb, "faces-in-the-wild held-out AUC anger", 0.85, onnx.Wild.Auc(Emotion.Anger));
        Target(sb, "faces-in-the-wild held-out AUC sadness", 0.85, onnx.Wild.Auc(Emotion.Sadness));
        Target(sb, "faces-in-the-wild held-out AUC surprise", 0.85, onnx.Wild.Auc(Emotion.Surprise));
        Target(sb, "faces-in-the-wild held-out AUC happy", 0.95, onnx.Wild.Auc(Emotion.Happy));
        Target(sb, "CK+48 CV mean balanced accuracy (shipped thresholds)", 0.94, chosen.CkPlus.MeanBalancedAccuracy);
        Target(sb, "CK+48 CV mean balanced accuracy (thresholds chosen on the other CK+ folds)", 0.94, chosen.CkPlusFoldThresholdBalancedAccuracy);
        sb.AppendLine().AppendLine("CK+48 CV is out of fold over the whole pool (each CK+ subject's images scored by the readout trained "
            + $"without that subject{(run.Pool.Mirrored.Any(m => m) ? " or the mirror images of its faces" : string.Empty)}). At the shipped thresholds, chosen for the whole in-the-wild pool (CK+48 is 3 % of it), posed lab faces get thresholds that suit "
            + "real faces; with thresholds chosen on the other CK+ folds (nested, nothing chosen on the images it is scored on) the figure is what a "
            + "posed-face deployment would see. The ridge penalty, pruning and thresholds were chosen on out-of-fold training scores; the held-out sets were "
            + "never used to choose anything.").AppendLine();

        sb.AppendLine("## Variants (held out; the variant with the better faces-in-the-wild mean AUC ships)").AppendLine();
        sb.AppendLine("| variant | landmarks (tracked) | inputs | FER+ valid accuracy | faces-in-the-wild mean AUC | CK+48 CV mean BA | FER+ ECE | wild ECE | train time |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var v in variants)
        {
            if (v is null)
            {
                continue;
            }

            sb.AppendLine(($"| {(v.WithAppearance ? "positions + appearance" : "landmarks only (the paper's)")}{(ReferenceEquals(v, chosen) ? " (shipped)" : string.Empty)} | "
                + $"{v.Landmarks.Length} ({v.Tracked.Length}) | {v.InputLength} | {v.FerValid.Accuracy:F4} | {v.WildMeanAuc:F4} | {v.CkPlus.MeanBalancedAccuracy:F4} | "
                + $"{v.FerValid.ExpectedCalibrationError:F3} | {v.Wild.ExpectedCalibrationError:F3} | {v.Elapsed.TotalSeconds:F0} s |"));
        }

        sb.AppendLine().AppendLine($"Figures in this table come from the trainer's own double-precision readout; the shipped INT8 files give FER+ valid accuracy "
            + $"{onnx.FerValid.Accuracy:F4} and faces-in-the-wild mean AUC {onnx.Wild.MeanAuc:F4} (largest FP32-file vs trainer score difference {onnx.Fp32Difference:E1}).").AppendLine();

        foreach (var v in variants)
        {
            if (v is null)
            {
                continue;
            }

            var name = v.WithAppearance ? "positions + appearance" : "landmarks only";
            sb.AppendLine(($"## Per data set: {name}{(ReferenceEquals(v, chosen) ? " (shipped)" : string.Empty)}")).AppendLine();
            var sets = ReferenceEquals(v, chosen) ? new[] { v.CkPlus, onnx.Wild, onnx.FerValid } : new[] { v.CkPlus, v.Wild, v.FerValid };
            foreach (var set in sets)
            {
                Dataset(sb, set);
            }
        }

        sb.AppendLine("## Calibration (shipped, held out)").AppendLine();
        sb.AppendLine("Expected calibration error of the decided label's probability, 10 equal-width bins: "
            + ($"FER+ valid {onnx.FerValid.ExpectedCalibrationError:F3}, faces-in-the-wild held-out {onnx.Wild.ExpectedCalibrationError:F3}, CK+48 out of fold {chosen.CkPlus.ExpectedCalibrationError:F3}."));
        sb.AppendLine().AppendLine("![reliability](plots/reliability.png)").AppendLine();
        sb.AppendLine("| confidence bin | FER+ images | FER+ mean confidence | FER+ accuracy | wild images | wild mean confidence | wild accuracy |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        for (var b = 0; b < 10; b++)
        {
            sb.AppendLine(($"| {b / 10.0:F1}-{(b + 1) / 10.0:F1} | {onnx.FerValid.ReliabilityCount[b]} | {Fmt(onnx.FerValid.ReliabilityConfidence[b])} | {Fmt(onnx.FerValid.ReliabilityAccuracy[b])} | "
                + $"{onnx.Wild.ReliabilityCount[b]} | {Fmt(onnx.Wild.ReliabilityConfidence[b])} | {Fmt(onnx.Wild.ReliabilityAccuracy[b])} |"));
        }

        Reliability(Path.Combine(plots, "reliability.png"), onnx);
        sb.AppendLine().AppendLine("## Pruning (shared ranking, linear readout, out-of-fold mean AUC over the training pool)").AppendLine();
        sb.AppendLine("| kept | tracked | mean AUC |");
        sb.AppendLine("|---|---|---|");
        foreach (var s in chosen.Pruning)
        {
            sb.AppendLine(($"| {s.Kept} | {s.Tracked} | {s.MeanAuc:F4} |"));
        }

        sb.AppendLine().AppendLine($"Kept: the fewest landmarks within {run.Options.Tolerance} of the best mean AUC among the candidates tracking at most {run.Options.MaximumTracked} landmarks.").AppendLine();
        sb.AppendLine("## Explanations: agreement with the Friesen-Ekman regions").AppendLine();
        sb.AppendLine("Per emotion, each landmark's share of the attribution over the emotion's training images (for the linear readout on all 68 landmarks, "
            + "Integrated Gradients from the mean face are exactly weight times standardised input); IoU of the landmarks above Otsu's threshold with the emotion's "
            + "Friesen-Ekman region (Gaya-Morey et al. 2024).").AppendLine();
        sb.AppendLine("| emotion | FACS IoU | top landmarks |");
        sb.AppendLine("|---|---|---|");
        var ious = new List<double>();
        for (var k = 0; k < classified.Length; k++)
        {
            var map = chosen.Importance[k].Select(v => (float)v).ToArray();
            var iou = FacsAgreement.IntersectionOverUnion(map, classified[k]);
            if (FacsRegions.For(classified[k]).Length > 0)
            {
                ious.Add(iou);
            }

            var top = Enumerable.Range(0, map.Length).OrderByDescending(l => map[l]).Take(6);
            sb.AppendLine(($"| {classified[k].ToLabel()} | {iou:F3} | {string.Join(", ", top)} |"));
            Plots.Attribution(Path.Combine(plots, $"attribution-{classified[k].ToLabel()}.png"), classified[k], run.Reference, map);
        }

        sb.AppendLine().AppendLine($"Mean IoU over the emotions with a region: {ious.Average():F3}. Plots: `plots/attribution-EMOTION.png`.").AppendLine();
        File.WriteAllText(Path.Combine(folder, "REPORT.md"), sb.ToString());
    }

    private static void Dataset(StringBuilder sb, DatasetResult set)
    {
        sb.AppendLine(($"### {set.Name}")).AppendLine();
        sb.AppendLine(($"{set.Images} images, {set.NoFace} without a usable face; decided-label accuracy {set.Accuracy:F4} (of faces found {set.AccuracyOfFaces:F4}); "
            + $"mean AUC {set.MeanAuc:F4}; expected calibration error {set.ExpectedCalibrationError:F3}.")).AppendLine();
        sb.AppendLine("| emotion | positives | AUC | balanced accuracy | F1 |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var e in set.Emotions)
        {
            sb.AppendLine(($"| {e.Emotion.ToLabel()} | {e.Positives} | {Fmt(e.Auc)} | {Fmt(e.BalancedAccuracy)} | {Fmt(e.F1)} |"));
        }

        sb.AppendLine().AppendLine("Decided label (rows: labelled, columns: decided):").AppendLine();
        var all = EmotionLabels.All.ToArray();
        sb.AppendLine("| labelled | " + string.Join(" | ", all.Select(e => e.ToLabel())) + " | no face |");
        sb.AppendLine("|---" + string.Concat(Enumerable.Repeat("|---", all.Length + 1)) + "|");
        for (var i = 0; i < all.Length; i++)
        {
            if (set.Confusion[i].Sum() == 0)
            {
                continue;
            }

            sb.AppendLine("| " + all[i].ToLabel() + " | " + string.Join(" | ", set.Confusion[i]) + " |");
        }

        sb.AppendLine();
    }

    private static void Target(StringBuilder sb, string what, double required, double measured)
    {
        var met = measured >= required;
        sb.AppendLine(($"| {what} | {required:F2} | {measured:F4} | {(met ? "yes" : $"**no**, short by {required - measured:F4}")} |"));
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("F3", Inv) : "n/a";

    private static void Reliability(string path, WildExport.OnnxResult onnx)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 0, 1 });
        diagonal.LegendText = "perfect calibration";
        diagonal.LinePattern = LinePattern.Dashed;
        foreach (var (name, set) in new[] { ("FER+ valid", onnx.FerValid), ("faces-in-the-wild held out", onnx.Wild) })
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var b = 0; b < 10; b++)
            {
                if (set.ReliabilityCount[b] >= 5)
                {
                    xs.Add(set.ReliabilityConfidence[b]);
                    ys.Add(set.ReliabilityAccuracy[b]);
                }
            }

            var s = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            s.LegendText = ($"{name} (ECE {set.ExpectedCalibrationError:F3})");
        }

        plot.Title("Reliability of the decided label's probability (shipped INT8)");
        plot.XLabel("mean confidence in bin");
        plot.YLabel("accuracy in bin");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend();
        plot.SavePng(path, 640, 560);
    }

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
