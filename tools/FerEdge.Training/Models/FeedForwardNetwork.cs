namespace FerEdge.Training.Models;

/// <summary>
/// The inference form shared by the randomized network and the MLP baseline, and the thing exported to ONNX:
/// <c>z0 = (x - mean) * invStd; a_l = act(W_l a_(l-1) + b_l); logit = [β_in · z0] + Σ_(l in readout) β_l · a_l + β0;
/// score = sigmoid(logit)</c>, where the optional direct link <c>β_in · z0</c> (as in random vector functional-link
/// networks) lets the output see the inputs linearly. <see cref="OutputWeights"/> holds β_in first (when present),
/// then β_l in layer order. Weights are row-major <c>[units, inputs]</c>. Parameter arrays are owned by the
/// network; training code may write them through the internal accessors. Score calls use per-instance scratch
/// buffers: an instance is not thread-safe (use one per thread).
/// </summary>
public sealed class FeedForwardNetwork : IScoreModel
{
    private readonly double[] _mean;
    private readonly double[] _invStd;
    private readonly double[][] _weights;
    private readonly double[][] _biases;
    private readonly double[] _outputWeights; // concatenation of β_l over the readout layers
    private readonly double[][] _activations; // scratch a_l
    private readonly double[][] _deltas;      // scratch d score / d pre-activation of layer l
    private readonly double[] _standardised;  // scratch z0

    /// <summary>Creates a network; arrays are taken over, not copied.</summary>
    public FeedForwardNetwork(double[] mean, double[] invStd, double[][] weights, double[][] biases,
        HiddenActivation activation, ReadoutSource readout, double[] outputWeights, double outputBias, bool directLink = false)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(invStd);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(outputWeights);
        if (mean.Length == 0 || invStd.Length != mean.Length)
        {
            throw new ArgumentException("mean and invStd must be non-empty and of equal length");
        }

        if (weights.Length == 0 || biases.Length != weights.Length)
        {
            throw new ArgumentException("need at least one hidden layer and one bias vector per layer");
        }

        var fanIn = mean.Length;
        var readoutLength = directLink ? mean.Length : 0;
        for (var l = 0; l < weights.Length; l++)
        {
            var units = biases[l].Length;
            if (units == 0 || weights[l].Length != units * fanIn)
            {
                throw new ArgumentException($"layer {l}: weights must be [{units} x {fanIn}], got {weights[l].Length} values");
            }

            if (readout == ReadoutSource.AllLayers || l == weights.Length - 1)
            {
                readoutLength += units;
            }

            fanIn = units;
        }

        if (outputWeights.Length != readoutLength)
        {
            throw new ArgumentException($"output weights must have {readoutLength} values, got {outputWeights.Length}");
        }

        _mean = mean;
        _invStd = invStd;
        _weights = weights;
        _biases = biases;
        _outputWeights = outputWeights;
        OutputBias = outputBias;
        Activation = activation;
        Readout = readout;
        DirectLink = directLink;
        _standardised = new double[mean.Length];
        _activations = new double[weights.Length][];
        _deltas = new double[weights.Length][];
        for (var l = 0; l < weights.Length; l++)
        {
            _activations[l] = new double[biases[l].Length];
            _deltas[l] = new double[biases[l].Length];
        }
    }

    public int InputLength => _mean.Length;

    public int LayerCount => _weights.Length;

    public HiddenActivation Activation { get; }

    public ReadoutSource Readout { get; }

    /// <summary>Whether the standardised input feeds the output directly (its weights lead <see cref="OutputWeights"/>).</summary>
    public bool DirectLink { get; }

    public double OutputBias { get; internal set; }

    public ReadOnlySpan<double> Mean => _mean;

    public ReadOnlySpan<double> InverseStd => _invStd;

    public ReadOnlySpan<double> OutputWeights => _outputWeights;

    /// <summary>Number of units of hidden layer <paramref name="layer"/>.</summary>
    public int Units(int layer) => _biases[layer].Length;

    /// <summary>Fan-in of hidden layer <paramref name="layer"/>.</summary>
    public int FanIn(int layer) => layer == 0 ? _mean.Length : _biases[layer - 1].Length;

    /// <summary>Row-major <c>[units, fanIn]</c> weights of hidden layer <paramref name="layer"/>.</summary>
    public ReadOnlySpan<double> Weights(int layer) => _weights[layer];

    public ReadOnlySpan<double> Biases(int layer) => _biases[layer];

    /// <summary>Whether layer <paramref name="layer"/> feeds the output unit.</summary>
    public bool IsReadoutLayer(int layer) => Readout == ReadoutSource.AllLayers || layer == _weights.Length - 1;

    /// <summary>Offset of layer <paramref name="layer"/>'s block within <see cref="OutputWeights"/> (only for readout layers).</summary>
    public int ReadoutOffset(int layer)
    {
        var offset = DirectLink ? InputLength : 0;
        for (var l = 0; l < layer; l++)
        {
            if (IsReadoutLayer(l))
            {
                offset += Units(l);
            }
        }

        return offset;
    }

    /// <summary>Length of the readout feature vector (the concatenated readout activations).</summary>
    public int ReadoutLength => _outputWeights.Length;

    internal double[] MutableWeights(int layer) => _weights[layer];

    internal double[] MutableBiases(int layer) => _biases[layer];

    internal double[] MutableOutputWeights => _outputWeights;

    internal ReadOnlySpan<double> Activations(int layer) => _activations[layer];

    internal ReadOnlySpan<double> StandardisedInput => _standardised;

    public double Score(ReadOnlySpan<double> x) => Sigmoid(Logit(x));

    /// <summary>The output before the final sigmoid.</summary>
    public double Logit(ReadOnlySpan<double> x)
    {
        Forward(x);
        var logit = OutputBias;
        var offset = 0;
        if (DirectLink)
        {
            logit += Dot(_outputWeights.AsSpan(0, InputLength), _standardised);
            offset = InputLength;
        }

        for (var l = 0; l < _weights.Length; l++)
        {
            if (IsReadoutLayer(l))
            {
                logit += Dot(_outputWeights.AsSpan(offset, _activations[l].Length), _activations[l]);
                offset += _activations[l].Length;
            }
        }

        return logit;
    }

    /// <summary>Runs the hidden layers and writes the concatenated readout activations into <paramref name="features"/>.</summary>
    public void ReadoutFeatures(ReadOnlySpan<double> x, Span<double> features)
    {
        if (features.Length != ReadoutLength)
        {
            throw new ArgumentException($"features needs {ReadoutLength} values", nameof(features));
        }

        Forward(x);
        var offset = 0;
        if (DirectLink)
        {
            _standardised.CopyTo(features);
            offset = InputLength;
        }

        for (var l = 0; l < _weights.Length; l++)
        {
            if (IsReadoutLayer(l))
            {
                _activations[l].CopyTo(features[offset..]);
                offset += _activations[l].Length;
            }
        }
    }

    public double ScoreWithGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (gradient.Length != InputLength)
        {
            throw new ArgumentException($"gradient needs {InputLength} values", nameof(gradient));
        }

        var score = Sigmoid(Logit(x));
        Backward(score * (1 - score), gradient);
        return score;
    }

    /// <summary>
    /// Given <c>d out / d logit</c> (after a forward pass), fills the per-layer deltas (d out / d pre-activation) and
    /// writes d out / d x into <paramref name="inputGradient"/> (may be empty to skip it).
    /// </summary>
    internal void Backward(double outerGradient, Span<double> inputGradient)
    {
        for (var l = _weights.Length - 1; l >= 0; l--)
        {
            var a = _activations[l];
            var delta = _deltas[l];
            var units = a.Length;
            if (IsReadoutLayer(l))
            {
                var beta = _outputWeights.AsSpan(ReadoutOffset(l), units);
                for (var j = 0; j < units; j++)
                {
                    delta[j] = outerGradient * beta[j];
                }
            }
            else
            {
                delta.AsSpan().Clear();
            }

            if (l + 1 < _weights.Length)
            {
                // d/d a_l from the layer above: W_(l+1)^T delta_(l+1)
                var w = _weights[l + 1];
                var above = _deltas[l + 1];
                for (var k = 0; k < above.Length; k++)
                {
                    var dk = above[k];
                    var row = w.AsSpan(k * units, units);
                    for (var j = 0; j < units; j++)
                    {
                        delta[j] += dk * row[j];
                    }
                }
            }

            for (var j = 0; j < units; j++)
            {
                delta[j] *= ActivationDerivative(a[j]);
            }
        }

        if (inputGradient.IsEmpty)
        {
            return;
        }

        inputGradient.Clear();
        var w0 = _weights[0];
        var d0 = _deltas[0];
        var n = InputLength;
        for (var k = 0; k < d0.Length; k++)
        {
            var dk = d0[k];
            var row = w0.AsSpan(k * n, n);
            for (var i = 0; i < n; i++)
            {
                inputGradient[i] += dk * row[i];
            }
        }

        for (var i = 0; i < n; i++)
        {
            var direct = DirectLink ? outerGradient * _outputWeights[i] : 0;
            inputGradient[i] = (inputGradient[i] + direct) * _invStd[i];
        }
    }

    internal ReadOnlySpan<double> Deltas(int layer) => _deltas[layer];

    private void Forward(ReadOnlySpan<double> x)
    {
        if (x.Length != InputLength)
        {
            throw new ArgumentException($"input has {x.Length} values, network expects {InputLength}", nameof(x));
        }

        for (var i = 0; i < x.Length; i++)
        {
            _standardised[i] = (x[i] - _mean[i]) * _invStd[i];
        }

        ReadOnlySpan<double> input = _standardised;
        for (var l = 0; l < _weights.Length; l++)
        {
            var w = _weights[l];
            var b = _biases[l];
            var a = _activations[l];
            var fanIn = input.Length;
            for (var j = 0; j < a.Length; j++)
            {
                a[j] = Activate(b[j] + Dot(w.AsSpan(j * fanIn, fanIn), input));
            }

            input = a;
        }
    }

    private double Activate(double v) => Activation == HiddenActivation.Tanh ? Math.Tanh(v) : Sigmoid(v);

    private double ActivationDerivative(double a) => Activation == HiddenActivation.Tanh ? 1 - (a * a) : a * (1 - a);

    internal static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
