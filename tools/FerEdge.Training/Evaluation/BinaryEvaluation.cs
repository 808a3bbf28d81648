namespace FerEdge.Training.Evaluation;

/// <summary>Pooled out-of-fold metrics of one binary classifier (each in [0, 1]; NaN when a class is absent).</summary>
public readonly record struct BinaryEvaluation(double Auc, double BalancedAccuracy, double F1);
