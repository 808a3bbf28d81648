using FerEdge.Core.Emotions;

namespace FerEdge.Core.Evaluation;

/// <summary>Per-emotion one-vs-rest metrics of one data set at the shipped thresholds.</summary>
/// <param name="Emotion">The classified emotion.</param>
/// <param name="Positives">Images labelled with it (with a face).</param>
/// <param name="Auc">ROC AUC (NaN without positives).</param>
/// <param name="BalancedAccuracy">Balanced accuracy at the threshold.</param>
/// <param name="F1">F1 at the threshold.</param>
public sealed record EmotionResult(Emotion Emotion, int Positives, double Auc, double BalancedAccuracy, double F1);
