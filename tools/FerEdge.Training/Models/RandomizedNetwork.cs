using MathNet.Numerics.LinearAlgebra.Double;

namespace FerEdge.Training.Models;

/// <summary>
/// Deep randomized network (Di Luzio et al. 2024): hidden layers with fixed random weights drawn from a seeded
/// generator, standardised inputs, and a linear output unit whose weights are the closed-form ridge-regression
/// solution (Cholesky on the normal equations) for ±<see cref="RandomizedNetworkOptions.TargetLogit"/> targets.
/// The score is the sigmoid of that output. Training is deterministic for a given seed and data.
/// Static and thread-safe: concurrent calls share nothing.
/// </summary>
public static class RandomizedNetwork
{
    /// <summary>Trains a one-vs-rest classifier on <paramref name="data"/> with <paramref name="targets"/>.</summary>
    public static FeedForwardNetwork Train(FeatureSet data, ReadOnlySpan<bool> targets, RandomizedNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (targets.Length != data.Count)
        {
            throw new ArgumentException($"{targets.Length} targets for {data.Count} samples", nameof(targets));
        }

        if (data.Count < 2)
        {
            throw new ArgumentException("need at least two samples to train", nameof(data));
        }

        var (mean, invStd) = Standardisation.Fit(data);
        var network = CreateUntrained(mean, invStd, options);

        // H: readout activations of every sample (n x D), column-major for MathNet.
        var n = data.Count;
        var dim = network.ReadoutLength;
        var h = new double[n * dim];
        var row = new double[dim];
        for (var i = 0; i < n; i++)
        {
            network.ReadoutFeatures(data.Row(i), row);
            for (var c = 0; c < dim; c++)
            {
                h[(c * n) + i] = row[c];
            }
        }

        // Sample weights: 1, or with balanced classes n / (2 n_class), so both classes carry half the total weight.
        var weights = SampleWeights(targets, options.BalanceClasses);

        // Centre H and y on their weighted means so the bias is not penalised: β0 = ȳ - h̄·β.
        var hMean = new double[dim];
        for (var c = 0; c < dim; c++)
        {
            var col = h.AsSpan(c * n, n);
            var m = (options.BalanceClasses
                ? System.Numerics.Tensors.TensorPrimitives.Dot<double>(col, weights)
                : System.Numerics.Tensors.TensorPrimitives.Sum<double>(col)) / n;
            hMean[c] = m;
            for (var i = 0; i < n; i++)
            {
                col[i] -= m;
            }
        }

        var y = new double[n];
        double yMean = 0;
        for (var i = 0; i < n; i++)
        {
            y[i] = targets[i] ? RandomizedNetworkOptions.TargetLogit : -RandomizedNetworkOptions.TargetLogit;
            yMean += weights[i] * y[i];
        }

        yMean /= n;
        for (var i = 0; i < n; i++)
        {
            y[i] = weights[i] * (y[i] - yMean);
        }

        // Normal equations (HᵀWH / n + λI) β = HᵀWy / n (W = I unless classes are balanced; y above already holds Wy).
        // H is column-major, so every entry is one contiguous SIMD dot product; only the upper triangle is computed
        // (the Gram matrix is symmetric).
        var weighted = options.BalanceClasses ? new double[n] : null;
        var gram = new DenseMatrix(dim, dim);
        var rhs = new DenseVector(dim);
        for (var c1 = 0; c1 < dim; c1++)
        {
            var col1 = new ReadOnlySpan<double>(h, c1 * n, n);
            if (weighted is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(col1, weights, weighted);
            }

            ReadOnlySpan<double> left = weighted is null ? col1 : weighted;
            for (var c2 = c1; c2 < dim; c2++)
            {
                var v = System.Numerics.Tensors.TensorPrimitives.Dot(left, new ReadOnlySpan<double>(h, c2 * n, n)) / n;
                gram[c1, c2] = v;
                gram[c2, c1] = v;
            }

            gram[c1, c1] += options.Lambda;
            rhs[c1] = System.Numerics.Tensors.TensorPrimitives.Dot(col1, y) / n;
        }

        var beta = gram.Cholesky().Solve(rhs);
        var outputWeights = network.MutableOutputWeights;
        for (var c = 0; c < dim; c++)
        {
            outputWeights[c] = beta[c];
        }

        network.OutputBias = yMean - FeedForwardNetwork.Dot(outputWeights, hMean);
        return network;
    }

    private static double[] SampleWeights(ReadOnlySpan<bool> targets, bool balance)
    {
        var weights = new double[targets.Length];
        var positives = 0;
        foreach (var t in targets)
        {
            positives += t ? 1 : 0;
        }

        var negatives = targets.Length - positives;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = !balance || positives == 0 || negatives == 0
                ? 1
                : targets.Length / (2.0 * (targets[i] ? positives : negatives));
        }

        return weights;
    }

    /// <summary>The network with its seeded random hidden layers and a zero output, for the given standardisation.</summary>
    public static FeedForwardNetwork CreateUntrained(double[] mean, double[] invStd, RandomizedNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var random = new Random(options.Seed);
        var weights = new double[options.Layers][];
        var biases = new double[options.Layers][];
        var fanIn = mean.Length;
        var readout = options.DirectLink ? mean.Length : 0;
        for (var l = 0; l < options.Layers; l++)
        {
            // Uniform weights with variance Gain² / fanIn keep each pre-activation near unit scale for any fan-in.
            var limit = options.Gain * Math.Sqrt(3.0 / fanIn);
            weights[l] = new double[options.Units * fanIn];
            for (var k = 0; k < weights[l].Length; k++)
            {
                weights[l][k] = ((2 * random.NextDouble()) - 1) * limit;
            }

            biases[l] = new double[options.Units];
            for (var k = 0; k < options.Units; k++)
            {
                biases[l][k] = ((2 * random.NextDouble()) - 1) * options.Gain;
            }

            if (options.Readout == ReadoutSource.AllLayers || l == options.Layers - 1)
            {
                readout += options.Units;
            }

            fanIn = options.Units;
        }

        return new FeedForwardNetwork(mean, invStd, weights, biases, options.Activation, options.Readout, new double[readout], 0,
            options.DirectLink);
    }
}
