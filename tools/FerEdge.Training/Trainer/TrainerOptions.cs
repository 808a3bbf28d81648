using FerEdge.Training.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Trainer;

/// <summary>Settings of the per-emotion training run.</summary>
/// <param name="Folds">Subject-grouped folds for every cross-validation.</param>
/// <param name="Seed">Seed of the fold assignment (network seeds come from the candidates).</param>
/// <param name="RemovePerStep">Landmarks dropped per pruning step.</param>
/// <param name="MinimumKept">Fewest landmarks a pruning step may keep.</param>
/// <param name="IgSteps">Integrated-Gradients intervals (at least 32).</param>
/// <param name="Tolerance">Pruning keeps the smallest subset within this much balanced accuracy of the best.</param>
/// <param name="MaximumUnion">Most landmarks the union of all emotions' subsets may hold (the runtime tracks the union).</param>
/// <param name="AlignOnUnion">Whether each classifier's features are aligned by a similarity fit on the whole tracked
/// union (true) or on the classifier's own subset (false, the earlier behaviour).</param>
/// <param name="InnerFolds">With more than 1: after pruning, each classifier's network options (units, ridge lambda,
/// readout) are chosen from <see cref="NestedGrid"/> by an inner subject-grouped CV with this many folds inside every
/// outer training split (nested CV), and the reported CV is that of the whole procedure; 0 keeps the options chosen
/// on all landmarks.</param>
/// <param name="FacsPrior">A labelled variant: each emotion with a Friesen-Ekman region prunes only among the union's
/// landmarks inside its region (contempt, with no region, is unrestricted).</param>
/// <param name="ThresholdFolds">With more than 1: every decision threshold (each CV fold's and the shipped one) maximises
/// balanced accuracy on out-of-fold scores of the rows it is chosen on, from a subject-grouped CV with this many folds,
/// instead of on the trained model's own scores of its training rows; 0 keeps the in-sample rule.</param>
/// <param name="BalanceClasses">Whether every randomized network's ridge fit weighs the two classes equally
/// (<see cref="RandomizedNetworkOptions.BalanceClasses"/>).</param>
/// <param name="Units">Hidden units per layer of every candidate network.</param>
/// <param name="Mirror">Whether every classifier also trains on the mirror image of each training face
/// (<see cref="LandmarkDataset.WithMirrors"/>); evaluation counts the real faces only.</param>
/// <param name="PruneEachEmotion">Whether each emotion prunes further inside the shared union (true) or reads the
/// whole union (false: the union rule on the mean over emotions is the only pruning).</param>
/// <param name="PruningSeeds">Network seeds whose mean CV balanced accuracy the pruning rules compare (the shipped
/// seed and the next ones); 1 compares the shipped seed's alone. The reported CV is always the shipped seed's.</param>
/// <param name="Candidates">Network options compared by CV on all landmarks; null = read out all layers vs the last.</param>
public sealed record TrainerOptions(
    int Folds = 10,
    int Seed = 1,
    int RemovePerStep = 4,
    int MinimumKept = 8,
    int IgSteps = 32,
    double Tolerance = ProgressivePruning.DefaultTolerance,
    int MaximumUnion = 34,
    bool AlignOnUnion = false,
    int InnerFolds = 0,
    bool FacsPrior = false,
    int ThresholdFolds = 0,
    bool BalanceClasses = false,
    int Units = 128,
    bool Mirror = false,
    bool PruneEachEmotion = true,
    int PruningSeeds = 1,
    IReadOnlyList<RandomizedNetworkOptions>? Candidates = null)
{
    /// <summary>The candidates to compare, defaulting to the two readouts of the default network.</summary>
    public IReadOnlyList<RandomizedNetworkOptions> EffectiveCandidates =>
        Candidates ?? [new RandomizedNetworkOptions(Units: Units, BalanceClasses: BalanceClasses),
            new RandomizedNetworkOptions(Units: Units, Readout: ReadoutSource.LastLayer, BalanceClasses: BalanceClasses)];

    /// <summary>
    /// The nested-CV candidates around <paramref name="basis"/> (its other settings kept; the same list for any basis
    /// that differs only in these three): 128 or 256 units, ridge lambda 0.01, 0.1 or 1, reading out all layers or the last; fixed before any
    /// result was seen, a decade either side of the default penalty and twice its width.
    /// </summary>
    public static IReadOnlyList<RandomizedNetworkOptions> NestedGrid(RandomizedNetworkOptions basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        var grid = new List<RandomizedNetworkOptions>();
        foreach (var units in (int[])[128, 256])
        {
            foreach (var lambda in (double[])[0.1, 0.01, 1.0])
            {
                foreach (var readout in (ReadoutSource[])[ReadoutSource.AllLayers, ReadoutSource.LastLayer])
                {
                    grid.Add(basis with { Units = units, Lambda = lambda, Readout = readout });
                }
            }
        }

        return grid;
    }
}
