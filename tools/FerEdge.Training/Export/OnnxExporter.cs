using System.Globalization;
using FerEdge.Training.Models;
using Google.Protobuf;
using Onnx;

namespace FerEdge.Training.Export;

/// <summary>
/// Writes a <see cref="FeedForwardNetwork"/> as ONNX (opset 13). Every model takes <see cref="InputName"/>
/// (float [N, d], raw aligned landmark features) and standardises inside the graph.
/// <list type="bullet">
/// <item>FP32 score model: Sub/Mul, MatMul/Add/Tanh|Sigmoid per layer, MatMul readout, Sigmoid → <see cref="ScoreName"/> [N, 1].</item>
/// <item>INT8 QDQ score model: same graph with int8 weights quantized per output channel (symmetric) and uint8
/// activations (asymmetric, scale/zero-point from the min/max over calibration rows) in QuantizeLinear/DequantizeLinear
/// pairs in front of every MatMul. The product of every hidden, readout and direct-link MatMul is quantized too (its own calibrated
/// range), with the bias Add, activation and logit sum following in float after a DequantizeLinear: ONNX Runtime
/// fuses only DQ → MatMul ← DQ → Q into an integer kernel (QLinearMatMul); a float Add right after the MatMul is
/// fused into a float Gemm first, leaving the per-channel weight DequantizeLinear to run on every call.</item>
/// <item>Gradient model: the forward pass plus an explicit backward pass built from the same ops, giving
/// <see cref="GradientName"/> = d score / d input [N, d] (and the score), so a runtime can compute Integrated
/// Gradients over a batch of interpolation points with ONNX Runtime alone.</item>
/// </list>
/// Static; the network's scratch buffers are used (for INT8 calibration), so do not export a network that another
/// thread is scoring.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "features";
    public const string ScoreName = "score";
    public const string GradientName = "gradient";

    /// <summary>Serialised FP32 score model.</summary>
    public static byte[] ScoreModel(FeedForwardNetwork network) => Build(network, quantization: null, gradient: false).ToByteArray();

    /// <summary>Serialised INT8 QDQ score model calibrated on the rows of <paramref name="calibration"/>.</summary>
    public static byte[] QuantizedScoreModel(FeedForwardNetwork network, FeatureSet calibration,
        WeightQuantization weights = WeightQuantization.PerChannel)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(calibration);
        return Build(network, new Quantization(QdqCalibration.Measure(network, calibration), weights == WeightQuantization.PerTensor), gradient: false).ToByteArray();
    }

    /// <summary>Serialised FP32 gradient model (outputs <see cref="GradientName"/> and <see cref="ScoreName"/>).</summary>
    public static byte[] GradientModel(FeedForwardNetwork network) => Build(network, quantization: null, gradient: true).ToByteArray();

    /// <summary>Writes <paramref name="model"/> bytes to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, byte[] model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllBytes(path, model);
    }

    private static ModelProto Build(FeedForwardNetwork network, Quantization? quantization, bool gradient)
    {
        ArgumentNullException.ThrowIfNull(network);
        var kind = gradient ? "gradient" : quantization is null ? "score-fp32" : quantization.PerTensor ? "score-int8-qdq-per-tensor" : "score-int8-qdq";
        var g = new OnnxGraphBuilder("feredge_" + kind.Replace('-', '_'));
        var d = network.InputLength;
        g.Input(InputName, d);

        var z0 = g.Node("Mul", "z0", g.Node("Sub", "centred", InputName, g.Float("mean", ToFloat(network.Mean), d)),
            g.Float("inv_std", ToFloat(network.InverseStd), d));

        var activations = new string[network.LayerCount];
        var input = z0;
        string? logit = null;
        if (network.DirectLink)
        {
            var betaIn = ToFloat(network.OutputWeights[..d]);
            var directInput = quantization is null ? z0 : quantization.Shared(g, z0, quantization.Ranges.LayerInput(0), "z0");
            logit = g.Node("MatMul", "direct", directInput,
                quantization is null ? g.Float("beta_in", betaIn, d, 1) : QuantizedWeights(g, "beta_in", betaIn, d, 1, quantization.PerTensor));
            if (quantization is not null)
            {
                logit = QuantizeActivation(g, logit, quantization.Ranges.DirectProduct, "direct_out");
            }
        }

        for (var l = 0; l < network.LayerCount; l++)
        {
            var units = network.Units(l);
            var fanIn = network.FanIn(l);
            var matmulInput = quantization is null ? input : quantization.Shared(g, input, quantization.Ranges.LayerInput(l), l == 0 ? "z0" : $"a{l - 1}");
            var weights = quantization is null
                ? g.Float($"w{l}t", Transpose(network.Weights(l), units, fanIn), fanIn, units)
                : QuantizedWeights(g, $"w{l}t", Transpose(network.Weights(l), units, fanIn), fanIn, units, quantization.PerTensor);
            var product = g.Node("MatMul", $"mm{l}", matmulInput, weights);
            if (quantization is not null)
            {
                product = QuantizeActivation(g, product, quantization.Ranges.HiddenProduct(l), $"mm{l}_out");
            }

            var pre = g.Node("Add", $"pre{l}", product, g.Float($"b{l}", ToFloat(network.Biases(l)), units));
            input = activations[l] = g.Node(network.Activation == HiddenActivation.Tanh ? "Tanh" : "Sigmoid", $"a{l}", pre);

            if (network.IsReadoutLayer(l))
            {
                var beta = ToFloat(network.OutputWeights.Slice(network.ReadoutOffset(l), units));
                var readoutInput = quantization is null ? input : quantization.Shared(g, input, quantization.Ranges.ReadoutInput(l), $"a{l}");
                var betaName = quantization is null ? g.Float($"beta{l}", beta, units, 1) : QuantizedWeights(g, $"beta{l}", beta, units, 1, quantization.PerTensor);
                var part = g.Node("MatMul", $"readout{l}", readoutInput, betaName);
                if (quantization is not null)
                {
                    part = QuantizeActivation(g, part, quantization.Ranges.ReadoutProduct(l), $"readout{l}_out");
                }

                logit = logit is null ? part : g.Node("Add", $"logit_sum{l}", logit, part);
            }
        }

        logit = g.Node("Add", "logit", logit!, g.Scalar("beta0", (float)network.OutputBias));
        var score = g.Node("Sigmoid", "score", logit);
        g.Output(ScoreName, score, 1);
        if (gradient)
        {
            g.Output(GradientName, Backward(g, network, activations, score), d);
        }

        return g.Build(new Dictionary<string, string>
        {
            ["feredge.kind"] = kind,
            ["feredge.input_length"] = d.ToString(CultureInfo.InvariantCulture),
            ["feredge.layers"] = network.LayerCount.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static string Backward(OnnxGraphBuilder g, FeedForwardNetwork network, string[] activations, string score)
    {
        var one = g.Scalar("one", 1f);
        var dScore = g.Node("Mul", "dscore", score, g.Node("Sub", "one_minus_score", one, score)); // [N, 1]
        string? deltaAbove = null;
        for (var l = network.LayerCount - 1; l >= 0; l--)
        {
            var units = network.Units(l);
            string? dA = null;
            if (network.IsReadoutLayer(l))
            {
                var betaRow = ToFloat(network.OutputWeights.Slice(network.ReadoutOffset(l), units));
                dA = g.Node("MatMul", $"da{l}_readout", dScore, g.Float($"beta{l}_row", betaRow, 1, units));
            }

            if (deltaAbove is not null)
            {
                // W_(l+1) is [units_(l+1), units_l]: delta_(l+1) [N, units_(l+1)] x W = d a_l.
                var w = g.Float($"w{l + 1}", ToFloat(network.Weights(l + 1)), network.Units(l + 1), units);
                var fromAbove = g.Node("MatMul", $"da{l}_above", deltaAbove, w);
                dA = dA is null ? fromAbove : g.Node("Add", $"da{l}", dA, fromAbove);
            }

            var a = activations[l];
            var derivative = network.Activation == HiddenActivation.Tanh
                ? g.Node("Sub", $"dtanh{l}", one, g.Node("Mul", $"a{l}_sq", a, a))
                : g.Node("Mul", $"dsig{l}", a, g.Node("Sub", $"one_minus_a{l}", one, a));
            deltaAbove = g.Node("Mul", $"delta{l}", dA!, derivative);
        }

        var w0 = g.Float("w0", ToFloat(network.Weights(0)), network.Units(0), network.InputLength);
        var dz0 = g.Node("MatMul", "dz0", deltaAbove!, w0);
        if (network.DirectLink)
        {
            var betaIn = ToFloat(network.OutputWeights[..network.InputLength]);
            dz0 = g.Node("Add", "dz0_total", dz0, g.Node("MatMul", "dz0_direct", dScore, g.Float("beta_in_row", betaIn, 1, network.InputLength)));
        }

        return g.Node("Mul", "dx", dz0, g.Float("inv_std_grad", ToFloat(network.InverseStd), network.InputLength));
    }

    private static string QuantizeActivation(OnnxGraphBuilder g, string value, ActivationRange range, string hint)
    {
        // uint8 asymmetric: the range is widened to include 0 so zero is exact (ONNX Runtime requires it).
        var min = Math.Min(0, range.Min);
        var max = Math.Max(0, range.Max);
        var scale = max > min ? (float)((max - min) / 255.0) : 1f;
        var zeroPoint = (byte)Math.Clamp(Math.Round(-min / scale), 0, 255);
        var scaleName = g.Scalar($"{hint}_scale", scale);
        var zpName = g.UInt8($"{hint}_zp", zeroPoint);
        var q = g.Node("QuantizeLinear", $"{hint}_q", value, scaleName, zpName);
        return g.Node("DequantizeLinear", $"{hint}_dq", q, scaleName, zpName);
    }

    /// <summary>Largest magnitude of a quantized weight (7 bits; see <see cref="QuantizedWeights"/>).</summary>
    public const int WeightLimit = 63;

    private static string QuantizedWeights(OnnxGraphBuilder g, string hint, float[] weights, int rows, int columns, bool perTensor)
    {
        // int8 symmetric per output channel (a column of the [in, out] matrix), or one scale for the whole matrix;
        // zero points are 0. Weights use 7 bits (|q| <= WeightLimit): x64 CPUs without VNNI multiply uint8 activations
        // by int8 weights with an instruction that adds two products in a saturating int16, and 255 * 127 * 2 overflows
        // it, so full-range weights give results that depend on the CPU; 255 * 63 * 2 does not.
        var scales = new float[columns];
        float maxAll = 0;
        for (var j = 0; j < columns; j++)
        {
            float maxAbs = 0;
            for (var i = 0; i < rows; i++)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(weights[(i * columns) + j]));
            }

            scales[j] = maxAbs > 0 ? maxAbs / WeightLimit : 1f;
            maxAll = Math.Max(maxAll, maxAbs);
        }

        if (perTensor)
        {
            Array.Fill(scales, maxAll > 0 ? maxAll / WeightLimit : 1f);
        }

        var q = new sbyte[weights.Length];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                q[(i * columns) + j] = (sbyte)Math.Clamp(Math.Round(weights[(i * columns) + j] / scales[j]), -WeightLimit, WeightLimit);
            }
        }

        var data = g.Int8(hint + "_q", q, rows, columns);
        if (perTensor)
        {
            return g.Node("DequantizeLinear", hint + "_dq", data, g.Scalar(hint + "_scale", scales[0]), g.Int8(hint + "_zp", [(sbyte)0]));
        }

        var scaleName = g.Float(hint + "_scale", scales, columns);
        var zp = g.Int8(hint + "_zp", new sbyte[columns], columns);
        return g.NodeWithAttribute("DequantizeLinear", hint + "_dq", OnnxGraphBuilder.IntAttribute("axis", 1), data, scaleName, zp);
    }

    private static float[] ToFloat(ReadOnlySpan<double> values)
    {
        var f = new float[values.Length];
        for (var i = 0; i < f.Length; i++)
        {
            f[i] = (float)values[i];
        }

        return f;
    }

    private static float[] Transpose(ReadOnlySpan<double> rowMajor, int rows, int columns)
    {
        var t = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                t[(c * rows) + r] = (float)rowMajor[(r * columns) + c];
            }
        }

        return t;
    }

    private sealed class Quantization(QdqCalibration ranges, bool perTensor)
    {
        // Activation → its DequantizeLinear output, so a tensor read by two MatMuls (z0 by the direct link and layer 0,
        // a_l by its readout and layer l+1) is quantized once: one QuantizeLinear less per call for each.
        private readonly Dictionary<(string Value, ActivationRange Range), string> _shared = [];

        public QdqCalibration Ranges { get; } = ranges;

        public bool PerTensor { get; } = perTensor;

        public string Shared(OnnxGraphBuilder g, string value, ActivationRange range, string hint)
        {
            if (!_shared.TryGetValue((value, range), out var dq))
            {
                dq = QuantizeActivation(g, value, range, hint);
                _shared.Add((value, range), dq);
            }

            return dq;
        }
    }
}
