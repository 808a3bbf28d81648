namespace FerEdge.Training.Evaluation;

/// <summary>One point of a pruning curve: the landmarks kept (68-layout indices, most important first) and the accuracy reached.</summary>
public sealed record PruningStep(int[] Kept, double Accuracy);
