using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Pipeline;

/// <summary>Settings of the per-emotion training run.</summary>
/// <param name="Folds">Subject-grouped folds for every cross-validation.</param>
/// <param name="Seed">Seed of the fold assignment (network seeds come from the candidates).</param>
/// <param name="RemovePerStep">Landmarks dropped per pruning step.</param>
/// <param name="MinimumKept">Fewest landmarks a pruning step may keep.</param>
/// <param name="IgSteps">Integrated-Gradients intervals (at least 32).</param>
/// <param name="Tolerance">Pruning keeps the smallest subset within this much balanced accuracy of the best.</param>
/// <param name="MaximumUnion">Most landmarks the union of all emotions' subsets may hold (the runtime tracks the union).</param>
/// <param name="Candidates">Network options compared by CV on all landmarks; null = read out all layers vs the last.</param>
public sealed record TrainerOptions(
    int Folds = 10,
    int Seed = 1,
    int RemovePerStep = 4,
    int MinimumKept = 8,
    int IgSteps = 32,
    double Tolerance = ProgressivePruning.DefaultTolerance,
    int MaximumUnion = 34,
    IReadOnlyList<RandomizedNetworkOptions>? Candidates = null)
{
    /// <summary>The candidates to compare, defaulting to the two readouts of the default network.</summary>
    public IReadOnlyList<RandomizedNetworkOptions> EffectiveCandidates =>
        Candidates ?? [new RandomizedNetworkOptions(), new RandomizedNetworkOptions(Readout: ReadoutSource.LastLayer)];
}
