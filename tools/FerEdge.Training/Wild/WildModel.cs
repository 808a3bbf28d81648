using FerEdge.Core.Evaluation;
using FerEdge.Training.Models;

namespace FerEdge.Training.Wild;

/// <summary>One pruning candidate: the top <paramref name="Kept"/> landmarks of the shared ranking.</summary>
/// <param name="Kept">Landmarks the classifiers read.</param>
/// <param name="Tracked">Landmarks tracked at run time (with the alignment set).</param>
/// <param name="MeanAuc">Mean out-of-fold AUC over the emotions (training pool, linear readout).</param>
public sealed record PruningStep(int Kept, int Tracked, double MeanAuc);

/// <summary>The classifiers of one feature variant with everything measured about them.</summary>
public sealed class WildModel
{
    /// <summary>True: landmark positions and appearance; false: positions only (the paper's model).</summary>
    public required bool WithAppearance { get; init; }

    /// <summary>The landmarks every classifier reads, ascending.</summary>
    public required int[] Landmarks { get; init; }

    /// <summary>The landmarks the runtime must track: <see cref="Landmarks"/> plus the alignment set, ascending.</summary>
    public required int[] Tracked { get; init; }

    /// <summary>The landmarks by shared importance, most important first (all 68).</summary>
    public required int[] Ranking { get; init; }

    /// <summary>Per classified emotion and landmark, the normalised importance on the full model (7 x 68).</summary>
    public required double[][] Importance { get; init; }

    /// <summary>The pruning curve.</summary>
    public required IReadOnlyList<PruningStep> Pruning { get; init; }

    /// <summary>Ridge penalty of each emotion's readout (chosen per emotion by out-of-fold AUC).</summary>
    public required double[] Penalties { get; init; }

    /// <summary>The calibrated networks (score = probability), in classified order.</summary>
    public required FeedForwardNetwork[] Networks { get; init; }

    /// <summary>Platt parameters folded into each network.</summary>
    public required (double A, double B)[] Platt { get; init; }

    /// <summary>Decision thresholds on the probabilities (balanced accuracy on out-of-fold training scores).</summary>
    public required double[] Thresholds { get; init; }

    /// <summary>The integrated-gradients baseline of every classifier: the mean neutral training face's features.</summary>
    public required double[] Baseline { get; init; }

    /// <summary>Rows of training features for INT8 calibration.</summary>
    public required FeatureSet Calibration { get; init; }

    /// <summary>CK+48 out of fold (subject-grouped).</summary>
    public required DatasetResult CkPlus { get; init; }

    /// <summary>CK+48 out-of-fold mean balanced accuracy with thresholds chosen on the other CK+ folds (nested).</summary>
    public required double CkPlusFoldThresholdBalancedAccuracy { get; init; }

    /// <summary>The whole training pool out of fold.</summary>
    public required DatasetResult Pool { get; init; }

    /// <summary>faces-in-the-wild people never trained on.</summary>
    public required DatasetResult Wild { get; init; }

    /// <summary>FER+ valid.</summary>
    public required DatasetResult FerValid { get; init; }

    /// <summary>Values per classifier input.</summary>
    public int InputLength => Networks[0].InputLength;

    /// <summary>Mean AUC on the held-out faces-in-the-wild people.</summary>
    public double WildMeanAuc => Wild.MeanAuc;

    /// <summary>Training time of the variant.</summary>
    public TimeSpan Elapsed { get; init; }
}
