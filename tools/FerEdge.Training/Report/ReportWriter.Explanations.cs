using System.Globalization;
using System.Text;
using FerEdge.Core.Emotions;

namespace FerEdge.Training.Report;

public static partial class ReportWriter
{
    // The held-out faces-in-the-wild figures, the explanations and their FACS agreement, the export, reproducibility.
    private static void CrossDatasetAndExplanations(StringBuilder sb, ReportInputs r)
    {
        var e = r.Emotions;
        var union = r.Trained.TrackedUnion();
        var withRegion = e.Where(x => FacsRegions.For(x.Model.Emotion).Length > 0).ToArray();
        var classifiedIou = withRegion.Select(x => (double)x.Model.FacsIoU).ToArray();
        var allLandmarksIou = withRegion.Select(x => (double)x.Model.FacsIoUAllLandmarks).ToArray();
        var evidenceIou = withRegion.Select(x => (double)x.Model.FacsIoUEvidence).ToArray();
        L(sb, "## Cross-dataset: faces-in-the-wild (held-out people)");
        L(sb, "");
        L(sb, $"{r.WildImages} images of people never trained on; {r.WildImages - (int)r.WildConfusion.Total} of them without a detected face (counted, not scored). "
            + "News photos are a different domain from posed lab expressions (head pose, lighting, subtle expressions), so the numbers are lower; "
            + "emotions with few examples (fear, contempt) give unreliable estimates.");
        L(sb, "");
        L(sb, "| emotion | positives | AUC | balanced acc. | F1 |");
        L(sb, "|---|---:|---:|---:|---:|");
        foreach (var x in e)
        {
            L(sb, $"| {x.Model.Emotion.ToLabel()} | {x.WildPositives} | {F(x.Wild.Auc)} | {F(x.Wild.BalancedAccuracy)} | {F(x.Wild.F1)} |");
        }

        L(sb, "");
        Confusion(sb, r.WildConfusion);
        L(sb, "");
        L(sb, "## Explanations: Integrated Gradients and FACS agreement");
        L(sb, "");
        L(sb, $"Integrated Gradients ({r.Trainer.IgSteps} steps, trapezoid rule) against the neutral reference face. The pruning ranking is the mean |attribution| "
            + "(x and y summed) per landmark of the all-landmark network over every positive training sample. "
            + "FACS agreement follows Gaya-Morey et al. 2024 (twelve CNNs averaged 0.2702, best 0.3269): the global explanation of the **shipped** classifier, a map over all 68 landmarks "
            + "with 0 for landmarks outside its subset, binarised with Otsu's threshold and compared by IoU with the Friesen-Ekman region. "
            + "The map is the mean |attribution| (x and y summed) over every positive training sample, the quantity the runtime's explanation summary reports its FACS agreement on. "
            + "For comparison, two other maps: the all-landmark network's ranking map (the figure reported before the explanation described the shipped classifier), and a tried alternative, "
            + "the positive evidence (per landmark the signed attribution summed over x and y, clipped at 0, averaged over the positives the classifier recognises), "
            + "which concentrates on fewer landmarks and lowers the agreement, so it is not used. Contempt has no region. "
            + "The paper's maps are dense pixel heat maps of CNNs that see the whole face; the map of a pruned landmark classifier is 0 outside its subset, so no map of it can exceed "
            + "the ceiling |subset inside the region| / |region| (the map that selects exactly those landmarks), and no classifier on the tracked union can exceed |union inside the region| / |region|. "
            + "Pruning to few landmarks therefore bounds this measure whatever the network attends to.");
        L(sb, "");
        L(sb, "| emotion | FACS IoU: shipped, \\|IG\\| | all-landmark network, \\|IG\\| | shipped, positive evidence (recognised positives) | ceiling: subset | ceiling: union | top 8 landmarks (shipped, \\|IG\\|) |");
        L(sb, "|---|---:|---:|---:|---:|---:|---|");
        foreach (var x in e)
        {
            var m = x.Model;
            var hasRegion = FacsRegions.For(m.Emotion).Length > 0;
            L(sb, $"| {m.Emotion.ToLabel()} | {Iou(hasRegion, m.FacsIoU)} | {Iou(hasRegion, m.FacsIoUAllLandmarks)} | "
                + $"{Iou(hasRegion, m.FacsIoUEvidence)} ({m.Explanation.Explained} of {m.Explanation.Positives}) | {Iou(hasRegion, Ceiling(m.Emotion, m.Layout.Indices))} | "
                + $"{Iou(hasRegion, Ceiling(m.Emotion, union))} | {string.Join(", ", Top(m.Explanation.Magnitude, 8))} |");
        }

        L(sb, $"| **mean (6 regions)** | {classifiedIou.Average():F4} | {allLandmarksIou.Average():F4} | {evidenceIou.Average():F4} | "
            + $"{withRegion.Average(x => Ceiling(x.Model.Emotion, x.Model.Layout.Indices)):F4} | {withRegion.Average(x => Ceiling(x.Model.Emotion, union)):F4} | |");
        L(sb, "");
        L(sb, "![FACS IoU](plots/facs-iou.png)");
        L(sb, "");
        foreach (var x in e)
        {
            L(sb, $"![{x.Model.Emotion.ToLabel()} attribution](plots/attribution-{x.Model.Emotion.ToLabel()}.png)");
        }

        L(sb, "");
        L(sb, "## Export: FP32 and INT8");
        L(sb, "");
        L(sb, "Per emotion `{emotion}.onnx` (FP32), `{emotion}.int8.onnx` (INT8 QDQ, per-channel weights, activations calibrated on the training set: the shipped model) and "
            + "`{emotion}.grad.onnx` (score and d score / d input, for runtime IG). The shipped threshold (column \"threshold\" above) is chosen on the INT8 model's own scores over the training rows, since INT8 is what the runtime runs; "
            + "the cross-dataset figures above use the threshold of the C# network. Balanced accuracy in ONNX Runtime at the shipped threshold over the training rows plus the held-out faces:");
        L(sb, "");
        L(sb, "| emotion | FP32 | INT8 | INT8 - FP32 (points) | max \\|ORT FP32 - C#\\| |");
        L(sb, "|---|---:|---:|---:|---:|");
        foreach (var x in e)
        {
            L(sb, $"| {x.Model.Emotion.ToLabel()} | {x.Fp32BalancedAccuracy:F4} | {x.Int8BalancedAccuracy:F4} | {P(x.Int8BalancedAccuracy - x.Fp32BalancedAccuracy)} | {x.Fp32MaxDifference:E1} |");
        }

        L(sb, "");
        L(sb, "![INT8 vs FP32](plots/int8-vs-fp32.png)");
        L(sb, "");
        L(sb, "Speed of FP32 vs INT8 in ONNX Runtime: BenchmarkDotNet, `cd tests/FerEdge.Benchmarks && dotnet run -c Release -- --filter \"*ClassifierBenchmarks*\" --inProcess`; "
            + "the measured table is kept in tests/FerEdge.Benchmarks/ClassifierBenchmarks.cs (timings are not part of this generated report, so it stays reproducible).");
        L(sb, "");
        L(sb, "## Reproducibility");
        L(sb, "");
        L(sb, "Fixed seeds everywhere (folds, random hidden weights, MLP initialisation and batches); emotions train in parallel but each is sequential inside. "
            + "A rerun reproduces the ONNX files and manifest.json bit for bit; this report differs only in the wall-time figure in its first paragraph.");
    }

    private static string Iou(bool hasRegion, float iou) => hasRegion ? iou.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The <paramref name="count"/> landmarks with the largest map values (non-zero only), largest first.</summary>
    private static int[] Top(float[] map, int count)
    {
        var order = Enumerable.Range(0, map.Length).Where(i => map[i] > 0).OrderByDescending(i => map[i]).ThenBy(i => i);
        return [.. order.Take(count)];
    }

    /// <summary>The largest FACS IoU any map that is 0 outside <paramref name="landmarks"/> can reach: |landmarks in the region| / |region|.</summary>
    private static float Ceiling(Emotion emotion, ReadOnlySpan<int> landmarks)
    {
        var region = FacsRegions.For(emotion);
        if (region.Length == 0)
        {
            return 0;
        }

        var inside = 0;
        foreach (var i in landmarks)
        {
            inside += region.Contains(i) ? 1 : 0;
        }

        return (float)inside / region.Length;
    }
}
