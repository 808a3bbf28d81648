using FerEdge.Core.Emotions;
using FerEdge.Inference;
using FerEdge.Testing;
using FerEdge.Training.Export;
using FerEdge.Training.Models;

namespace FerEdge.Training.Tests;

public sealed class OnnxExportTests
{
    private static readonly Lazy<FeedForwardNetwork> Network = new(() =>
        RandomizedNetwork.Train(SyntheticData.Small, SyntheticData.Small.Targets(Emotion.Happy), new RandomizedNetworkOptions(2, 64, Seed: 5)));

    private static readonly Lazy<FeedForwardNetwork> SigmoidNetwork = new(() =>
        RandomizedNetwork.Train(SyntheticData.Small, SyntheticData.Small.Targets(Emotion.Anger),
            new RandomizedNetworkOptions(3, 32, 1e-3, HiddenActivation.Sigmoid, ReadoutSource.LastLayer, Seed: 6, DirectLink: false)));

    public static TheoryData<string> Kinds => new() { "tanh-all", "sigmoid-last" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FloatModel_OnnxRuntime_EqualsReferenceOnRandomInputs(string kind)
    {
        var net = kind == "tanh-all" ? Network.Value : SigmoidNetwork.Value;
        var path = Write(OnnxExporter.ScoreModel(net), "fp32");
        using var classifier = new EmotionClassifier(path);
        Assert.Equal(net.InputLength, classifier.InputLength);

        var maxDiff = 0.0;
        foreach (var (x, xf) in RandomInputs(net.InputLength, 200))
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(classifier.Score(xf) - net.Score(x)));
        }

        TestContext.Current.SendDiagnosticMessage($"FP32 ONNX vs C# ({kind}): max |diff| = {maxDiff:E2}");
        Assert.InRange(maxDiff, 0, 1e-5);
    }

    [Theory]
    [InlineData(WeightQuantization.PerChannel)]
    [InlineData(WeightQuantization.PerTensor)]
    public void QuantizedModel_OnnxRuntime_CloseToFloatModel(WeightQuantization weights)
    {
        var net = Network.Value;
        using var fp32 = new EmotionClassifier(Write(OnnxExporter.ScoreModel(net), "fp32"));
        using var int8 = new EmotionClassifier(Write(OnnxExporter.QuantizedScoreModel(net, SyntheticData.Small, weights), "int8"));
        var data = SyntheticData.Create(subjects: 6, perEmotion: 2, seed: 99); // unseen subjects
        var row = new float[data.Dimension];
        double maxDiff = 0, sumDiff = 0;
        for (var i = 0; i < data.Count; i++)
        {
            Copy(data.Row(i), row);
            var d = Math.Abs(int8.Score(row) - fp32.Score(row));
            maxDiff = Math.Max(maxDiff, d);
            sumDiff += d;
        }

        TestContext.Current.SendDiagnosticMessage($"INT8 ({weights}) vs FP32 on {data.Count} held-out rows: max |diff| = {maxDiff:F4}, mean = {sumDiff / data.Count:F4}");
        Assert.InRange(maxDiff, 0, 0.05);
    }

    [Theory]
    [InlineData(WeightQuantization.PerChannel)]
    [InlineData(WeightQuantization.PerTensor)]
    public void QuantizedModel_Weights_FitInSevenBits(WeightQuantization weights)
    {
        // Full-range int8 weights overflow the saturating int16 pair sums of x64 CPUs without VNNI, so the INT8 score
        // would depend on the CPU; every quantized weight must stay within +-63.
        var model = global::Onnx.ModelProto.Parser.ParseFrom(OnnxExporter.QuantizedScoreModel(Network.Value, SyntheticData.Small, weights));
        var checkedWeights = 0;
        foreach (var t in model.Graph.Initializer)
        {
            if (t.DataType != (int)global::Onnx.TensorProto.Types.DataType.Int8 || t.Name.Contains("_zp", StringComparison.Ordinal))
            {
                continue; // activations' and weights' zero points
            }

            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(t.RawData.Span);
            var largest = 0;
            foreach (var v in values)
            {
                largest = Math.Max(largest, Math.Abs((int)v));
            }

            Assert.InRange(largest, 1, OnnxExporter.WeightLimit);
            checkedWeights++;
        }

        Assert.True(checkedWeights >= 2, $"expected the weight matrices among the int8 initializers, found {checkedWeights}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void GradientModel_OnnxRuntime_EqualsAnalyticGradient(string kind)
    {
        var net = kind == "tanh-all" ? Network.Value : SigmoidNetwork.Value;
        using var runner = new GradientModelRunner(Write(OnnxExporter.GradientModel(net), "grad"));
        var expected = new double[net.InputLength];
        var actual = new float[net.InputLength];
        var data = SyntheticData.Small;
        var xf = new float[net.InputLength];
        double maxDiff = 0, maxGradient = 0;
        for (var i = 0; i < data.Count; i += 7)
        {
            Copy(data.Row(i), xf);
            var x = Array.ConvertAll(xf, v => (double)v); // the float-rounded input both sides see
            var score = net.ScoreWithGradient(x, expected);
            var onnxScore = runner.Gradient(xf, actual);
            Assert.Equal(score, onnxScore, 1e-5);
            for (var k = 0; k < expected.Length; k++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(actual[k] - expected[k]));
                maxGradient = Math.Max(maxGradient, Math.Abs(expected[k]));
            }
        }

        TestContext.Current.SendDiagnosticMessage($"gradient ONNX vs C# ({kind}): max |diff| = {maxDiff:E2} (max |gradient| {maxGradient:E2})");
        Assert.True(maxGradient > 1e-4, "gradients are all near zero; the comparison would prove nothing");
        Assert.InRange(maxDiff, 0, 1e-4);
    }

    [Fact]
    public void GradientModelRunner_IntegratedGradients_CompleteAndEqualToReference()
    {
        var net = Network.Value;
        using var runner = new GradientModelRunner(Write(OnnxExporter.GradientModel(net), "grad"), steps: 32);
        var baseline = SyntheticData.NeutralBaseline();
        var baselineF = Array.ConvertAll(baseline, v => (float)v);
        var data = SyntheticData.Small;
        var reference = new Explain.IntegratedGradients(net.InputLength, 32);
        var expected = new double[net.InputLength];
        var actual = new float[net.InputLength];
        var xf = new float[net.InputLength];
        var row = Enumerable.Range(0, data.Count).First(i => data.Labels[i] == Emotion.Happy);
        Copy(data.Row(row), xf);

        var delta = runner.IntegratedGradients(xf, baselineF, actual);
        var expectedDelta = reference.Attribute(net, Array.ConvertAll(xf, v => (double)v), baseline, expected);

        Assert.True(Math.Abs(expectedDelta) > 0.1, $"score difference {expectedDelta} too small to test");
        Assert.Equal(expectedDelta, delta, 1e-4);
        Assert.InRange(Math.Abs(actual.Sum() - delta) / Math.Abs(delta), 0, 0.01);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k], 1e-4);
        }
    }

    [Fact]
    public void Score_AfterWarmUp_AllocatesNoManagedMemory()
    {
        var net = Network.Value;
        using var classifier = new EmotionClassifier(Write(OnnxExporter.QuantizedScoreModel(net, SyntheticData.Small), "int8"));
        var x = new float[net.InputLength];
        Copy(SyntheticData.Small.Row(3), x);
        for (var i = 0; i < 20; i++)
        {
            classifier.Score(x);
        }

        Assert.Equal(0, Allocations.Least(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                classifier.Score(x);
            }
        }));
    }

    private static string Write(byte[] model, string name)
    {
        var path = Path.Combine(TestPaths.NewScratchFolder("onnx-export"), name + ".onnx");
        OnnxExporter.Write(path, model);
        return path;
    }

    private static IEnumerable<(double[] X, float[] Xf)> RandomInputs(int length, int count)
    {
        // Around and beyond the training distribution: aligned mean face plus noise of up to ±30 px.
        var random = new Random(42);
        var baseline = SyntheticData.NeutralBaseline();
        for (var n = 0; n < count; n++)
        {
            var xf = new float[length];
            var spread = n % 2 == 0 ? 5.0 : 30.0;
            for (var i = 0; i < length; i++)
            {
                xf[i] = (float)(baseline[i] + (((2 * random.NextDouble()) - 1) * spread));
            }

            yield return (Array.ConvertAll(xf, v => (double)v), xf);
        }
    }

    private static void Copy(ReadOnlySpan<double> from, Span<float> to)
    {
        for (var i = 0; i < from.Length; i++)
        {
            to[i] = (float)from[i];
        }
    }
}
