using System.Globalization;
using System.Text;
using FerEdge.Core.Emotions;
using FerEdge.Training.Evaluation;
using FerEdge.Training.Trainer;

namespace FerEdge.Training.Report;

public static partial class ReportWriter
{
    // "Data and landmarks" and "Classifiers": the training set, the window check, the shared pruning, the classifier
    // table, the steps to the shipped configuration, how far the CV figures can be trusted, the CK+ confusion matrix.
    private static void DataAndClassifiers(StringBuilder sb, ReportInputs r)
    {
        var e = r.Emotions;
        var ba = e.Select(x => x.Model.CrossValidated.BalancedAccuracy).ToArray();
        var labels = e.Select(x => x.Model.Emotion.ToLabel()).ToArray();
        var union = r.Trained.TrackedUnion();
        var shared = r.Trained.UnionPruning;
        L(sb, "## Data and landmarks");
        L(sb, "");
        L(sb, $"- ckplus48: {r.CkPlus.Count} images, {r.CkPlus.NoFace} without a usable face. Front end: {r.CkPlus.Method}.");
        L(sb, $"- faces-in-the-wild: {r.Wild.Count} images, {r.Wild.NoFace} without a face (not detected; counted, not used). Front end: {r.Wild.Method}.");
        L(sb, $"- Training set: the {r.Data.CkRows} CK+48 images with a face plus {r.Data.Dataset.Count - r.Data.CkRows} neutral faces of the faces-in-the-wild people in the training half "
            + "(people split by a stable hash of the name); CK+ has no neutral class, so these are the neutral negatives of every classifier. "
            + $"The other half ({r.WildImages} images, all labels) is never trained on and is the cross-dataset test set.");
        L(sb, r.Trainer.AlignOnUnion
            ? "- Features: each classifier's landmark subset, taken from one alignment of the face to the reference face (Procrustes mean of the training neutrals, inter-ocular distance 1): "
                + "a least-squares similarity fit on the whole tracked union (manifest `alignment_landmarks`), so a small subset keeps its size and tilt relative to the face."
            : "- Features: the landmark subset aligned to the reference face (Procrustes mean of the training neutrals, inter-ocular distance 1) by a least-squares similarity fit on that subset.");
        L(sb, "");
        L(sb, $"Window of frames: mean CV balanced accuracy on all 68 landmarks, default network: 1 frame {r.Window.OneFrame:F4}, {WindowCheck.Frames} frames {r.Window.Window:F4} "
            + $"(gain {P(r.Window.Window - r.Window.OneFrame)} points; kept only with a gain >= {P(WindowCheck.MinimumGain)}): **{(r.Window.Keep ? "the window helped, but the shipped models stay single-frame" : "single frames are shipped")}**. "
            + "CK+48 holds the 3 last near-apex frames of each sequence, which differ little, so a window adds little information.");
        L(sb, "");
        L(sb, "| emotion | 1 frame | 3 frames |");
        L(sb, "|---|---:|---:|");
        for (var k = 0; k < e.Count; k++)
        {
            L(sb, $"| {e[k].Model.Emotion.ToLabel()} | {r.Window.OneFramePerEmotion[k]:F4} | {r.Window.WindowPerEmotion[k]:F4} |");
        }

        L(sb, "");
        L(sb, "## Classifiers (CK+48 + training neutrals, subject-independent 10-fold CV)");
        L(sb, "");
        L(sb, "Randomized networks (fixed random hidden layers, closed-form ridge readout; readout of all layers vs the last chosen by CV AUC on all 68 landmarks for ranking and pruning) "
            + "against the gradient-trained MLP baseline (64 tanh units, Adam). Per emotion the family with the higher CV balanced accuracy on the pruned subset ships.");
        if (r.Trainer.InnerFolds > 1)
        {
            L(sb, "");
            L(sb, $"On the pruned subset each randomized network's size, ridge penalty and readout (128 or 256 units, lambda 0.01, 0.1 or 1, all layers or the last: a grid fixed in advance) are chosen by an inner "
                + $"{r.Trainer.InnerFolds}-fold subject-grouped CV inside every outer training split, so the choice never sees the outer test fold (nested CV); "
                + "the CV figures of the shipped randomized networks below are those of this whole procedure, and the shipped network uses the choice of the same inner CV on all rows.");
        }

        if (r.Trainer.FacsPrior)
        {
            L(sb, "");
            L(sb, "**Variant with a FACS prior**: inside the union, each emotion with a Friesen-Ekman region prunes only among the landmarks inside its region (domain knowledge; contempt is unrestricted).");
        }
        L(sb, "");
        L(sb, "### Landmark pruning: one union for all emotions");
        L(sb, "");
        L(sb, "The runtime tracks the union of the classifiers' landmark subsets with Lucas-Kanade on every non-key frame, so the union's size is the main per-frame cost. "
            + "Each emotion's IG ranking (below) is normalised to shares of its total |IG| and the shares are summed over the seven emotions into one shared ranking. "
            + $"Prefixes of the shared ranking are evaluated for every emotion (subject-independent CV, each emotion's own network settings); the union is the smallest prefix whose **mean** "
            + $"balanced accuracy over emotions is within {P(r.Trainer.Tolerance)} points of the best mean, and at most {r.Trainer.MaximumUnion} landmarks. "
            + "Inside the union each emotion then prunes further on its own ranking with the same rule.");
        L(sb, "");
        L(sb, $"Shared ranking: {string.Join(", ", r.Trained.SharedRanking.LandmarksByImportance.ToArray())}.");
        L(sb, "");
        L(sb, "| landmarks | mean | " + string.Join(" | ", labels) + " |");
        L(sb, "|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", labels.Length)));
        for (var s = 0; s < shared.Mean.Steps.Count; s++)
        {
            var step = shared.Mean.Steps[s];
            var mark = ReferenceEquals(step, shared.Mean.Chosen) ? " (union)" : ReferenceEquals(step, shared.Mean.Best) ? " (best)" : string.Empty;
            L(sb, $"| {step.Kept.Length}{mark} | {step.Accuracy:F4} | " + string.Join(" | ", shared.PerEmotion[s].Select(a => a.ToString("F4", CultureInfo.InvariantCulture))) + " |");
        }

        L(sb, "");
        L(sb, $"Chosen union: **{shared.Union.Length} landmarks** (mean {shared.Mean.Chosen.Accuracy:F4}; best mean {shared.Mean.Best.Accuracy:F4} with {shared.Mean.Best.Kept.Length})"
            + (shared.Capped ? $"; the tolerance rule alone would keep more than {r.Trainer.MaximumUnion}, so the union is the most accurate prefix within the cap." : "; the tolerance rule met the cap by itself.")
            + $" The classifiers use **{union.Length} landmarks** in all, which the runtime tracks: {string.Join(", ", union)}.");
        L(sb, "");
        L(sb, "### Classifiers");
        L(sb, "");
        L(sb, "| emotion | shipped | landmarks | AUC | balanced acc. | F1 | RN all 68 | RN best in union (kept) | MLP all 68 | MLP pruned | threshold |");
        L(sb, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var x in e)
        {
            var m = x.Model;
            L(sb, $"| {m.Emotion.ToLabel()} | {x.Family} | {m.Layout.LandmarkCount} | {m.CrossValidated.Auc:F4} | {m.CrossValidated.BalancedAccuracy:F4} | {m.CrossValidated.F1:F4} | "
                + $"{m.CrossValidatedAllLandmarks.BalancedAccuracy:F4} | {m.Pruning.Best.Accuracy:F4} ({m.Pruning.Best.Kept.Length}) | {x.MlpAll.BalancedAccuracy:F4} | {x.MlpPruned.BalancedAccuracy:F4} | {m.Threshold:F3} |");
        }

        L(sb, $"| **mean** | | | {e.Average(x => x.Model.CrossValidated.Auc):F4} | {ba.Average():F4} | {e.Average(x => x.Model.CrossValidated.F1):F4} | "
            + $"{e.Average(x => x.Model.CrossValidatedAllLandmarks.BalancedAccuracy):F4} | | {e.Average(x => x.MlpAll.BalancedAccuracy):F4} | {e.Average(x => x.MlpPruned.BalancedAccuracy):F4} | |");
        L(sb, "");
        var raised = e.Count(x => x.Model.CrossValidated.BalancedAccuracy > x.Model.CrossValidatedAllLandmarks.BalancedAccuracy);
        L(sb, $"The shipped subset's CV balanced accuracy is above that of all 68 landmarks for {raised} of {e.Count} emotions (\"balanced acc.\" vs \"RN all 68\"). "
            + "These CV figures are those of the chosen points of the pruning curves, so they carry an optimistic selection bias, measured below with other network seeds and with held-out thresholds; "
            + "the faces-in-the-wild figures further down are free of it.");
        L(sb, "");
        Ablation(sb, r);
        Robustness(sb, r);
        L(sb, "Variants of the training run (alignment on the union, nested choice of the network, a Friesen-Ekman prior, held-out "
            + "thresholds, class-balanced ridge, wider layers, mirror images of the training faces, mirror-averaged landmark fits, pruning on the mean over network seeds) are options of the same command; what each measured and why none ships "
            + "is in docs/model-variants.md.");
        L(sb, "");
        L(sb, "![accuracy vs landmarks kept](plots/pruning.png)");
        L(sb, "");
        L(sb, "Decided label (neutral when no classifier fires, else the highest firing score), out-of-fold, rows = true, columns = decided:");
        L(sb, "");
        Confusion(sb, r.CkConfusion);
        L(sb, "");
    }

    private static void Confusion(StringBuilder sb, ConfusionMatrix m)
    {
        var all = EmotionLabels.All.ToArray();
        L(sb, "| true \\ decided | " + string.Join(" | ", all.Select(x => x.ToLabel())) + " |");
        L(sb, "|---|" + string.Concat(Enumerable.Repeat("---:|", all.Length)));
        foreach (var a in all)
        {
            L(sb, $"| {a.ToLabel()} | " + string.Join(" | ", all.Select(d => m[a, d].ToString(CultureInfo.InvariantCulture))) + " |");
        }

        L(sb, "");
        L(sb, $"Accuracy of the decided label: {m.Accuracy:F4} over {m.Total} faces.");
    }

    /// <summary>Before/after: CV balanced accuracy of each shipped subset (same folds) under the steps to the shipped configuration.</summary>
    private static void Ablation(StringBuilder sb, ReportInputs r)
    {
        var e = r.Emotions;
        L(sb, "Steps to the shipped configuration, CV balanced accuracy of each shipped subset on the same folds: the default network (2 x 128 units, lambda 0.1, readout chosen on all 68) "
            + "with the subset aligned on itself (the earlier features), the same network with the subset aligned on the whole union, and what ships.");
        L(sb, "");
        L(sb, "| emotion | landmarks | default network, aligned on the subset | default network, aligned on the union | shipped | shipped network |");
        L(sb, "|---|---:|---:|---:|---:|---|");
        foreach (var x in e)
        {
            var m = x.Model;
            var network = x.Family == Baseline.Mlp
                ? "MLP 64 tanh"
                : $"{m.Options.Layers} x {m.Options.Units}, lambda {m.Options.Lambda.ToString("0.###", CultureInfo.InvariantCulture)}, {(m.Options.Readout == Models.ReadoutSource.AllLayers ? "all layers" : "last layer")}";
            L(sb, $"| {m.Emotion.ToLabel()} | {m.Layout.LandmarkCount} | {m.Ablation.OwnSubsetFit.BalancedAccuracy:F4} | {m.Ablation.UnionFit.BalancedAccuracy:F4} | {m.CrossValidated.BalancedAccuracy:F4} | {network} |");
        }

        L(sb, $"| **mean** | | {e.Average(x => x.Model.Ablation.OwnSubsetFit.BalancedAccuracy):F4} | {e.Average(x => x.Model.Ablation.UnionFit.BalancedAccuracy):F4} | {e.Average(x => x.Model.CrossValidated.BalancedAccuracy):F4} | |");
        L(sb, "");
    }
}
