using FerEdge.Training.Evaluation;

namespace FerEdge.Training.Trainer;

/// <summary>
/// Subject-independent CV of one emotion's shipped landmark subset under the steps that led to the shipped
/// configuration, for the report's before/after table (same folds, same subset).
/// </summary>
/// <param name="OwnSubsetFit">Default network, features aligned by a fit on the subset itself (the earlier features).</param>
/// <param name="UnionFit">Default network, features aligned by a fit on the whole tracked union.</param>
public readonly record struct AlignmentAblation(BinaryEvaluation OwnSubsetFit, BinaryEvaluation UnionFit);
