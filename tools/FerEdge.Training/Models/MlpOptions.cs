namespace FerEdge.Training.Models;

/// <summary>Hyperparameters of the <see cref="MlpBaseline"/>.</summary>
/// <param name="HiddenUnits">Units of each hidden layer (one or two layers).</param>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="BatchSize">Mini-batch size.</param>
/// <param name="LearningRate">Adam step size.</param>
/// <param name="WeightDecay">L2 penalty on the weights (not biases), added to the gradient.</param>
/// <param name="Seed">Seed of initial weights and of the batch order.</param>
public sealed record MlpOptions(
    int[] HiddenUnits,
    int Epochs = 60,
    int BatchSize = 32,
    double LearningRate = 3e-3,
    double WeightDecay = 1e-4,
    int Seed = 1)
{
    /// <summary>Defaults: one hidden layer of 64 tanh units.</summary>
    public static MlpOptions Default { get; } = new([64]);

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(HiddenUnits, nameof(HiddenUnits));
        if (HiddenUnits.Length is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(HiddenUnits), HiddenUnits.Length, "the baseline has one or two hidden layers");
        }

        foreach (var u in HiddenUnits)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(u, 1, nameof(HiddenUnits));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "learning rate must be positive");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WeightDecay, nameof(WeightDecay));
    }
}
