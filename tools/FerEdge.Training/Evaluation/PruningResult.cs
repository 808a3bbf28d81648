namespace FerEdge.Training.Evaluation;

/// <summary>A whole pruning curve, its best point and the chosen (smallest near-best) subset.</summary>
public sealed record PruningResult(IReadOnlyList<PruningStep> Steps, PruningStep Best, PruningStep Chosen);
