namespace FerEdge.Training.Wild;

/// <summary>Settings of the in-the-wild trainer (<c>fer-train train</c>).</summary>
public sealed record WildOptions
{
    /// <summary>Cross-validation folds, grouped by subject, person or image.</summary>
    public int Folds { get; init; } = 10;

    /// <summary>Seed of the folds and of the random layer.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Units of the random tanh layer beside the direct inputs (0: a linear readout).</summary>
    public int Units { get; init; } = 128;

    /// <summary>At most this many landmarks tracked at run time (the classifiers' landmarks plus the alignment set).</summary>
    public int MaximumTracked { get; init; } = 44;

    /// <summary>Weight of a CK+48 image against one in-the-wild image.</summary>
    public double CkWeight { get; init; } = 3;

    /// <summary>Pruning keeps the smallest union whose mean out-of-fold AUC is within this of the best.</summary>
    public double Tolerance { get; init; } = 0.002;

    /// <summary>Ridge penalties tried, chosen by mean out-of-fold AUC.</summary>
    public IReadOnlyList<double> Penalties { get; init; } = [30, 100, 300, 1000, 3000, 10000, 30000, 100000];
}
