namespace FerEdge.Training.Models;

/// <summary>
/// Baseline classifier: a multilayer perceptron (one or two tanh hidden layers, sigmoid output) trained end to end by
/// mini-batch Adam on class-balanced binary cross-entropy, with a fixed seed for initialisation and batch order.
/// It yields the same <see cref="FeedForwardNetwork"/> form as the randomized network, so scoring, gradients,
/// Integrated Gradients and ONNX export are shared. Static and thread-safe.
/// </summary>
public static class MlpBaseline
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    /// <summary>Trains a one-vs-rest classifier on <paramref name="data"/> with <paramref name="targets"/>.</summary>
    public static FeedForwardNetwork Train(FeatureSet data, ReadOnlySpan<bool> targets, MlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (targets.Length != data.Count)
        {
            throw new ArgumentException($"{targets.Length} targets for {data.Count} samples", nameof(targets));
        }

        var (mean, invStd) = Standardisation.Fit(data);
        var random = new Random(options.Seed);
        var layers = options.HiddenUnits.Length;
        var weights = new double[layers][];
        var biases = new double[layers][];
        var fanIn = data.Dimension;
        for (var l = 0; l < layers; l++)
        {
            var units = options.HiddenUnits[l];
            var limit = Math.Sqrt(6.0 / (fanIn + units)); // Glorot uniform suits tanh
            weights[l] = new double[units * fanIn];
            for (var k = 0; k < weights[l].Length; k++)
            {
                weights[l][k] = ((2 * random.NextDouble()) - 1) * limit;
            }

            biases[l] = new double[units];
            fanIn = units;
        }

        var network = new FeedForwardNetwork(mean, invStd, weights, biases, HiddenActivation.Tanh, ReadoutSource.LastLayer,
            new double[fanIn], 0);

        // Parameter groups: W_l, b_l for each layer, then β and β0; gradients and Adam moments mirror them.
        var parameters = new List<double[]>();
        for (var l = 0; l < layers; l++)
        {
            parameters.Add(network.MutableWeights(l));
            parameters.Add(network.MutableBiases(l));
        }

        parameters.Add(network.MutableOutputWeights);
        var outputBias = new double[1];
        parameters.Add(outputBias);
        var grads = parameters.ConvertAll(p => new double[p.Length]);
        var m1 = parameters.ConvertAll(p => new double[p.Length]);
        var m2 = parameters.ConvertAll(p => new double[p.Length]);

        var positives = 0;
        foreach (var t in targets)
        {
            positives += t ? 1 : 0;
        }

        // Class-balanced weights so a rare emotion is not ignored (balanced accuracy is the measure).
        var n = data.Count;
        var positiveWeight = positives > 0 ? n / (2.0 * positives) : 1;
        var negativeWeight = positives < n ? n / (2.0 * (n - positives)) : 1;

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var step = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += options.BatchSize)
            {
                var end = Math.Min(n, start + options.BatchSize);
                foreach (var g in grads)
                {
                    Array.Clear(g);
                }

                for (var k = start; k < end; k++)
                {
                    var i = order[k];
                    network.OutputBias = outputBias[0];
                    var s = FeedForwardNetwork.Sigmoid(network.Logit(data.Row(i)));
                    var w = targets[i] ? positiveWeight : negativeWeight;
                    var dLogit = w * (s - (targets[i] ? 1 : 0)) / (end - start);
                    network.Backward(dLogit, []);
                    Accumulate(network, dLogit, grads);
                }

                step++;
                AdamStep(parameters, grads, m1, m2, step, options, layers);
            }
        }

        network.OutputBias = outputBias[0];
        return network;
    }

    private static void Accumulate(FeedForwardNetwork network, double dLogit, List<double[]> grads)
    {
        var layers = network.LayerCount;
        for (var l = 0; l < layers; l++)
        {
            var input = l == 0 ? network.StandardisedInput : network.Activations(l - 1);
            var delta = network.Deltas(l);
            var gw = grads[2 * l];
            var gb = grads[(2 * l) + 1];
            var fanIn = input.Length;
            for (var j = 0; j < delta.Length; j++)
            {
                var dj = delta[j];
                gb[j] += dj;
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(input, dj, gw.AsSpan(j * fanIn, fanIn), gw.AsSpan(j * fanIn, fanIn));
            }
        }

        var last = network.Activations(layers - 1);
        var gBeta = grads[2 * layers];
        for (var j = 0; j < last.Length; j++)
        {
            gBeta[j] += dLogit * last[j];
        }

        grads[(2 * layers) + 1][0] += dLogit;
    }

    private static void AdamStep(List<double[]> parameters, List<double[]> grads, List<double[]> m1, List<double[]> m2,
        int step, MlpOptions options, int layers)
    {
        var c1 = 1 - Math.Pow(Beta1, step);
        var c2 = 1 - Math.Pow(Beta2, step);
        for (var p = 0; p < parameters.Count; p++)
        {
            var isWeight = p == 2 * layers || (p < 2 * layers && p % 2 == 0);
            var theta = parameters[p];
            var g = grads[p];
            var m = m1[p];
            var v = m2[p];
            for (var k = 0; k < theta.Length; k++)
            {
                var gk = g[k] + (isWeight ? options.WeightDecay * theta[k] : 0);
                m[k] = (Beta1 * m[k]) + ((1 - Beta1) * gk);
                v[k] = (Beta2 * v[k]) + ((1 - Beta2) * gk * gk);
                theta[k] -= options.LearningRate * (m[k] / c1) / (Math.Sqrt(v[k] / c2) + Epsilon);
            }
        }
    }
}
