using FerEdge.Core.Emotions;
using FerEdge.Testing;
using FerEdge.Training.Export;
using FerEdge.Training.Models;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace FerEdge.Training.Tests;

/// <summary>
/// What ONNX Runtime makes of the INT8 QDQ export: the graph it actually runs (dumped after ORT_ENABLE_ALL, the level
/// the app uses) must compute every MatMul with an integer kernel and must not dequantize any weight per call.
/// </summary>
public sealed class QuantizedGraphTests
{
    public static TheoryData<string, WeightQuantization> Cases => new()
    {
        { "tanh-all-direct", WeightQuantization.PerChannel },
        { "sigmoid-last", WeightQuantization.PerChannel },
        { "tanh-all-direct", WeightQuantization.PerTensor },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void QuantizedModel_OptimisedByOnnxRuntime_EveryMatMulIsInteger(string kind, WeightQuantization weights)
    {
        var net = kind == "tanh-all-direct"
            ? RandomizedNetwork.Train(SyntheticData.Small, SyntheticData.Small.Targets(Emotion.Happy), new RandomizedNetworkOptions(2, 64, Seed: 5))
            : RandomizedNetwork.Train(SyntheticData.Small, SyntheticData.Small.Targets(Emotion.Anger),
                new RandomizedNetworkOptions(3, 32, 1e-3, HiddenActivation.Sigmoid, ReadoutSource.LastLayer, Seed: 6, DirectLink: false));
        var expectedMatMuls = net.LayerCount + (net.DirectLink ? 1 : 0);
        for (var l = 0; l < net.LayerCount; l++)
        {
            expectedMatMuls += net.IsReadoutLayer(l) ? 1 : 0;
        }

        var folder = TestPaths.NewScratchFolder("int8-graph");
        var model = Path.Combine(folder, "int8.onnx");
        var optimised = Path.Combine(folder, "int8.optimised.onnx");
        OnnxExporter.Write(model, OnnxExporter.QuantizedScoreModel(net, SyntheticData.Small, weights));
        using (var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, // as the app's sessions
            OptimizedModelFilePath = optimised,
        })
        using (var session = new InferenceSession(model, options))
        {
            Assert.Single(session.InputMetadata);
        }

        var graph = GraphNodes.Read(File.ReadAllBytes(optimised));
        var integer = 0;
        foreach (var (op, inputs) in graph.Nodes)
        {
            Assert.DoesNotContain(op, new[] { "MatMul", "Gemm", "FusedGemm", "FusedMatMul" });
            if (op is "QLinearMatMul" or "MatMulIntegerToFloat")
            {
                integer++;
            }

            if (op == "DequantizeLinear")
            {
                Assert.False(graph.Initializers.Contains(inputs[0]), $"weight {inputs[0]} is dequantized on every call");
            }
        }

        Assert.Equal(expectedMatMuls, integer);
    }

    /// <summary>Op types and inputs of a serialised ModelProto's graph, read straight off the protobuf wire format.</summary>
    private sealed class GraphNodes
    {
        // ModelProto.graph = 7; GraphProto.node = 1, .initializer = 5; NodeProto.input = 1, .op_type = 4; TensorProto.name = 8.
        public List<(string Op, List<string> Inputs)> Nodes { get; } = [];

        public HashSet<string> Initializers { get; } = [];

        public static GraphNodes Read(byte[] model)
        {
            var result = new GraphNodes();
            foreach (var (field, graph) in Fields(ByteString.CopyFrom(model)))
            {
                if (field != 7)
                {
                    continue;
                }

                foreach (var (graphField, item) in Fields(graph))
                {
                    if (graphField == 1)
                    {
                        string op = string.Empty;
                        var inputs = new List<string>();
                        foreach (var (nodeField, value) in Fields(item))
                        {
                            if (nodeField == 1)
                            {
                                inputs.Add(value.ToStringUtf8());
                            }
                            else if (nodeField == 4)
                            {
                                op = value.ToStringUtf8();
                            }
                        }

                        result.Nodes.Add((op, inputs));
                    }
                    else if (graphField == 5)
                    {
                        foreach (var (tensorField, value) in Fields(item))
                        {
                            if (tensorField == 8)
                            {
                                result.Initializers.Add(value.ToStringUtf8());
                            }
                        }
                    }
                }
            }

            Assert.NotEmpty(result.Nodes);
            return result;
        }

        /// <summary>The length-delimited fields of a message (others are skipped).</summary>
        private static List<(int Field, ByteString Value)> Fields(ByteString message)
        {
            var fields = new List<(int, ByteString)>();
            var input = message.CreateCodedInput();
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    fields.Add((WireFormat.GetTagFieldNumber(tag), input.ReadBytes()));
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return fields;
        }
    }
}
