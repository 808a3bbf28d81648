namespace FerEdge.Training.Models;

/// <summary>Hyperparameters of a <see cref="RandomizedNetwork"/>.</summary>
/// <param name="Layers">Number of hidden layers with fixed random weights (at least 1).</param>
/// <param name="Units">Units per hidden layer.</param>
/// <param name="Lambda">Ridge penalty on the output weights, relative to the sample count
/// (the solve is <c>(HᵀH / n + λ I) β = Hᵀ y / n</c> on centred H and y).</param>
/// <param name="Activation">Hidden nonlinearity.</param>
/// <param name="Readout">Whether the output reads every hidden layer or only the last.</param>
/// <param name="Seed">Seed of the random hidden weights; equal seeds give equal networks.</param>
/// <param name="Gain">Standard deviation of each hidden unit's pre-activation for unit-variance inputs.</param>
/// <param name="DirectLink">Whether the output also reads the standardised input linearly (RVFL direct link).</param>
/// <param name="BalanceClasses">Whether the ridge fit weighs each class by half the samples over its count, so a rare
/// emotion counts as much as the rest together (weighted least squares; the mean weight stays 1).</param>
public sealed record RandomizedNetworkOptions(
    int Layers = 2,
    int Units = 128,
    double Lambda = 0.1,
    HiddenActivation Activation = HiddenActivation.Tanh,
    ReadoutSource Readout = ReadoutSource.AllLayers,
    int Seed = 1,
    double Gain = 1.0,
    bool DirectLink = true,
    bool BalanceClasses = false)
{
    /// <summary>Regression target for positives (negatives get its negation): a logit, so sigmoid(±2) ≈ 0.88 / 0.12.</summary>
    public const double TargetLogit = 2.0;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Layers, 1, nameof(Layers));
        ArgumentOutOfRangeException.ThrowIfLessThan(Units, 1, nameof(Units));
        if (!(Lambda > 0) || !double.IsFinite(Lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "ridge lambda must be a positive finite number");
        }

        if (!(Gain > 0) || !double.IsFinite(Gain))
        {
            throw new ArgumentOutOfRangeException(nameof(Gain), Gain, "gain must be a positive finite number");
        }
    }
}
