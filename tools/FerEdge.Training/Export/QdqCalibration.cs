using FerEdge.Training.Models;

namespace FerEdge.Training.Export;

/// <summary>
/// Min/max ranges of every tensor an INT8 QDQ export quantizes, measured by running the network on calibration rows:
/// the input of each hidden MatMul, each readout activation, and the OUTPUT of each hidden, readout and direct-link
/// MatMul (the product before the bias, which ONNX Runtime needs quantized to fuse DQ → MatMul → Q into an integer kernel).
/// Immutable once built.
/// </summary>
internal sealed class QdqCalibration
{
    private readonly ActivationRange[] _layerInputs;
    private readonly ActivationRange[] _readoutInputs;
    private readonly ActivationRange[] _hiddenProducts;
    private readonly ActivationRange[] _readoutProducts;
    private ActivationRange _directProduct = new(double.PositiveInfinity, double.NegativeInfinity);

    private QdqCalibration(int layers)
    {
        _layerInputs = Empty(layers);
        _readoutInputs = Empty(layers);
        _hiddenProducts = Empty(layers);
        _readoutProducts = Empty(layers);
    }

    /// <summary>Range of the input of hidden layer <paramref name="layer"/>'s MatMul (layer 0: the standardised features).</summary>
    public ActivationRange LayerInput(int layer) => _layerInputs[layer];

    /// <summary>Range of activation a_l as it enters its readout MatMul.</summary>
    public ActivationRange ReadoutInput(int layer) => _readoutInputs[layer];

    /// <summary>Range of W_l · input (no bias) over all units of layer <paramref name="layer"/>.</summary>
    public ActivationRange HiddenProduct(int layer) => _hiddenProducts[layer];

    /// <summary>Range of β_l · a_l, the readout contribution of layer <paramref name="layer"/>.</summary>
    public ActivationRange ReadoutProduct(int layer) => _readoutProducts[layer];

    /// <summary>Range of β_in · z0, the direct-link contribution (empty when the network has no direct link).</summary>
    public ActivationRange DirectProduct => _directProduct;

    /// <summary>Runs <paramref name="network"/> over every row of <paramref name="calibration"/>; uses the network's scratch buffers.</summary>
    public static QdqCalibration Measure(FeedForwardNetwork network, FeatureSet calibration)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.Dimension != network.InputLength || calibration.Count == 0)
        {
            throw new ArgumentException($"calibration needs at least one row of {network.InputLength} values", nameof(calibration));
        }

        var layers = network.LayerCount;
        var result = new QdqCalibration(layers);
        var widest = 0;
        for (var l = 0; l < layers; l++)
        {
            widest = Math.Max(widest, network.Units(l));
        }

        var product = new double[widest];
        for (var i = 0; i < calibration.Count; i++)
        {
            network.Logit(calibration.Row(i));
            if (network.DirectLink)
            {
                result._directProduct = result._directProduct.Include([Dot(network.OutputWeights[..network.InputLength], network.StandardisedInput)]);
            }

            for (var l = 0; l < layers; l++)
            {
                var input = l == 0 ? network.StandardisedInput : network.Activations(l - 1);
                var units = network.Units(l);
                MatVec(network.Weights(l), input, product.AsSpan(0, units));
                result._layerInputs[l] = result._layerInputs[l].Include(input);
                result._hiddenProducts[l] = result._hiddenProducts[l].Include(product.AsSpan(0, units));

                var activations = network.Activations(l);
                result._readoutInputs[l] = result._readoutInputs[l].Include(activations);
                if (network.IsReadoutLayer(l))
                {
                    var beta = network.OutputWeights.Slice(network.ReadoutOffset(l), units);
                    result._readoutProducts[l] = result._readoutProducts[l].Include([Dot(beta, activations)]);
                }
            }
        }

        return result;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var k = 0; k < a.Length; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    private static void MatVec(ReadOnlySpan<double> rowMajor, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var r = 0; r < y.Length; r++)
        {
            y[r] = Dot(rowMajor.Slice(r * x.Length, x.Length), x);
        }
    }

    private static ActivationRange[] Empty(int count)
    {
        var ranges = new ActivationRange[count];
        Array.Fill(ranges, new ActivationRange(double.PositiveInfinity, double.NegativeInfinity));
        return ranges;
    }
}
